import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { applicationMenu } from '../../../src/main/app/menu';

const roles = (menu: MenuItemConstructorOptions[]) => menu.map((item) => item.role);

describe('the application menu', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'of a shipped build on %s offers editing but no reload or DevTools',
    (platform) => {
      const menu = applicationMenu({ platform, developerTools: false });
      expect(roles(menu)).toContain('editMenu');
      expect(roles(menu)).not.toContain('viewMenu');
      expect(JSON.stringify(menu)).not.toMatch(/toggleDevTools|reload/i);
    },
  );
  it('has the macOS app menu only on macOS', () => {
    expect(roles(applicationMenu({ platform: 'darwin', developerTools: false }))[0]).toBe('appMenu');
    expect(roles(applicationMenu({ platform: 'linux', developerTools: false }))).not.toContain('appMenu');
  });
  it('offers reload and DevTools in development', () => {
    expect(roles(applicationMenu({ platform: 'linux', developerTools: true }))).toContain('viewMenu');
  });
});
