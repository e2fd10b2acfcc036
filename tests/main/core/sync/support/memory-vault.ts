import type { RefreshTokenVault } from '../../../../../src/main/core/sync/http';

/** A vault in memory; the real one (OS keychain) is tested with the vault module. */
export class MemoryVault implements RefreshTokenVault {
  token: string | null = null;
  async readRefreshToken() {
    return this.token;
  }
  async writeRefreshToken(token: string) {
    this.token = token;
  }
  async deleteRefreshToken() {
    this.token = null;
  }
}
