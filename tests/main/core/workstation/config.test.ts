import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_FILE, SettingsError, resolvePortal } from '../../../../src/main/core/config';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const settings = (content: string) => writeFileSync(join(dir, SETTINGS_FILE), content);

describe('which portal the workstation uses', () => {
  it('runs the embedded demo portal when nothing is configured', () => {
    expect(resolvePortal(dir, {})).toEqual({ kind: 'embedded-demo' });
  });

  it('takes the settings file, reduced to the origin', () => {
    settings(JSON.stringify({ portalUrl: 'https://portal.helse-vest.no/app/' }));
    expect(resolvePortal(dir, {})).toEqual({
      kind: 'configured',
      origin: 'https://portal.helse-vest.no',
      source: 'settings',
    });
  });

  it('lets PORTAL_URL override the settings file', () => {
    settings(JSON.stringify({ portalUrl: 'https://portal.helse-vest.no' }));
    expect(resolvePortal(dir, { PORTAL_URL: 'http://127.0.0.1:4000' })).toEqual({
      kind: 'configured',
      origin: 'http://127.0.0.1:4000',
      source: 'env',
    });
  });

  it.each([
    ['not JSON', '{ portalUrl: ', /not valid JSON/],
    ['an unknown key', JSON.stringify({ portal: 'https://x.no' }), /not valid/],
    ['plain http to another machine', JSON.stringify({ portalUrl: 'http://portal.example.no' }), /https/],
    ['not a URL', JSON.stringify({ portalUrl: 'portal' }), /not valid/],
    [
      'a relative templates folder',
      JSON.stringify({ templatesDir: 'maler' }),
      /templatesDir: must be an absolute path/,
    ],
  ])('refuses a settings file with %s, naming the file', (_what, content, message) => {
    settings(content);
    expect(() => resolvePortal(dir, {})).toThrow(SettingsError);
    expect(() => resolvePortal(dir, {})).toThrow(message);
    expect(() => resolvePortal(dir, {})).toThrow(SETTINGS_FILE);
  });

  it('refuses a bad PORTAL_URL', () => {
    expect(() => resolvePortal(dir, { PORTAL_URL: 'ftp://portal.example.no' })).toThrow(/PORTAL_URL/);
  });
});
