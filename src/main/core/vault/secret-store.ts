/**
 * Where the workstation keeps its secrets (the cache keys and the portal refresh token). The OS
 * keychain implements it (keychain.ts); Electron's safeStorage could replace that without
 * touching anything else. Implementations never fall back to plaintext: when they cannot keep a
 * secret safe they throw KeychainUnavailableError.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** True when a secret was deleted, false when there was none. */
  delete(name: string): Promise<boolean>;
}

const FIX_BY_PLATFORM: Partial<Record<NodeJS.Platform, string>> = {
  linux:
    'Install and unlock a Secret Service keyring (for example gnome-keyring or KWallet) and make sure ' +
    'the desktop session runs it, then start the workstation again.',
  darwin: 'Unlock the login keychain in Keychain Access, then start the workstation again.',
  win32: 'Make sure Windows Credential Manager is available for your user, then start the workstation again.',
};

/**
 * No usable OS keychain. The workstation then refuses to keep a local cache at all: a patient
 * record is never stored unencrypted and a key is never written in plaintext.
 */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';

  constructor(options?: { cause?: unknown; platform?: NodeJS.Platform }) {
    const fix = FIX_BY_PLATFORM[options?.platform ?? process.platform] ?? 'Make the OS keychain available.';
    super(
      `The workstation cannot reach the operating system's keychain, so it cannot protect patient data on ` +
        `this computer and will not store any. ${fix}`,
      { cause: options?.cause },
    );
  }
}
