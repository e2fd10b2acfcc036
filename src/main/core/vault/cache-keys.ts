import { randomBytes } from 'node:crypto';
import { cacheKeyName } from './names';
import type { SecretStore } from './secret-store';

const KEY_HEX = /^[0-9a-f]{64}$/;

/** The raw 256-bit keys of the encrypted caches, one per cache, kept only in the SecretStore. */
export class CacheKeys {
  constructor(private readonly secrets: SecretStore) {}

  /** The stored key, or null when there is none (or what is stored is not a key). */
  async load(cacheId: string): Promise<Buffer | null> {
    const hex = await this.secrets.get(cacheKeyName(cacheId));
    return hex !== null && KEY_HEX.test(hex) ? Buffer.from(hex, 'hex') : null;
  }

  /** A fresh random key, stored before it is returned so no cache is ever made with an unsaved key. */
  async create(cacheId: string): Promise<Buffer> {
    const key = randomBytes(32);
    await this.secrets.set(cacheKeyName(cacheId), key.toString('hex'));
    return key;
  }

  async delete(cacheId: string): Promise<void> {
    await this.secrets.delete(cacheKeyName(cacheId));
  }
}
