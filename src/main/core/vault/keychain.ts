import type * as KeytarModule from 'keytar';
import { KeychainUnavailableError, type SecretStore } from './secret-store';

/** The only module that imports keytar (archived upstream; safeStorage may replace it here). */

export const KEYCHAIN_SERVICE = 'no.emestring.workstation';

type Keytar = typeof KeytarModule;

let loaded: Promise<Keytar> | null = null;

/** Loaded on first use, so a missing native binding is reported as an unavailable keychain. */
function loadKeytar(): Promise<Keytar> {
  loaded ??= import('keytar').then((module) => ('default' in module ? (module.default as Keytar) : module));
  return loaded;
}

/**
 * Secrets in the OS keychain (Keychain, Credential Vault, Secret Service) under one service
 * name. Every failure of the keychain itself becomes KeychainUnavailableError.
 */
export function createKeychainSecretStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  async function run<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
    try {
      return await operation(await loadKeytar());
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
