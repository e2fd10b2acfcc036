import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, launchOptions } from '../../../src/main/app/launch-options';

const everySwitch = {
  ELECTRON_RENDERER_URL: 'http://localhost:5173/',
  PORTAL_URL: 'https://portal.example-clinic.no',
  MESTRING_USER_DATA_DIR: '/tmp/mestring-profile',
};

describe('a packaged app honours no development switch', () => {
  it('loads its own files, takes its portal from settings.json and keeps its data where it belongs', () => {
    expect(launchOptions({ ...everySwitch, HOME: '/home/t' }, true)).toEqual({
      devServer: null,
      userDataDir: null,
      coreEnv: {},
      ignored: ['ELECTRON_RENDERER_URL', 'PORTAL_URL', 'MESTRING_USER_DATA_DIR'],
    });
  });
  it('ignores an attacker-chosen dev server, which would get the trusted origin and a loose CSP', () => {
    expect(launchOptions({ ELECTRON_RENDERER_URL: 'http://attacker.example/' }, true).devServer).toBeNull();
  });
  it('has nothing to warn about when no switch is set', () => {
    expect(launchOptions({ PORTAL_URL: '  ' }, true).ignored).toEqual([]);
  });
});

describe('a development run', () => {
  it('honours every switch', () => {
    expect(launchOptions(everySwitch, false)).toEqual({
      devServer: 'http://localhost:5173/',
      userDataDir: '/tmp/mestring-profile',
      coreEnv: { PORTAL_URL: 'https://portal.example-clinic.no' },
      ignored: [],
    });
  });
  it('takes a dev server only on loopback', () => {
    const options = launchOptions({ ELECTRON_RENDERER_URL: 'http://attacker.example:5173/' }, false);
    expect(options.devServer).toBeNull();
    expect(options.ignored).toEqual(['ELECTRON_RENDERER_URL']);
  });
  it('takes a profile directory only as an absolute path', () => {
    const options = launchOptions({ MESTRING_USER_DATA_DIR: 'relative/profile' }, false);
    expect(options.userDataDir).toBeNull();
    expect(options.ignored).toEqual(['MESTRING_USER_DATA_DIR']);
  });
  it('passes an empty PORTAL_URL on (it means the embedded demo portal) and nothing else', () => {
    expect(launchOptions({ PORTAL_URL: '', SECRET: 'x' }, false).coreEnv).toEqual({ PORTAL_URL: '' });
    expect(launchOptions({}, false).coreEnv).toEqual({});
  });
});

describe('loopback URLs', () => {
  it.each([
    ['http://localhost:5173/', true],
    ['http://127.0.0.1:5173/', true],
    ['http://127.1:5173/', true],
    ['https://[::1]:5173/', true],
    ['http://localhost.attacker.example/', false],
    ['http://127.0.0.1.attacker.example/', false],
    ['http://attacker.example/', false],
    ['http://user:pw@localhost:5173/', false],
    ['http://10.0.0.1:5173/', false],
    ['file:///tmp/index.html', false],
    ['ws://localhost:5173/', false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});
