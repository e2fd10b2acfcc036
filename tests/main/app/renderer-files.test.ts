import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererPathSegments, resolveRendererFile } from '../../../src/main/app/renderer-files';

describe('a URL path names a file inside the renderer folder, or nothing', () => {
  it.each([
    ['/', ['index.html']],
    ['/index.html', ['index.html']],
    ['/assets/index-DlX9ROGX.js', ['assets', 'index-DlX9ROGX.js']],
    ['/assets/my%20font.woff2', ['assets', 'my font.woff2']],
  ])('%s -> %j', (path, segments) => {
    expect(rendererPathSegments(path)).toEqual(segments);
  });

  it.each([
    ['a parent segment', '/../secret.json'],
    ['a parent segment further in', '/assets/../../secret.json'],
    ['an encoded parent segment', '/%2e%2e/secret.json'],
    ['an encoded slash', '/..%2F..%2Fetc%2Fpasswd.json'],
    ['an encoded backslash', '/..%5C..%5Csecret.json'],
    ['a backslash', '/..\\secret.json'],
    ['an absolute path after an empty segment', '//etc/passwd.json'],
    ['an encoded absolute path', '/%2Fetc%2Fpasswd.json'],
    ['a Windows drive', '/C:/Windows/win.ini.json'],
    ['an NTFS stream', '/index.html:secret.json'],
    ['a NUL byte', '/index.html%00.js'],
    ['a malformed escape', '/%E0%A4%A.js'],
    ['a relative path', 'index.html'],
    ['a type the renderer does not ship', '/keys.pem'],
    ['no type at all', '/assets'],
  ])('refuses %s: %s', (_label, path) => {
    expect(rendererPathSegments(path)).toBeNull();
  });
});

describe('resolving against the real folder', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    // base/renderer is served; base/secret.json is beside it, outside.
    base = await realpath(await mkdtemp(join(tmpdir(), 'renderer-files-')));
    root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'app.js'), 'export {};');
    await writeFile(join(base, 'secret.json'), '{"secret":true}');
    await writeFile(join(base, 'secret.txt'), 'secret');
    await symlink(join(base, 'secret.json'), join(root, 'escape.json'));
    await symlink(base, join(root, 'outside'));
    await symlink(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
    await symlink(join(base, 'secret.txt'), join(root, 'assets', 'looks-like.js'));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it('finds the page and its module script, with the types a browser needs', async () => {
    expect(await resolveRendererFile(root, '/')).toEqual({
      path: join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(await resolveRendererFile(root, '/assets/app.js')).toEqual({
      path: join(root, 'assets', 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('follows a symlink that stays inside the folder', async () => {
    expect((await resolveRendererFile(root, '/alias.js'))?.path).toBe(join(root, 'assets', 'app.js'));
  });

  it.each([
    ['a symlink to a file outside', '/escape.json'],
    ['a symlinked folder outside', '/outside/secret.json'],
    ['a symlink named like a script, to a file of another type', '/assets/looks-like.js'],
    ['a parent segment', '/../secret.json'],
    ['an encoded parent segment', '/%2e%2e/secret.json'],
    ['an encoded slash', '/..%2Fsecret.json'],
    ['a file that does not exist', '/assets/missing.js'],
  ])('refuses %s', async (_label, path) => {
    expect(await resolveRendererFile(root, path)).toBeNull();
  });

  it('refuses the absolute path of a file outside', async () => {
    expect(await resolveRendererFile(root, encodeURI(join(base, 'secret.json')))).toBeNull();
  });
});
