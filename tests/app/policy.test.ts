import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  isAppUrl,
  isTrustedSender,
  isVettedExternalUrl,
} from '../../src/main/app/policy';

const built = { url: 'file:///opt/app/resources/app/out/renderer/index.html' };
const dev = { url: 'http://localhost:5173' };

describe('the window stays on our renderer', () => {
  it.each([
    [built, 'file:///opt/app/resources/app/out/renderer/index.html', true],
    [built, 'file:///opt/app/resources/app/out/renderer/index.html#/patient/1', true],
    [built, 'file:///etc/passwd', false],
    [built, 'file://evil.example/opt/app/resources/app/out/renderer/index.html', false],
    [built, 'file:///opt/app/resources/app/out/renderer/other.html', false],
    [built, 'https://evil.example/', false],
    [dev, 'http://localhost:5173/src/main.tsx', true],
    [dev, 'http://localhost:5174/', false],
    [dev, 'http://localhost.evil.example:5173/', false],
    [built, 'not a url', false],
  ])('%j: %s -> %s', (renderer, url, expected) => {
    expect(isAppUrl(url, renderer)).toBe(expected);
  });
});

describe('IPC answers only our main frame', () => {
  const ok = { frameUrl: built.url, isMainFrame: true, fromOurWindow: true };
  it('accepts our window main frame showing our renderer', () => {
    expect(isTrustedSender(ok, built)).toBe(true);
  });
  it.each([
    ['a child frame', { ...ok, isMainFrame: false }],
    ['another webContents', { ...ok, fromOurWindow: false }],
    ['a foreign page in our window', { ...ok, frameUrl: 'https://evil.example/' }],
    ['a frame without a URL', { ...ok, frameUrl: undefined }],
  ])('refuses %s', (_label, sender) => {
    expect(isTrustedSender(sender, built)).toBe(false);
  });
});

describe('external links', () => {
  it.each([
    ['https://www.helsenorge.no/psykisk-helse/', true],
    ['http://www.helsenorge.no/', false],
    ['https://helsenorge.no.evil.example/', false],
    ['https://user@www.helsenorge.no/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['ms-settings:privacy', false],
  ])('%s -> %s', (url, expected) => {
    expect(isVettedExternalUrl(url)).toBe(expected);
  });
});

describe('content security policy', () => {
  it('allows only our own scripts, styles and connections, and no plugins or framing', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('content security policy under the dev server', () => {
  it('lets the dev server run inline preamble and hot reload, only when a dev server is given', () => {
    const dev = contentSecurityPolicy('http://localhost:5173/');
    expect(dev).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(dev).toMatch(/connect-src 'self' ws:\/\/localhost:5173/);
    expect(contentSecurityPolicy()).toBe(CONTENT_SECURITY_POLICY);
  });

  const built = join(process.cwd(), 'out', 'renderer', 'index.html');
  it.skipIf(!existsSync(built))('is the policy the built page carries in its meta tag', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(
      readFileSync(built, 'utf8'),
    );
    expect(meta?.[1]?.replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY);
  });
});
