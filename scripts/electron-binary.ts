/**
 * What `npm start` and `npm run dev` do about the Electron binary before electron-vite runs.
 * Electron 45 no longer downloads it at install time, and electron-vite only reads the path the
 * download leaves behind (node_modules/electron/path.txt), so without this a fresh clone stops at
 * "Electron uninstall".
 */

export interface ElectronBinaryFacts {
  /** The electron package's version: the binary that must be there. */
  version: string;
  /** node_modules/electron holds the binary of that version, where path.txt points. */
  installed: boolean;
  /** The environment the scripts run in. */
  env: Readonly<Record<string, string | undefined>>;
}

export type ElectronBinaryStep =
  { action: 'start' } | { action: 'fetch' } | { action: 'stop'; message: string };

const OWN_BINARY_HINT = 'or set ELECTRON_EXEC_PATH to an Electron {major} binary';

const major = (version: string) => version.split('.')[0] ?? version;
const ownBinaryHint = (version: string) => OWN_BINARY_HINT.replace('{major}', major(version));
const isSet = (value: string | undefined) => value !== undefined && value !== '' && value !== '0';

export function electronBinaryStep({ version, installed, env }: ElectronBinaryFacts): ElectronBinaryStep {
  // electron-vite starts the binary named here and never looks at node_modules/electron.
  if (isSet(env.ELECTRON_EXEC_PATH) || installed) return { action: 'start' };
  if (isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return {
      action: 'stop',
      message:
        `The Electron ${version} binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set: ` +
        `unset it so that this script fetches the binary, ${ownBinaryHint(version)}.`,
    };
  }
  return { action: 'fetch' };
}

/**
 * The one line shown when `install-electron` could not fetch the binary, with the cause it
 * reported (its stack trace would bury the advice).
 */
export function fetchFailedMessage(version: string, installerOutput: string): string {
  const lines = installerOutput.split('\n').map((line) => line.trim());
  const cause = lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.find((line) => line !== '');
  return (
    `Could not download the Electron ${version} binary${cause ? ` (${cause})` : ''}: ` +
    `with internet access (or ELECTRON_MIRROR set to a reachable mirror) run the command again, ` +
    `${ownBinaryHint(version)}.`
  );
}
