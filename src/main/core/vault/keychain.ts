import type * as KeytarModule from 'keytar';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { KeychainUnavailableError, type SecretStore } from './secret-store';

// The only module that imports keytar (archived upstream; safeStorage may replace it here).

/** The service name the default profile files its secrets under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'no.emestring.workstation';

/**
 * The service name for a separate profile (MESTRING_USER_DATA_DIR, the end-to-end tests): its
 * secrets stay apart from the default profile's, which shares portal and account names.
 */
export function profileKeychainService(userDataDir: string): string {
  return `${KEYCHAIN_SERVICE}.profile-${createHash('sha256').update(resolve(userDataDir)).digest('hex').slice(0, 16)}`;
}

type Keytar = typeof KeytarModule;

let loaded: Promise<Keytar> | null = null;

/** Loaded on first use, so a missing native binding is reported as an unavailable keychain. */
function loadKeytar(): Promise<Keytar> {
  loaded ??= import('keytar').then((module) => ('default' in module ? (module.default as Keytar) : module));
  return loaded;
}

/**
 * The keychain's calls, one at a time for the whole process. keytar runs each call on a libuv
 * thread, and on Linux libsecret (with libgcrypt beneath it) is not safe to call from two threads
 * at once: overlapping calls corrupt the heap and abort the process (atom/node-keytar#283; seen
 * here as "corrupted size vs. prev_size" when a token refresh met a session write).
 */
let lastCall: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(call: () => Promise<T>): Promise<T> {
  const result = lastCall.then(call, call);
  lastCall = result.catch(() => undefined);
  return result;
}

/**
 * Secrets in the OS keychain (Keychain, Credential Vault, Secret Service) under one service
 * name. Every failure of the keychain itself becomes KeychainUnavailableError.
 */
export function createKeychainSecretStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  async function run<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
    try {
      const keytar = await loadKeytar();
      return await oneAtATime(() => operation(keytar));
    } catch (error) {
      throw new KeychainUnavailableError({ cause: error });
    }
  }
  return {
    get: (name) => run((keytar) => keytar.getPassword(service, name)),
    set: (name, value) => run((keytar) => keytar.setPassword(service, name, value)),
    delete: (name) => run((keytar) => keytar.deletePassword(service, name)),
  };
}
