import { type LoginRequest, type Principal, RefreshRefusal } from '../../../shared/contracts/auth';
import type {
  AccountView,
  AppInfo,
  CacheProblem,
  DemoAccountView,
  Draft,
  IpcEventName,
  IpcEvents,
  PatientDetail,
  PendingChangeSummary,
  PortalInfo,
  QueueView,
  RejectedChangeView,
  RevocationCause,
  SessionNotice,
  SessionState,
  SyncStatusView,
  TeamView,
} from '../../../shared/contracts/ipc';
import { openAccountCache, salvageAccountOutbox, wipeAccountCache } from '../cache/account-cache';
import type { Cache } from '../cache/cache';
import { CacheUnreadableError, isCacheCorruption } from '../cache/errors';
import { readRecord } from '../cache/records';
import type { SalvagedMutation } from '../cache/salvage';
import type { PageEffect } from '../cache/synced-data';
import { SyncFailure, endsSession, isSyncFailure } from '../sync/errors';
import { CacheKeys } from '../vault/cache-keys';
import { cacheIdFor } from '../vault/names';
import { KeychainUnavailableError, type SecretStore } from '../vault/secret-store';
import * as commands from './commands';
import { WorkstationError } from './errors';
import { pendingOnSignOutProblem, revokedProblem, unreadableProblem } from './cache-problems';
import { makeVerifier, verifyPassword } from './password-verifier';
import type { SyncEnginePort } from './ports';
import { type SessionRecord, SessionRecords } from './session-record';
import { displayName } from './views/programme';
import { readPatientDetail } from './views/patient-detail';
import { readQueue } from './views/queue';
import { readTeamView } from './views/team';

export interface WorkstationDeps {
  engine: SyncEnginePort;
  /** The OS keychain in the app (createKeychainSecretStore). */
  secrets: SecretStore;
  /** Where the encrypted cache files live (inside the app's user-data directory). */
  cacheDir: string;
  portal: PortalInfo;
  /** Listed on the sign-in screen; empty unless the embedded demo portal runs. */
  demoAccounts: readonly DemoAccountView[];
  app: { name: string; version: string };
  /** The engine's server-corrected time unless given (tests). */
  now?: () => Date;
}

export type WorkstationEvent = { [E in IpcEventName]: { name: E; payload: IpcEvents[E] } }[IpcEventName];

/** How long a patient may be snoozed within a round. */
const MAX_SNOOZE_MS = 14 * 86_400_000;
/** A page touching more patients than this tells the UI to reload everything. */
const MANY_PATIENTS = 200;

interface OpenSession {
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
 * The workstation's core as the UI sees it: the session (sign-in, lock, sign-out), the queries
 * answered from the encrypted cache, and the commands that change it and queue mutations. The IPC
 * handlers (src/main/ipc/handlers.ts) call nothing else. Runs under plain Node.
 */
export class Workstation {
  private state: State = { status: 'signed-out', notice: null };
  private readonly listeners = new Set<(event: WorkstationEvent) => void>();
  private readonly keys: CacheKeys;
  private readonly sessions: SessionRecords;
  private readonly now: () => Date;
  /** Session transitions run one at a time (a double-clicked sign-out must not wipe twice). */
  private transition: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: WorkstationDeps) {
    this.keys = new CacheKeys(deps.secrets);
    this.sessions = new SessionRecords(deps.secrets, deps.portal.origin);
    // The clinic's time, not this computer's: a clock set hours wrong must not move the week.
    this.now = deps.now ?? (() => deps.engine.serverNow());
    deps.engine.onStatus((status) => this.emit({ name: 'sync.status', payload: status }));
    deps.engine.onSessionEnded(
      (failure) =>
        void this.exclusive(() =>
          failure.kind === 'revoked' ? this.sessionRevoked(failure) : this.sessionExpired(),
        ),
    );
    deps.engine.onStoreDamaged(() => void this.exclusive(() => this.recheckCache()));
  }

  subscribe(listener: (event: WorkstationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      if (this.state.status !== 'signed-out') return this.session();
      let record: SessionRecord | null;
      try {
        record = await this.sessions.load();
      } catch (error) {
        if (error instanceof KeychainUnavailableError) return this.signedOut(keychainNotice(error));
        throw error;
      }
      if (!record) return this.session();
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
      return this.session();
    });
  }

  /** At app quit: stop syncing and close the cache; everything stays for restore() at the next start. */
  shutdown(): Promise<void> {
    return this.exclusive(async () => {
      await this.deps.engine.stop();
      const session = this.openSessionOrNull();
      if (session) await this.close(session);
      this.state = { status: 'signed-out', notice: null };
    });
  }

  // ------------------------------------------------------------------ queries

  appInfo(): AppInfo {
    return { ...this.deps.app, portal: this.deps.portal };
  }

  session(): SessionState {
    const portal = this.deps.portal;
    const s = this.state;
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

  queue(): QueueView {
    return this.read((session) => {
      const { principal } = session.record;
      // A therapist's round is their own caseload; a team lead's queue spans the team.
      return readQueue(session.cache, principal.role === 'therapist' ? principal.id : null, this.now());
    });
  }

  patient(patientId: string): PatientDetail {
    return this.read((session) => readPatientDetail(session.cache, patientId, this.now()));
  }

  drafts(): Draft[] {
    return this.read((session) => session.cache.local.drafts());
  }

  team(): TeamView {
    return this.read((session) => readTeamView(session.cache, this.now()));
  }

  syncStatus(): SyncStatusView {
    return this.deps.engine.status();
  }

  rejected(): RejectedChangeView[] {
    const cache = this.ready().cache;
    return cache.outbox.rejected().map((r) => ({
      mutationId: r.mutation.id,
      type: r.mutation.type,
      patientName: patientName(cache, r.patientId),
      code: r.result.code,
      message: r.result.message,
      rejectedAt: r.rejectedAt,
    }));
  }

  // ------------------------------------------------------------------ commands on patient data

  saveDraft(request: { patientId: string; body: string }): Draft {
    const cache = this.ready().cache;
    if (!readRecord(cache.db, 'patient', request.patientId)) {
      throw new WorkstationError('not-found', "The patient is not in this workstation's cache");
    }
    const draft: Draft = { ...request, updatedAt: this.now().toISOString() };
    cache.local.saveDraft(draft);
    this.patientChanged(request.patientId);
    return draft;
  }

  discardDraft(request: { patientId: string }): null {
    this.ready().cache.local.discardDraft(request.patientId);
    this.patientChanged(request.patientId);
    return null;
  }

  sendMessage(request: { patientId: string; body: string }) {
    return this.command(commands.sendMessage, request);
  }

  markRead(request: { patientId: string; messageIds: string[] }) {
    return this.command(commands.markRead, request);
  }

  acknowledgeFlag(request: { flagId: string; note: string }) {
    return this.command(commands.acknowledge, request);
  }

  resolveFlag(request: { flagId: string; note?: string | undefined }) {
    return this.command(commands.resolve, request);
  }

  raiseFlag(request: Parameters<typeof commands.raise>[1]) {
    return this.command(commands.raise, request);
  }

  addNote(request: { patientId: string; body: string }) {
    return this.command(commands.addNote, request);
  }

  markFeedbackGiven(request: { patientId: string }) {
    return this.command(commands.markFeedbackGiven, request);
  }

  markDone(request: { patientId: string }): null {
    return this.setRound(request.patientId, { status: 'done', at: this.now().toISOString() });
  }

  snooze(request: { patientId: string; until: string }): null {
    const until = Date.parse(request.until);
    const now = this.now();
    if (!(until > now.getTime() && until <= now.getTime() + MAX_SNOOZE_MS)) {
      throw new WorkstationError('conflict', 'A patient can be snoozed for up to 14 days from now');
    }
    return this.setRound(request.patientId, {
      status: 'snoozed',
      until: new Date(until).toISOString(),
      since: now.toISOString(),
    });
  }

  reopen(request: { patientId: string }): null {
    return this.setRound(request.patientId, { status: 'open' });
  }

  async syncNow(): Promise<SyncStatusView> {
    this.ready();
    return this.deps.engine.syncNow();
  }

  dismissRejected(request: { mutationId: string }): null {
    this.ready().cache.outbox.dismissRejected(request.mutationId);
    return null;
  }

  // ------------------------------------------------------------------ session commands

  signIn(credentials: LoginRequest): Promise<SessionState> {
    return this.exclusive(async () => {
      if (this.state.status !== 'signed-out')
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
    if (this.state.status === 'ready') this.setState({ status: 'locked', session: this.state.session });
    return this.session();
  }

  /**
   * Checked locally, so a locked workstation opens offline. When the portal session expired the
   * password signs in at the portal again and sync resumes, sending the outbox; with the portal
   * unreachable it opens locally and sync waits for the next unlock. A decision screen shown while
   * locked reveals the changes' patients and texts once the password is given.
   */
  unlock(request: { password: string }): Promise<SessionState> {
    return this.exclusive(async () => {
      const s = this.state;
      if (s.status === 'cache-problem' && s.then === 'locked') {
        await this.checkPassword(request.password, s.record);
        this.setState({ ...s, then: 'ready' });
        return this.session();
      }
      if (s.status !== 'locked') return this.session();
      if (s.session.signInNeeded) return this.signInAgain(s.session, request.password);
      await this.checkPassword(request.password, s.session.record);
      this.setState({ status: 'ready', session: s.session });
      return this.session();
    });
  }

  /**
   * Sign out deletes the cache and its key. Changes not yet sent are pushed first; if that fails
   * the user is asked (state 'cache-problem') before anything is lost.
   */
  signOut(): Promise<SessionState> {
    return this.exclusive(async () => {
      const s = this.state;
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
      const s = this.state;
      if (s.status !== 'cache-problem' || s.problem.id !== request.problemId) {
        throw new WorkstationError('conflict', 'That decision is no longer pending');
      }
      if (s.problem.action === 'sign-out') {
        if (request.choice === 'discard') return this.finishSignOut();
        if (request.choice === 'retry') return this.signOutNow();
        this.setState({ status: s.then, session: s.session as OpenSession });
        return this.session();
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
          return this.session();
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
        return this.session();
      }
    }
    return this.finishSignOut();
  }

  private async finishSignOut(notice: SessionNotice | null = null): Promise<SessionState> {
    const s = this.state;
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
    const s = this.state;
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
    const s = this.state;
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
      if (!isSyncFailure(error) || (error.kind !== 'offline' && error.kind !== 'server')) {
        if (error instanceof KeychainUnavailableError) {
          throw new WorkstationError('keychain-unavailable', error.message);
        }
        throw new WorkstationError('wrong-credentials', 'The portal did not accept the password');
      }
      // The portal cannot be reached: work from the cache; sync waits for the next sign-in.
      await this.checkPassword(password, record);
      this.setState({ status: 'ready', session });
      return this.session();
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
    return this.session();
  }

  private async checkPassword(password: string, record: SessionRecord): Promise<void> {
    if (!(await verifyPassword(password, record.verifier))) {
      throw new WorkstationError('wrong-credentials', 'The password is not correct');
    }
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
      return this.session();
    }
    if (carryOver.length > 0) {
      cache.transaction(() => {
        for (const m of carryOver) cache.outbox.enqueue(m.mutation, m.patientId, m.queuedAt);
      });
    }
    const stopListening = cache.synced.onApplied((effect) =>
      this.emit({ name: 'data.changed', payload: changedBy(effect) }),
    );
    const session: OpenSession = { record, cache, cacheId, stopListening, signInNeeded };
    if (!signInNeeded) this.deps.engine.start(cache.synced);
    this.setState({ status, session });
    this.emit({ name: 'data.changed', payload: { patientIds: 'all', team: true } });
    return this.session();
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

  private ready(): OpenSession {
    const s = this.state;
    if (s.status === 'ready') return s.session;
    if (s.status === 'locked') throw new WorkstationError('locked', 'The workstation is locked');
    if (s.status === 'cache-problem') throw new WorkstationError('needs-decision', s.problem.message);
    throw new WorkstationError('not-signed-in', 'Nobody is signed in');
  }

  /** A query on the open cache; SQLite finding the file damaged sends the session to the check. */
  private read<T>(query: (session: OpenSession) => T): T {
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
    const s = this.state;
    if (s.status !== 'ready' && s.status !== 'locked') return;
    await this.deps.engine.stop();
    await this.close(s.session);
    await this.openSession(s.session.record, s.status, { signInNeeded: s.session.signInNeeded });
  }

  private openSessionOrNull(): OpenSession | null {
    const s = this.state;
    return s.status === 'ready' || s.status === 'locked' || s.status === 'cache-problem'
      ? (s.session ?? null)
      : null;
  }

  private command<Req, T>(
    run: (ctx: commands.CommandContext, request: Req) => commands.CommandOutcome<T>,
    request: Req,
  ): T {
    const session = this.ready();
    const outcome = run(
      { cache: session.cache, staffId: session.record.principal.id, now: this.now() },
      request,
    );
    this.patientChanged(outcome.patientId);
    // Send it now; the UI does not wait for the network (the engine reports through its status).
    void this.deps.engine.outboxChanged().catch(() => undefined);
    return outcome.value;
  }

  private setRound(patientId: string, round: Parameters<Cache['local']['setRound']>[2]): null {
    const cache = this.ready().cache;
    const { week } = commands.currentWeek(cache, patientId, this.now());
    cache.local.setRound(patientId, week, round);
    this.patientChanged(patientId);
    return null;
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
    const s = this.state;
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
    return this.session();
  }

  private patientChanged(patientId: string): void {
    this.emit({ name: 'data.changed', payload: { patientIds: [patientId], team: false } });
  }

  private setState(state: State): void {
    this.state = state;
    this.emit({ name: 'session.changed', payload: this.session() });
  }

  private emit(event: WorkstationEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.transition.then(work, work);
    this.transition = run.catch(() => undefined);
    return run;
  }
}

export function createWorkstation(deps: WorkstationDeps): Workstation {
  return new Workstation(deps);
}

function accountOf(record: SessionRecord): AccountView {
  return {
    staffId: record.principal.id,
    username: record.username,
    displayName: record.principal.displayName,
    role: record.principal.role,
  };
}

function patientName(cache: Cache, patientId: string | null): string | null {
  const patient = patientId === null ? null : readRecord(cache.db, 'patient', patientId);
  return patient ? displayName(patient) : null;
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
