import type { SecretStore } from '../../../../../src/main/core/vault/secret-store';

/** Secrets in memory, for facade tests (the real keychain is tested in tests/main/core/vault). */
export class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(name: string) {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string) {
    this.values.set(name, value);
  }
  async delete(name: string) {
    return this.values.delete(name);
  }
}
