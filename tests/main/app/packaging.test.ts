import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';

/** Each fuse as electron-builder's option names it (the enum member's name, in lowerCamelCase). */
const builderName = (fuse: string) => fuse[0]!.toLowerCase() + fuse.slice(1);

/** What every fuse must be in a shipped build. */
const WANTED: Partial<Record<keyof typeof FuseV1Options, boolean>> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};
/** Fuses electron-builder cannot set; each stays at Electron's default, which is what we want. */
const LEFT_AT_DEFAULT = ['WasmTrapHandlers'];

describe('the packaging configuration', () => {
  it('packs the app into an asar archive', () => {
    expect(config.asar).toBe(true);
  });

  it('sets every fuse', () => {
    const fuses = Object.keys(FuseV1Options).filter((name) => Number.isNaN(Number(name)));
    expect([...Object.keys(WANTED), ...LEFT_AT_DEFAULT].sort()).toEqual([...fuses].sort());
    expect(config.electronFuses).toEqual(
      Object.fromEntries(Object.entries(WANTED).map(([fuse, on]) => [builderName(fuse), on])),
    );
  });

  it('builds the installers the issue names, and publishes nowhere (clinic-managed updates)', () => {
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.publish).toBeNull();
  });

  it('is never run by npm install: no install script of ours, nothing downloaded', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(pkg.scripts[hook]).toBeUndefined();
    expect(Object.values(pkg.scripts).join('\n')).not.toMatch(/install-app-deps/);
  });
});

/** The unpacked app electron-builder leaves in dist/ for this platform, if one was packaged. */
function packagedApp(): string | null {
  const candidates = {
    linux: join('dist', 'linux-unpacked', config.linux!.executableName!),
    win32: join('dist', 'win-unpacked', `${config.productName}.exe`),
    darwin: join('dist', process.arch === 'arm64' ? 'mac-arm64' : 'mac', `${config.productName}.app`),
  } as Partial<Record<NodeJS.Platform, string>>;
  const path = candidates[process.platform];
  return path && existsSync(path) ? path : null;
}

describe.skipIf(!packagedApp())('a packaged build (npm run package)', () => {
  it('carries the configured fuses in its binary', async () => {
    const wire = await getCurrentFuseWire(packagedApp()!);
    for (const [fuse, on] of Object.entries(WANTED)) {
      expect([fuse, wire[FuseV1Options[fuse as keyof typeof FuseV1Options]]]).toEqual([
        fuse,
        on ? FuseState.ENABLE : FuseState.DISABLE,
      ]);
    }
  });
});
