import { z } from 'zod';
import { Principal } from '../../../shared/contracts/auth';
import type { SecretStore } from '../vault/secret-store';
import { sessionRecordName } from '../vault/names';
import { PasswordVerifier } from './password-verifier';

/**
 * Who is signed in to this portal on this computer, kept in the keychain so that after a restart
 * the workstation finds the account's cache (its name derives from the staff id) even offline,
 * and can unlock it with the password checked locally.
 */
export const SessionRecord = z.object({
  username: z.string(),
  principal: Principal,
  verifier: PasswordVerifier,
});
export type SessionRecord = z.infer<typeof SessionRecord>;

export class SessionRecords {
  private readonly name: string;

  constructor(
    private readonly secrets: SecretStore,
    portalOrigin: string,
  ) {
    this.name = sessionRecordName(portalOrigin);
  }

  async load(): Promise<SessionRecord | null> {
    const stored = await this.secrets.get(this.name);
    if (stored === null) return null;
    try {
      return SessionRecord.parse(JSON.parse(stored));
    } catch {
      // Unreadable (an older format): as if nobody were signed in; signing in writes a new one.
      return null;
    }
  }

  save(record: SessionRecord): Promise<void> {
    return this.secrets.set(this.name, JSON.stringify(record));
  }

  async delete(): Promise<void> {
    await this.secrets.delete(this.name);
  }
}
