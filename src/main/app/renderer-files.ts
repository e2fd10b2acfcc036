import { realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/** The built renderer's own origin: app://renderer, a standard, secure scheme of ours. */
export const APP_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const BUILT_RENDERER_URL = `${APP_SCHEME}://${RENDERER_HOST}/index.html`;

/**
 * Which file of the built renderer (out/renderer) answers a request, for the app:// protocol
 * (app-protocol.ts) and the test host alike. Nothing outside the renderer's folder is ever served:
 * not through `..`, an encoded slash or backslash, an absolute or drive path, nor a symlink that
 * points out of the folder.
 */

/**
 * The types the renderer ships; no other file is served. Module scripts need the JavaScript type:
 * Chromium refuses to run one served without it.
 */
export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The path segments a URL path names inside the renderer folder, or null when it could name
 * anything else. Takes the path as it appears in a URL (percent-encoded); `/` is the page itself.
 */
export function rendererPathSegments(urlPath: string): string[] | null {
  if (!urlPath.startsWith('/')) return null;
  const raw = urlPath === '/' ? ['index.html'] : urlPath.slice(1).split('/');
  let segments: string[];
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return null; // a malformed escape
  }
  const safe = segments.every(
    // Empty (`//etc`), dot segments, and anything a file system reads as a separator, a drive
    // (`C:`), an NTFS stream (`file:stream`) or the end of the string.
    (segment) => segment !== '' && segment !== '.' && segment !== '..' && !/[/\\:\0]/.test(segment),
  );
  if (!safe) return null;
  return Object.hasOwn(RENDERER_CONTENT_TYPES, extname(segments.at(-1)!)) ? segments : null;
}

export interface RendererFile {
  /** The real path of the file, inside the renderer folder. */
  path: string;
  contentType: string;
}

/**
 * The file a URL path names inside `root`, or null when there is none there. The real path of
 * both is compared, so a symlink inside the folder that leads out of it is refused too.
 */
export async function resolveRendererFile(root: string, urlPath: string): Promise<RendererFile | null> {
  const segments = rendererPathSegments(urlPath);
  if (!segments) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(join(root, ...segments))]);
    const contentType = RENDERER_CONTENT_TYPES[extname(realFile)];
    if (!realFile.startsWith(realRoot + sep) || !contentType) return null;
    return { path: realFile, contentType };
  } catch {
    return null; // no such file
  }
}
