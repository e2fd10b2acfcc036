import type { LoginRequest, Principal } from '../../../shared/contracts/auth';
import type { SyncStatusView } from '../../../shared/contracts/ipc';
import type { SyncFailure } from '../sync/errors';
import type { PortalClient } from '../sync/http';
import type { SyncStore } from '../sync/store';

/**
 * What the workstation needs from the sync engine. `SyncEngine` in src/main/core/sync/engine.ts
 * implements it.
 *
 * The workstation's use of it:
 * - signIn / resumeSession: errors are `SyncFailure`s (kind 'offline' means the portal cannot be
 *   reached, kind 'rejected' means the credentials were refused).
 * - start(store) after the account's encrypted cache is open; stop() before it closes.
 * - outboxChanged() after every command that queued a mutation (sends it now).
 * - syncNow() doubles as "flush the outbox": before a destructive action (sign-out, rebuild) the
 *   workstation calls it and then asks the store what is still pending.
 * - onSessionEnded: the portal refused the refresh token. Kind 'expired': the workstation locks and
 *   asks for the password to sign in again, keeping cache and outbox. Kind 'revoked': it puts the
 *   unsent changes before the user, who decides before the cache goes.
 * - onStoreDamaged: the open cache turned out damaged; the workstation reopens it, which checks it.
 */
export interface SyncEnginePort {
  signIn(credentials: LoginRequest): Promise<Principal>;
  resumeSession(): Promise<Principal | null>;
  /** Stops syncing and ends the session at the portal (best effort) and in the vault. */
  signOut(): Promise<void>;
  start(store: SyncStore): void;
  stop(): Promise<void>;
  syncNow(): Promise<SyncStatusView>;
  outboxChanged(): Promise<SyncStatusView>;
  status(): SyncStatusView;
  onStatus(listener: (status: SyncStatusView) => void): () => void;
  onSessionEnded(listener: (failure: SyncFailure) => void): () => void;
  /** SQLite found the open cache damaged during sync: the workstation checks it like at start. */
  onStoreDamaged(listener: () => void): () => void;
  /** The portal's time (this clock corrected by what its answers say), for every local "now". */
  serverNow(): Date;
  /** An authenticated API call outside sync (the administrator's screens); see PortalClient.request. */
  portalRequest: PortalClient['request'];
  /** A full address on the portal (a setup link to hand over). */
  portalUrlOf(path: string): string;
}
