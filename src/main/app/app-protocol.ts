import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, isAppUrl } from './policy';
import { APP_SCHEME, BUILT_RENDERER_URL, resolveRendererFile } from './renderer-files';

/**
 * The built renderer is served from app://renderer rather than file://: a page of its own origin
 * that can read no other local file, with its CSP sent as a response header (where
 * `frame-ancestors` applies, unlike in the page's meta tag).
 */

/** Must run before the app is ready: a scheme registered later gets none of these privileges. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // Standard (an origin, relative URLs, storage), secure (a secure context, like https) and
    // fetch. Not corsEnabled: no other origin may read from it. codeCache: V8 keeps the compiled
    // bundle between starts, so the window does not parse half a megabyte again before it paints.
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveRenderer(session: Session, rendererDir: string): void {
  const notFound = () => new Response(null, { status: 404 });
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' || !isAppUrl(request.url, { url: BUILT_RENDERER_URL })) return notFound();
    const file = await resolveRendererFile(rendererDir, new URL(request.url).pathname);
    if (!file) return notFound();
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = new Uint8Array(await readFile(file.path));
    } catch {
      return notFound();
    }
    return new Response(body, {
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
