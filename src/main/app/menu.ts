import type { MenuItemConstructorOptions } from 'electron';

/**
 * The app's own menu, in place of Electron's default one (which offers DevTools and reload in any
 * build). Electron's roles give the items their usual shortcuts and labels. The edit menu keeps
 * copy and paste working (on macOS the shortcuts exist only through it); the view menu, with
 * reload and DevTools, is there only in development.
 */
export function applicationMenu(options: {
  platform: NodeJS.Platform;
  developerTools: boolean;
}): MenuItemConstructorOptions[] {
  return [
    ...(options.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'editMenu' },
    ...(options.developerTools ? [{ role: 'viewMenu' } as const] : []),
    { role: 'windowMenu' },
  ];
}
