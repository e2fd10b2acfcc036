import { type LoginRequest, type Principal, RefreshRefusal } from '../../../shared/contracts/auth';
import type {
  AccountView,
  CacheProblem,
  DemoAccountView,
  IpcEventName,
  IpcEvents,
  PendingChangeSummary,
  PortalInfo,
  RevocationCause,
  SessionNotice,
  SessionState,
} from '../../../shared/contracts/ipc';
import { openAccountCache, salvageAccountOutbox, wipeAccountCache } from '../cache/account-cache';
import type { Cache } from '../cache/cache';
import { CacheUnreadableError, isCacheCorruption } from '../cache/errors';
import type { SalvagedMutation } from '../cache/salvage';
import type { PageEffect } from '../cache/synced-data';
import { SyncFailure, endsSession, isSyncFailure } from '../sync/errors';
import { CacheKeys } from '../vault/cache-keys';
import { cacheIdFor } from '../vault/names';
import { KeychainUnavailableError, type SecretStore } from '../vault/secret-store';
import { WorkstationError } from './errors';
import { pendingOnSignOutProblem, revokedProblem, unreadableProblem } from './cache-problems';
import { makeVerifier, verifyPassword } from './password-verifier';
import {
  NO_FAILED_ATTEMPTS,
  type UnlockAttempts,
  afterFailedUnlock,
  beforeUnlockAttempt,
} from './unlock-attempts';
import type { SyncEnginePort } from './ports';
import { type SessionRecord, SessionRecords } from './session-record';
import { patientName } from './views/programme';

export type WorkstationEvent = { [E in IpcEventName]: { name: E; payload: IpcEvents[E] } }[IpcEventName];

export interface SessionDeps {
  engine: SyncEnginePort;
  /** The OS keychain in the app (createKeychainSecretStore). */
  secrets: SecretStore;
  /** Where the encrypted cache files live (inside the app's user-data directory). */
  cacheDir: string;
  portal: PortalInfo;
  /** Listed on the sign-in screen; empty unless the embedded demo portal runs. */
  demoAccounts: readonly DemoAccountView[];
  /** The clinic's time (the engine's server-corrected clock). */
  now: () => Date;
  emit(event: WorkstationEvent): void;
}

/** A page touching more patients than this tells the UI to reload everything. */
const MANY_PATIENTS = 200;

export interface OpenSession {
  record: SessionRecord;
  cache: Cache;
  cacheId: string;
  stopListening: () => void;
  /** The portal session expired: sync waits until the user signs in again (the cache stays). */
  signInNeeded: boolean;
}

type State =
  | { status: 'signed-out'; notice: SessionNotice | null }
  | { status: 'signing-in'; username: string }
  | { status: 'ready' | 'locked'; session: OpenSession }
  /**
   * `session` is null when the cache could not be opened at all; `salvaged` holds the unsent
   * changes read back from a damaged cache, carried into the rebuilt one.
   */
  | {
      status: 'cache-problem';
      record: SessionRecord;
      problem: CacheProblem;
      session: OpenSession | null;
      salvaged: SalvagedMutation[];
      /** Where the session goes once the problem is settled: a locked session stays locked. */
      then: 'ready' | 'locked';
    };

/**
 * The session's state machine: restore, sign in, lock and unlock, sign out, the portal session
 * expiring or being revoked, and the decisions put to the user before local data goes. It owns the
 * open encrypted cache; the round (round.ts) asks it for the cache to work in. Runs under plain Node.
 */
export class SessionController {
  private current: State = { status: 'signed-out', notice: null };
  private readonly keys: CacheKeys;
  private readonly sessions: SessionRecords;
  private readonly now: () => Date;
  /** Wrong local passwords in a row (lock screen): waits grow, and the tenth signs out. */
  private unlockAttempts: UnlockAttempts = NO_FAILED_ATTEMPTS;
  /** Session transitions run one at a time (a double-clicked sign-out must not wipe twice). */
  private transition: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SessionDeps) {
    this.keys = new CacheKeys(deps.secrets);
    this.sessions = new SessionRecords(deps.secrets, deps.portal.origin);
    this.now = deps.now;
    deps.engine.onSessionEnded(
      (failure) =>
        void this.exclusive(() =>
          failure.kind === 'revoked' ? this.sessionRevoked(failure) : this.sessionExpired(),
        ),
    );
    deps.engine.onStoreDamaged(() => void this.exclusive(() => this.recheckCache()));
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * At app start: continue the session kept in the keychain, locked (the password is checked
   * locally to unlock, so this works offline too). With the portal unreachable the cache still
   * opens and sync retries in the background. An expired portal session (a night with the app
   * closed) opens locked too, and unlocking signs in again; a revoked one puts the unsent changes
   * before the user. Nothing is deleted here.
   */
  restore(): Promise<SessionState> {
    return this.exclusive(async () => {
      if (this.current.status !== 'signed-out') return this.state();
      let record: SessionRecord | null;
      try {
        record = await this.sessions.load();
      } catch (error) {
        if (error instanceof KeychainUnavailableError) return this.signedOut(keychainNotice(error));
        throw error;
      }
      if (!record) return this.state();
      let ended: SyncFailure | null = null;
      try {
        // No refresh token kept: it expired and was forgotten in an earlier run.
        if ((await this.deps.engine.resumeSession()) === null) ended = NO_PORTAL_SESSION;
      } catch (error) {
        if (isSyncFailure(error) && endsSession(error)) ended = error;
        // Offline or the portal failing: work from the cache; the engine retries.
      }
      await this.openSession(record, 'locked', { signInNeeded: ended !== null });
      if (ended?.kind === 'revoked') await this.sessionRevoked(ended);
      return this.state();
    });
  }

  /** At app quit: stop syncing and close the cache; everything stays for restore() at the next start. */
  shutdown(): Promise<void> {
    return this.exclusive(async () => {
      await this.deps.engine.stop();
      const session = this.openSessionOrNull();
      if (session) await this.close(session);
      this.current = { status: 'signed-out', notice: null };
    });
  }

  // ------------------------------------------------------------------ queries

  /** The session as the UI sees it. */
  state(): SessionState {
    const portal = this.deps.portal;
    const s = this.current;
    switch (s.status) {
      case 'signed-out':
        return { status: 'signed-out', portal, notice: s.notice };
      case 'signing-in':
        return { status: 'signing-in', portal, username: s.username };
      case 'ready':
      case 'locked':
        return {
          status: s.status,
          portal,
          account: accountOf(s.session.record),
          signInNeeded: s.session.signInNeeded,
        };
      case 'cache-problem': {
        // A locked workstation shows no patient data, not even on the decision screen.
        const problem =
          s.then === 'locked'
            ? { ...s.problem, pending: withoutPatient(s.problem.pending), detailsHidden: true }
            : s.problem;
        return { status: 'cache-problem', portal, account: accountOf(s.record), problem };
      }
    }
  }

  demoAccounts(): DemoAccountView[] {
    return this.deps.portal.kind === 'embedded-demo' ? [...this.deps.demoAccounts] : [];
  }

  // ------------------------------------------------------------------ session commands

  signIn(credentials: LoginRequest): Promise<SessionState> {
    return this.exclusive(async () => {
      if (this.current.status !== 'signed-out')
        throw new WorkstationError('conflict', 'Someone is already signed in');
      this.setState({ status: 'signing-in', username: credentials.username });
      let principal: Principal;
      try {
        principal = await this.deps.engine.signIn(credentials);
      } catch (error) {
        // The portal accepted the password but the refresh token could not be kept: end the
        // portal session it opened, and say how to fix the keychain.
        if (error instanceof KeychainUnavailableError) return this.refuseWithoutKeychain(error);
        this.setState({ status: 'signed-out', notice: null });
        throw signInError(error);
      }
      if (principal.kind !== 'staff') {
        await this.endPortalSession();
        this.setState({ status: 'signed-out', notice: null });
        throw new WorkstationError(
          'wrong-credentials',
          'Patients sign in on the web portal, not on the workstation',
        );
      }
      const record: SessionRecord = {
        username: credentials.username,
        principal,
        verifier: await makeVerifier(credentials.password),
      };
      try {
        await this.sessions.save(record);
      } catch (error) {
        if (!(error instanceof KeychainUnavailableError)) throw error;
        return this.refuseWithoutKeychain(error);
      }
      return this.openSession(record, 'ready');
    });
  }

  lock(): SessionState {
    if (this.current.status === 'ready') this.setState({ status: 'locked', session: this.current.session });
    return this.state();
  }

  /**
   * Checked locally, so a locked workstation opens offline. When the portal session expired the
   * password signs in at the portal again and sync resumes, sending the outbox; with the portal
   * unreachable it opens locally and sync waits for the next unlock. A decision screen shown while
   * locked reveals the changes' patients and texts once the password is given.
   */
  unlock(request: { password: string }): Promise<SessionState> {
    return this.exclusive(async () => {
      const s = this.current;
      try {
        if (s.status === 'cache-problem' && s.then === 'locked') {
          await this.checkPassword(request.password, s.record);
          this.setState({ ...s, then: 'ready' });
          return this.state();
        }
        if (s.status !== 'locked') return this.state();
        if (s.session.signInNeeded) return await this.signInAgain(s.session, request.password);
        await this.checkPassword(request.password, s.session.record);
      } catch (error) {
        if (!(error instanceof UnlockLimitReached)) throw error;
        // Whoever holds the machine has had their guesses: sign out, with the usual decision first.
        return this.signOutNow();
      }
      this.setState({ status: 'ready', session: s.session });
      return this.state();
    });
  }

  /**
   * Sign out deletes the cache and its key. Changes not yet sent are pushed first; if that fails
   * the user is asked (state 'cache-problem') before anything is lost.
   */
  signOut(): Promise<SessionState> {
    return this.exclusive(async () => {
      const s = this.current;
      // The rebuild decision told the user their salvaged changes "will be sent": signing out
      // here would delete them behind that promise. The decision screen offers the way out.
      // After a revocation the decision screen is the way out, with the changes listed.
      if (s.status === 'cache-problem' && s.problem.action !== 'sign-out') {
        throw new WorkstationError('needs-decision', s.problem.message);
      }
      return this.signOutNow();
    });
  }

  resolveCacheProblem(request: {
    problemId: string;
    choice: 'retry' | 'discard' | 'cancel';
  }): Promise<SessionState> {
    return this.exclusive(async () => {
      const s = this.current;
      if (s.status !== 'cache-problem' || s.problem.id !== request.problemId) {
        throw new WorkstationError('conflict', 'That decision is no longer pending');
      }
      if (s.problem.action === 'sign-out') {
        if (request.choice === 'discard') return this.finishSignOut();
        if (request.choice === 'retry') return this.signOutNow();
        this.setState({ status: s.then, session: s.session as OpenSession });
        return this.state();
      }
      if (s.problem.action === 'revoked') {
        const cause = s.problem.cause as RevocationCause;
        if (request.choice === 'discard') {
          const lost = withoutPatient(s.problem.pending);
          return this.finishSignOut(revokedNotice(cause, lost));
        }
        if (request.choice === 'retry') {
          // Signing in again proves who is asking; the changes are then theirs to send.
          this.setState({ status: 'locked', session: { ...(s.session as OpenSession), signInNeeded: true } });
          return this.state();
        }
        throw new WorkstationError(
          'conflict',
          'After the portal ended the session, sign in again or sign out',
        );
      }
      // The cache could not be opened.
      if (request.choice === 'retry') {
        return this.openSession(s.record, s.then, { signInNeeded: s.session?.signInNeeded ?? false });
      }
      if (request.choice === 'cancel') {
        // Leave the file alone (the keychain may be restored); only the portal session ends.
        await this.endPortalSession();
        return this.signedOut(null);
      }
      // Rebuild: a new file and key; the session itself (and its keychain record) carries on.
      await wipeAccountCache(
        this.keys,
        this.deps.cacheDir,
        cacheIdFor(this.deps.portal.origin, s.record.principal.id),
      );
      return this.openSession(s.record, s.then, {
        carryOver: s.salvaged,
        signInNeeded: s.session?.signInNeeded ?? false,
      });
    });
  }

  // ------------------------------------------------------------------ internals

  private async signOutNow(): Promise<SessionState> {
    const session = this.openSessionOrNull();
    if (session && session.cache.outbox.count() > 0) {
      await this.deps.engine.syncNow();
      const pending = this.pendingSummaries(session.cache);
      if (pending.length > 0) {
        this.setState({
          status: 'cache-problem',
          record: session.record,
          session,
          salvaged: [],
          problem: pendingOnSignOutProblem(pending),
          then: this.afterProblem(),
        });
        return this.state();
      }
    }
    return this.finishSignOut();
  }

  private async finishSignOut(notice: SessionNotice | null = null): Promise<SessionState> {
    const s = this.current;
    const record =
      s.status === 'ready' || s.status === 'locked'
        ? s.session.record
        : s.status === 'cache-problem'
          ? s.record
          : null;
    try {
      await this.deps.engine.signOut();
    } finally {
      const session = this.openSessionOrNull();
      if (session) await this.close(session);
      if (record) await this.wipe(cacheIdFor(this.deps.portal.origin, record.principal.id));
    }
    return this.signedOut(notice);
  }

  /** The portal session expired: lock, keep everything, and sign in again at the next unlock. */
  private async sessionExpired(): Promise<void> {
    const s = this.current;
    if (s.status === 'ready' || s.status === 'locked') {
      this.setState({ status: 'locked', session: { ...s.session, signInNeeded: true } });
    } else if (s.status === 'cache-problem' && s.session) {
      this.setState({ ...s, session: { ...s.session, signInNeeded: true } });
    }
  }

  /**
   * The portal ended the session for good. Nothing is deleted yet: the user sees every unsent
   * change with its patient and text, can copy them out, and then signs in again or signs out.
   */
  private async sessionRevoked(failure: SyncFailure): Promise<void> {
    const s = this.current;
    const session = this.openSessionOrNull();
    if (!session || (s.status === 'cache-problem' && s.problem.action === 'revoked')) return;
    await this.deps.engine.stop();
    this.setState({
      status: 'cache-problem',
      record: session.record,
      session: { ...session, signInNeeded: true },
      salvaged: [],
      problem: revokedProblem(revocationCauseOf(failure), this.pendingSummaries(session.cache)),
      then: this.afterProblem(),
    });
  }

  /** Unlock after an expiry: the portal checks the password and opens a new session family. */
  private async signInAgain(session: OpenSession, password: string): Promise<SessionState> {
    const { record } = session;
    let principal: Principal;
    try {
      principal = await this.deps.engine.signIn({ username: record.username, password });
    } catch (error) {
      if (error instanceof KeychainUnavailableError) {
        throw new WorkstationError('keychain-unavailable', error.message);
      }
      if (isSyncFailure(error) && error.kind === 'rejected') {
        throw new WorkstationError('wrong-password', 'The portal did not accept the password');
      }
      if (!isSyncFailure(error) || !error.transient) throw error;
      // The portal cannot be reached: work from the cache; sync waits for the next sign-in.
      await this.checkPassword(password, record);
      this.setState({ status: 'ready', session });
      return this.state();
    }
    if (principal.id !== record.principal.id) {
      await this.endPortalSession();
      throw new WorkstationError(
        'wrong-credentials',
        'That is not the account signed in on this workstation',
      );
    }
    const renewed: SessionRecord = { ...record, principal, verifier: await makeVerifier(password) };
    await this.sessions.save(renewed);
    this.deps.engine.start(session.cache.synced);
    this.setState({ status: 'ready', session: { ...session, record: renewed, signInNeeded: false } });
    return this.state();
  }

  /**
   * The password against the local verifier, with the lock screen's limit: a wait too early is
   * refused unchecked, a wrong password counts, and the tenth in a row ends the session.
   */
  private async checkPassword(password: string, record: SessionRecord): Promise<void> {
    const gate = beforeUnlockAttempt(this.unlockAttempts, performance.now());
    if (gate.kind === 'wait') {
      const seconds = Math.ceil((gate.retryAt - performance.now()) / 1000);
      throw new WorkstationError('too-many-attempts', `Too many wrong passwords; try again in ${seconds} s`);
    }
    if (await verifyPassword(password, record.verifier)) {
      this.unlockAttempts = NO_FAILED_ATTEMPTS;
      return;
    }
    const next = afterFailedUnlock(this.unlockAttempts, performance.now());
    if (next.kind === 'sign-out') throw new UnlockLimitReached();
    this.unlockAttempts = next.attempts;
    throw new WorkstationError('wrong-password', `The password is not correct; ${next.remaining} tries left`);
  }

  /**
   * Opens the account's cache and starts syncing into it; `signInNeeded` opens it without sync
   * (the portal session expired). `carryOver` holds changes salvaged from a damaged cache.
   */
  private async openSession(
    record: SessionRecord,
    status: 'ready' | 'locked',
    {
      carryOver = [],
      signInNeeded = false,
    }: { carryOver?: readonly SalvagedMutation[]; signInNeeded?: boolean } = {},
  ): Promise<SessionState> {
    const cacheId = cacheIdFor(this.deps.portal.origin, record.principal.id);
    let cache: Cache;
    try {
      cache = await openAccountCache(this.keys, this.deps.cacheDir, cacheId, this.now);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) return this.refuseWithoutKeychain(error);
      if (!(error instanceof CacheUnreadableError)) throw error;
      // With the right key a damaged file may still give up its outbox.
      const salvaged =
        error.kind === 'corrupt' ? await salvageAccountOutbox(this.keys, this.deps.cacheDir, cacheId) : null;
      this.setState({
        status: 'cache-problem',
        record,
        session: null,
        salvaged: salvaged ?? [],
        problem: unreadableProblem(error, salvaged),
        then: status,
      });
      return this.state();
    }
    if (carryOver.length > 0) {
      cache.transaction(() => {
        for (const m of carryOver) cache.outbox.enqueue(m.mutation, m.patientId, m.queuedAt);
      });
    }
    const stopListening = cache.synced.onApplied((effect) =>
      this.deps.emit({ name: 'data.changed', payload: changedBy(effect) }),
    );
    const session: OpenSession = { record, cache, cacheId, stopListening, signInNeeded };
    this.unlockAttempts = NO_FAILED_ATTEMPTS;
    if (!signInNeeded) this.deps.engine.start(cache.synced);
    this.setState({ status, session });
    this.deps.emit({ name: 'data.changed', payload: { patientIds: 'all', team: true } });
    return this.state();
  }

  /** No keychain: no cache and no session. The portal session ends; the notice says how to fix it. */
  private async refuseWithoutKeychain(error: KeychainUnavailableError): Promise<never> {
    await this.endPortalSession();
    this.signedOut(keychainNotice(error));
    throw new WorkstationError('keychain-unavailable', error.message);
  }

  /**
   * End the session at the portal. Forgetting the refresh token needs the keychain; when that is
   * the very thing that failed there is nothing stored to forget, so that failure is not news.
   */
  private async endPortalSession(): Promise<void> {
    try {
      await this.deps.engine.signOut();
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
    }
  }

  /** The open session, or the error that says why there is none to work in. */
  ready(): OpenSession {
    const s = this.current;
    // Signing out closes the cache before the state says so: a read in that moment is refused as such.
    if (s.status === 'ready' && !s.session.cache.isOpen)
      throw new WorkstationError('not-signed-in', 'The session is closing');
    if (s.status === 'ready') return s.session;
    if (s.status === 'locked') throw new WorkstationError('locked', 'The workstation is locked');
    if (s.status === 'cache-problem') throw new WorkstationError('needs-decision', s.problem.message);
    throw new WorkstationError('not-signed-in', 'Nobody is signed in');
  }

  /** A query on the open cache; SQLite finding the file damaged sends the session to the check. */
  read<T>(query: (session: OpenSession) => T): T {
    const session = this.ready();
    try {
      return query(session);
    } catch (error) {
      if (!isCacheCorruption(error)) throw error;
      void this.exclusive(() => this.recheckCache());
      throw new WorkstationError('needs-decision', 'The local cache file is damaged');
    }
  }

  /**
   * The open cache was found damaged: close it and open it again, which runs the same integrity
   * check as at start and, if it fails, salvages the outbox and asks the user (cache-problem).
   */
  private async recheckCache(): Promise<void> {
    const s = this.current;
    if (s.status !== 'ready' && s.status !== 'locked') return;
    await this.deps.engine.stop();
    await this.close(s.session);
    await this.openSession(s.session.record, s.status, { signInNeeded: s.session.signInNeeded });
  }

  private openSessionOrNull(): OpenSession | null {
    const s = this.current;
    return s.status === 'ready' || s.status === 'locked' || s.status === 'cache-problem'
      ? (s.session ?? null)
      : null;
  }

  private pendingSummaries(cache: Cache): PendingChangeSummary[] {
    return cache.outbox.entries().map((entry) => ({
      mutationId: entry.mutationId,
      type: entry.type,
      patientName: patientName(cache, entry.patientId),
      text: entry.text,
      queuedAt: entry.queuedAt,
    }));
  }

  private async close(session: OpenSession): Promise<void> {
    session.stopListening();
    await session.cache.close();
  }

  private afterProblem(): 'ready' | 'locked' {
    const s = this.current;
    if (s.status === 'cache-problem') return s.then;
    return s.status === 'locked' ? 'locked' : 'ready';
  }

  /** The session ends: its cache, the cache's key and the keychain's session record go. */
  private async wipe(cacheId: string): Promise<void> {
    await wipeAccountCache(this.keys, this.deps.cacheDir, cacheId);
    await this.sessions.delete();
  }

  private signedOut(notice: SessionNotice | null): SessionState {
    this.setState({ status: 'signed-out', notice });
    return this.state();
  }

  private setState(state: State): void {
    this.current = state;
    this.deps.emit({ name: 'session.changed', payload: this.state() });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.transition.then(work, work);
    this.transition = run.catch(() => undefined);
    return run;
  }
}

function accountOf(record: SessionRecord): AccountView {
  return {
    staffId: record.principal.id,
    username: record.username,
    displayName: record.principal.displayName,
    role: record.principal.role,
  };
}

function changedBy(effect: PageEffect): IpcEvents['data.changed'] {
  const all = effect.everything || effect.patientIds.size > MANY_PATIENTS;
  return { patientIds: all ? 'all' : [...effect.patientIds], team: effect.team || effect.everything };
}

function keychainNotice(error: KeychainUnavailableError): SessionNotice {
  return { code: 'keychain-unavailable', message: error.message };
}

function revokedNotice(cause: RevocationCause, lost: PendingChangeSummary[]): SessionNotice {
  const unsent = lost.length > 0 ? ` ${lost.length} change(s) not yet sent were deleted, as you chose.` : '';
  return {
    code: 'revoked',
    cause,
    message: `The portal ended your session; please sign in again.${unsent}`,
    lost,
  };
}

/** The lock screen's last allowed wrong password: the session signs out. */
class UnlockLimitReached extends Error {}

/** No refresh token in the keychain: an earlier run forgot it at an expiry; sign in again. */
const NO_PORTAL_SESSION = new SyncFailure('expired', 'no-session', 'Not signed in to the portal');

const REVOCATION_CAUSES: Partial<Record<string, RevocationCause>> = {
  [RefreshRefusal.reused]: 'token-reused',
  [RefreshRefusal.inactive]: 'account-inactive',
};

function revocationCauseOf(failure: SyncFailure): RevocationCause {
  return REVOCATION_CAUSES[failure.code] ?? 'session-revoked';
}

/** Kind and time only, for screens that may show no patient data. */
function withoutPatient(changes: PendingChangeSummary[]): PendingChangeSummary[] {
  return changes.map((change) => ({ ...change, patientName: null, text: null }));
}

function signInError(error: unknown): WorkstationError {
  if (isSyncFailure(error) && (error.kind === 'offline' || error.kind === 'server')) {
    return new WorkstationError(
      'portal-unreachable',
      'The portal cannot be reached; check the connection and try again',
    );
  }
  if (isSyncFailure(error) && error.kind === 'rejected') {
    return new WorkstationError('wrong-credentials', 'The username or password is not correct');
  }
  return new WorkstationError('portal-unreachable', 'Signing in failed; please try again');
}
