import type { RefreshTokenVault } from '../sync/http';
import { refreshTokenName } from './names';
import type { SecretStore } from './secret-store';

/** The sync engine's refresh token for one portal, kept in the SecretStore. */
export function refreshTokenVault(secrets: SecretStore, portalOrigin: string): RefreshTokenVault {
  const name = refreshTokenName(portalOrigin);
  return {
    readRefreshToken: () => secrets.get(name),
    writeRefreshToken: (token) => secrets.set(name, token),
    deleteRefreshToken: async () => {
      await secrets.delete(name);
    },
  };
}
