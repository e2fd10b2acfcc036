import { randomUUID } from 'node:crypto';
import type { LoginRequest, Principal } from '../../../../../src/shared/contracts/auth';
import type { MutationResult } from '../../../../../src/shared/contracts/sync';
import { SyncFailure } from '../../../../../src/main/core/sync/errors';
import type { SyncStatusView } from '../../../../../src/shared/contracts/ipc';
import { INITIAL_STATUS } from '../../../../../src/main/core/sync/status';
import type { SyncStore } from '../../../../../src/main/core/sync/store';
import type { SyncEnginePort } from '../../../../../src/main/core/workstation/ports';

/**
 * A scripted stand-in for the sync engine, for the facade's session and decision paths. The real
 * engine against the real portal is exercised in workstation.portal.test.ts.
 */
export class FakeEngine implements SyncEnginePort {
  readonly therapist: Principal = {
    id: randomUUID(),
    kind: 'staff',
    role: 'therapist',
    displayName: 'Terapeut En',
  };
  store: SyncStore | null = null;
  /** What a push answers; null means the portal cannot be reached. */
  portal: ((id: string) => MutationResult) | null = (id) => ({ id, status: 'applied' });
  resume: 'session' | 'none' | 'offline' | 'expired' | 'revoked' = 'session';
  signedOut = 0;
  outboxNudges = 0;
  private readonly endedListeners = new Set<(failure: SyncFailure) => void>();

  async signIn(credentials: LoginRequest): Promise<Principal> {
    if (this.portal === null) throw new SyncFailure('offline', 'network', 'The portal cannot be reached');
    if (credentials.password !== 'riktig')
      throw new SyncFailure('rejected', 'invalid_credentials', 'refused', 401);
    return this.therapist;
  }

  /** The admin calls: unreachable unless a test scripts an answer (the real portal: tests/e2e/admin.spec.ts). */
  portalRequest: SyncEnginePort['portalRequest'] = () =>
    Promise.reject(new SyncFailure('offline', 'network', 'The portal cannot be reached'));

  portalUrlOf(path: string): string {
    return new URL(path, 'https://portal.test').toString();
  }

  async resumeSession(): Promise<Principal | null> {
    if (this.resume === 'offline')
      throw new SyncFailure('offline', 'network', 'The portal cannot be reached');
    if (this.resume === 'expired') throw new SyncFailure('expired', 'refresh_token_expired', 'expired', 401);
    if (this.resume === 'revoked') throw new SyncFailure('revoked', 'refresh_token_reused', 'ended', 401);
    return this.resume === 'session' ? this.therapist : null;
  }

  async signOut(): Promise<void> {
    await this.stop();
    this.signedOut += 1;
  }

  start(store: SyncStore): void {
    if (this.store) throw new Error('already running');
    this.store = store;
  }

  async stop(): Promise<void> {
    this.store = null;
  }

  async syncNow(): Promise<SyncStatusView> {
    const store = this.store;
    if (store && this.portal) {
      const answer = this.portal;
      store.recordResults(store.pendingMutations(100).map((p) => answer(p.mutation.id)));
    }
    return this.status();
  }

  async outboxChanged(): Promise<SyncStatusView> {
    this.outboxNudges += 1;
    return this.status();
  }

  status(): SyncStatusView {
    return {
      ...INITIAL_STATUS,
      running: this.store !== null,
      pending: this.store?.pendingMutations(1000).length ?? 0,
    };
  }

  onStatus(): () => void {
    return () => undefined;
  }

  onSessionEnded(listener: (failure: SyncFailure) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  serverNow(): Date {
    return new Date();
  }

  onStoreDamaged(): () => void {
    return () => undefined;
  }

  /** The portal refuses the refresh token, as the real engine reports it (syncing stops). */
  endSession(
    kind: 'expired' | 'revoked',
    code = kind === 'expired' ? 'refresh_token_expired' : 'account_inactive',
  ): void {
    this.store = null;
    for (const listener of this.endedListeners) listener(new SyncFailure(kind, code, kind, 401));
  }
}
