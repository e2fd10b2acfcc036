import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  metaContentSecurityPolicy,
  isAppUrl,
  ipcSenderOf,
  isTrustedSender,
  vettedExternalUrl,
} from '../../../src/main/app/policy';
import { BUILT_RENDERER_URL } from '../../../src/main/app/renderer-files';

const built = { url: BUILT_RENDERER_URL };
const dev = { url: 'http://localhost:5173' };

describe('the window stays on our renderer', () => {
  it.each([
    [built, 'app://renderer/index.html', true],
    [built, 'app://renderer/index.html#/patient/1', true],
    [built, 'app://renderer/assets/index-abc.js', true],
    [built, 'app://other/index.html', false],
    [built, 'app://renderer.evil.example/index.html', false],
    [built, 'app://renderer:8080/index.html', false],
    // Under Node's URL parser both of these have the opaque origin "null", like ours.
    [built, 'evil://renderer/index.html', false],
    [built, 'app:renderer/index.html', false],
    [built, 'file:///opt/app/resources/app/out/renderer/index.html', false],
    [built, 'https://evil.example/', false],
    [dev, 'http://localhost:5173/src/main.tsx', true],
    [dev, 'http://localhost:5174/', false],
    [dev, 'https://localhost:5173/', false],
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

describe('the sender check reads an IPC event', () => {
  const mainFrame = { url: built.url };
  const webContents = { mainFrame };
  const ourWindow = { isDestroyed: () => false, webContents };

  it('takes our window main frame for what it is', () => {
    expect(ipcSenderOf({ sender: webContents, senderFrame: mainFrame }, ourWindow)).toEqual({
      frameUrl: built.url,
      isMainFrame: true,
      fromOurWindow: true,
    });
  });
  it('tells a subframe of our window from its main frame', () => {
    const subframe = { url: built.url };
    const sender = ipcSenderOf({ sender: webContents, senderFrame: subframe }, ourWindow);
    expect(sender.isMainFrame).toBe(false);
    expect(isTrustedSender(sender, built)).toBe(false);
  });
  it('tells another window from ours, even showing our renderer', () => {
    const other = { mainFrame: { url: built.url } };
    const sender = ipcSenderOf({ sender: other, senderFrame: other.mainFrame }, ourWindow);
    expect(sender).toMatchObject({ fromOurWindow: false, isMainFrame: false });
    expect(isTrustedSender(sender, built)).toBe(false);
  });
  it('refuses a message whose frame is gone (navigated or destroyed)', () => {
    const sender = ipcSenderOf({ sender: webContents, senderFrame: null }, ourWindow);
    expect(sender).toMatchObject({ frameUrl: undefined, isMainFrame: false });
    expect(isTrustedSender(sender, built)).toBe(false);
  });
  it('does not touch a destroyed window, and refuses the message', () => {
    const destroyed = {
      isDestroyed: () => true,
      get webContents(): typeof webContents {
        throw new TypeError('Object has been destroyed');
      },
    };
    const sender = ipcSenderOf({ sender: webContents, senderFrame: mainFrame }, destroyed);
    expect(isTrustedSender(sender, built)).toBe(false);
  });
});

describe('external links', () => {
  it.each([
    ['https://www.helsenorge.no/psykisk-helse/', 'https://www.helsenorge.no/psykisk-helse/'],
    ['HTTPS://WWW.Helsenorge.NO:443/a/../psykisk-helse', 'https://www.helsenorge.no/psykisk-helse'],
    ['http://www.helsenorge.no/', null],
    ['https://helsenorge.no.evil.example/', null],
    ['https://user@www.helsenorge.no/', null],
    ['https://:secret@www.helsenorge.no/', null],
    ['https://www.helsenorge.no:8443/', null],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['ms-settings:privacy', null],
    ['not a url', null],
  ])('%s -> %s', (url, expected) => {
    expect(vettedExternalUrl(url)).toBe(expected);
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
});

describe('content security policy in the page meta tag', () => {
  it('is the header policy without frame-ancestors, which a meta tag cannot carry', () => {
    const meta = metaContentSecurityPolicy();
    expect(meta).not.toMatch(/frame-ancestors/);
    expect(CONTENT_SECURITY_POLICY).toBe(`${meta}; frame-ancestors 'none'`);
    expect(metaContentSecurityPolicy('http://localhost:5173/')).toBe(
      contentSecurityPolicy('http://localhost:5173/').replace("; frame-ancestors 'none'", ''),
    );
  });

  const built = join(process.cwd(), 'out', 'renderer', 'index.html');
  it.skipIf(!existsSync(built))('is the policy the built page carries in its meta tag', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(
      readFileSync(built, 'utf8'),
    );
    expect(meta?.[1]?.replaceAll('&#39;', "'")).toBe(metaContentSecurityPolicy());
  });
});
