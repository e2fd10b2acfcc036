import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../../../src/shared/contracts/sync';
import { WorkstationError } from '../../../../src/main/core/workstation/errors';
import { KeychainUnavailableError, type SecretStore } from '../../../../src/main/core/vault/secret-store';
import type { CacheDatabase } from '../../../../src/main/core/cache/database';
import { Overlay } from '../../../../src/main/core/cache/overlay';
import { checkpointFully } from '../cache/support/checkpoint';
import { FOLLOW_UP_WEEK } from '../../../../src/shared/clinical';
import {
  enrolment,
  flag,
  message,
  patient,
  patientHistory,
  response,
  staff,
  team,
  up,
} from '../cache/support/records';
import { type Harness, harness } from './support/harness';

const NOW = new Date('2026-11-20T10:00:00.000Z');
let h: Harness;
/** The workstation's clock; a test may move it on. */
let clock: Date;

beforeEach(() => {
  clock = NOW;
  h = harness(() => clock);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.ws.session.shutdown();
  h.cleanup();
});

const signIn = () => h.ws.session.signIn({ username: 'terapeut1', password: 'riktig' });
/** The open cache's database, reached through the store the workstation handed the engine. */
function openCache(): CacheDatabase {
  return (h.engine.store as unknown as { db: CacheDatabase }).db;
}
const outbox = () =>
  openCache().prepare('SELECT mutation FROM outbox ORDER BY seq').all() as { mutation: string }[];
const overlayRows = () => (openCache().prepare('SELECT count(*) AS n FROM overlay').get() as { n: number }).n;

async function expectError(promise: Promise<unknown> | (() => unknown), code: string) {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise;
  await expect(run).rejects.toSatisfy((e: unknown) => e instanceof WorkstationError && e.code === code);
}

function seedCaseload() {
  const t = team();
  const me = staff(t.id, { id: h.engine.therapist.id, displayName: 'Terapeut En' });
  const calm = patientHistory(t.id, me.id, 4, { givenName: 'Rolig' });
  const writes = patientHistory(t.id, me.id, 4, { givenName: 'Skriver' });
  const risky = patientHistory(t.id, me.id, 4, { givenName: 'Risiko' });
  const urgent = patientHistory(t.id, me.id, 4, { givenName: 'Akutt' });
  const waiting = message(writes.patient.id, { sentAt: '2026-11-19T08:00:00.000Z' });
  const riskFlag = flag(risky.patient.id, { raisedAt: '2026-11-19T09:00:00.000Z' });
  const urgentFlag = flag(urgent.patient.id, { severity: 'urgent', raisedAt: '2026-11-20T09:00:00.000Z' });
  const changes: Change[] = [
    up('team', t),
    up('staff', me),
    ...calm.changes,
    ...writes.changes,
    ...risky.changes,
    ...urgent.changes,
    up('message', waiting),
    up('flag', riskFlag),
    up('flag', urgentFlag),
  ];
  h.pull(changes);
  return { calm, writes, risky, urgent, waiting, riskFlag, urgentFlag };
}

describe('signing in', () => {
  it('opens the account cache and answers the queue from it', async () => {
    const state = await signIn();
    expect(state).toMatchObject({ status: 'ready', account: { username: 'terapeut1', role: 'therapist' } });
    const seeded = seedCaseload();
    expect(h.ws.round.queue().items.map((i) => i.patientId)).toContain(seeded.calm.patient.id);
    expect(h.files().some((f) => f.endsWith('.sqlite'))).toBe(true);
    // The file is named by a hash: no username, staff id or portal in it.
    for (const f of h.files()) expect(f).not.toMatch(/terapeut|portal|Terapeut|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('reports refused credentials and an unreachable portal with their own codes', async () => {
    await expectError(h.ws.session.signIn({ username: 'terapeut1', password: 'feil' }), 'wrong-credentials');
    expect(h.ws.session.state().status).toBe('signed-out');
    h.engine.portal = null;
    await expectError(signIn(), 'portal-unreachable');
  });

  it('refuses to cache anything without a keychain, and says how to fix it', async () => {
    const broken: SecretStore = {
      get: () => Promise.reject(new KeychainUnavailableError({ platform: 'linux' })),
      set: () => Promise.reject(new KeychainUnavailableError({ platform: 'linux' })),
      delete: () => Promise.reject(new KeychainUnavailableError({ platform: 'linux' })),
    };
    await h.ws.session.shutdown();
    h.cleanup();
    h = harness(() => NOW, broken);
    await expectError(signIn(), 'keychain-unavailable');
    expect(h.ws.session.state()).toMatchObject({
      status: 'signed-out',
      notice: { code: 'keychain-unavailable' },
    });
    expect(h.ws.session.state()).toHaveProperty('notice.message', expect.stringMatching(/gnome-keyring/));
    expect(h.files()).toEqual([]);
    expect(h.engine.signedOut).toBe(1);
  });
});

describe('locking', () => {
  it('refuses every query while locked and unlocks with the password, checked locally', async () => {
    await signIn();
    seedCaseload();
    expect(h.ws.session.lock().status).toBe('locked');
    await expectError(() => h.ws.round.queue(), 'locked');
    await expectError(() => h.ws.round.drafts(), 'locked');
    h.engine.portal = null; // offline: unlocking must not need the portal
    await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
    expect((await h.ws.session.unlock({ password: 'riktig' })).status).toBe('ready');
    expect(h.ws.round.queue().items).toHaveLength(4);
  });

  it('makes wrong passwords wait longer and longer, and the tenth in a row signs out', async () => {
    await signIn();
    seedCaseload();
    h.ws.session.lock();
    let clock = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    for (let i = 1; i <= 3; i++)
      await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
    await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
    // From the fourth on, a wait: even the right password is not checked before it has passed.
    await expectError(h.ws.session.unlock({ password: 'riktig' }), 'too-many-attempts');
    clock += 2_000;
    for (let i = 5; i <= 9; i++) {
      await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
      clock += 60_000;
    }
    expect(h.ws.session.state().status).toBe('locked');
    expect((await h.ws.session.unlock({ password: 'feil' })).status).toBe('signed-out');
    expect(h.files()).toEqual([]);
  });

  it('locks after the idle time without activity; an action counts as activity', async () => {
    await signIn();
    const s = seedCaseload();
    let clock = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    h.ws.idle.activity();
    clock += 9 * 60_000;
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat' });
    clock += 9 * 60_000;
    h.ws.idle.check();
    expect(h.ws.session.state().status).toBe('ready');
    clock += 60_000;
    h.ws.idle.check();
    expect(h.ws.session.state().status).toBe('locked');
  });

  it('a right password starts the count over', async () => {
    await signIn();
    h.ws.session.lock();
    vi.spyOn(performance, 'now').mockReturnValue(1_000_000);
    for (let i = 1; i <= 3; i++)
      await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
    expect((await h.ws.session.unlock({ password: 'riktig' })).status).toBe('ready');
    h.ws.session.lock();
    // Three more without a wait: the earlier three no longer count.
    for (let i = 1; i <= 3; i++)
      await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
  });

  it('after a restart, opens the same cache locked, even with the portal down', async () => {
    await signIn();
    const seeded = seedCaseload();
    await h.ws.session.shutdown();
    h.engine.resume = 'offline';
    const again = h.restart();
    expect((await again.session.restore()).status).toBe('locked');
    await again.session.unlock({ password: 'riktig' });
    expect(again.round.queue().items.map((i) => i.patientId)).toContain(seeded.urgent.patient.id);
    h.ws = again;
  });
});

describe('commands', () => {
  beforeEach(async () => {
    await signIn();
  });

  it('sending a reply queues exactly one mutation, shows it pending, answers the waiting message and drops the draft', async () => {
    const { writes } = seedCaseload();
    const patientId = writes.patient.id;
    h.ws.round.perform('draft.save', { patientId, body: 'Hei! Bra jobba' });
    const { messageId } = h.ws.round.perform('message.send', { patientId, body: '  Hei! Bra jobba  ' });
    expect(outbox().map((r) => JSON.parse(r.mutation))).toEqual([
      {
        id: expect.any(String),
        type: 'message.send',
        payload: { messageId, patientId, body: 'Hei! Bra jobba' },
      },
    ]);
    const detail = h.ws.round.patient(patientId);
    expect(detail.messages.find((m) => m.id === messageId)).toMatchObject({
      pending: true,
      authorKind: 'staff',
    });
    expect(detail.messages.filter((m) => m.authorKind === 'patient' && m.answeredAt === null)).toEqual([]);
    expect(detail.draft).toBeNull();
    expect(
      h.ws.round
        .queue()
        .items.find((i) => i.patientId === patientId)
        ?.reasons.map((r) => r.code),
    ).not.toContain('unanswered-messages');
    expect(h.engine.outboxNudges).toBe(1);
  });

  it('writes the outbox and the overlay in one transaction: a failure leaves neither', async () => {
    const { writes } = seedCaseload();
    // The reply's second overlay row (the answered patient message) fails, after the outbox write.
    const put = Overlay.prototype.put;
    let calls = 0;
    const spy = vi.spyOn(Overlay.prototype, 'put').mockImplementation(function (this: Overlay, ...args) {
      calls += 1;
      if (calls === 2) throw new Error('disk full');
      return put.apply(this, args);
    });
    try {
      expect(() => h.ws.round.perform('message.send', { patientId: writes.patient.id, body: 'Hei' })).toThrow(
        'disk full',
      );
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(outbox()).toEqual([]);
    expect(overlayRows()).toBe(0);
  });

  it.each([
    [
      'message.markRead',
      (s: ReturnType<typeof seedCaseload>) =>
        h.ws.round.perform('message.markRead', {
          patientId: s.writes.patient.id,
          messageIds: [s.waiting.id],
        }),
    ],
    [
      'flag.acknowledge',
      (s: ReturnType<typeof seedCaseload>) =>
        h.ws.round.perform('flag.acknowledge', { flagId: s.riskFlag.id, note: 'Ringte' }),
    ],
    [
      'flag.raise',
      (s: ReturnType<typeof seedCaseload>) =>
        h.ws.round.perform('flag.raise', { patientId: s.calm.patient.id, severity: 'risk', note: 'Uro' }),
    ],
    [
      'note.add',
      (s: ReturnType<typeof seedCaseload>) =>
        h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat' }),
    ],
    [
      'feedback.markGiven',
      (s: ReturnType<typeof seedCaseload>) =>
        h.ws.round.perform('feedback.markGiven', { patientId: s.calm.patient.id }),
    ],
  ])('%s queues exactly one mutation of that type', (type, run) => {
    const seeded = seedCaseload();
    run(seeded);
    expect(outbox().map((r) => (JSON.parse(r.mutation) as { type: string }).type)).toEqual([type]);
  });

  it('acknowledging shows the flag acknowledged at once and takes it out of the risk bucket', () => {
    const { riskFlag, risky } = seedCaseload();
    h.ws.round.perform('flag.acknowledge', { flagId: riskFlag.id, note: 'Ringte pasienten' });
    expect(h.ws.round.patient(risky.patient.id).flags[0]).toMatchObject({
      status: 'acknowledged',
      pending: true,
    });
    expect(h.ws.round.queue().items.find((i) => i.patientId === risky.patient.id)?.bucket).not.toBe(
      'risk-flag',
    );
    expect(JSON.parse(outbox()[0]!.mutation)).toMatchObject({
      type: 'flag.acknowledge',
      payload: { flagId: riskFlag.id, seenHits: 0 },
    });
  });

  it('says how many answers the acknowledged flag showed, so the portal can refuse it if one came since', () => {
    const { urgentFlag, urgent } = seedCaseload();
    const hit = (week: number, value: number) => ({
      responseId: randomUUID(),
      week,
      value,
      severity: 'urgent' as const,
      at: '2026-11-19T08:00:00.000Z',
    });
    h.pull([up('flag', { ...urgentFlag, hits: [hit(4, 2), hit(5, 3)] })]);
    h.ws.round.perform('flag.acknowledge', { flagId: urgentFlag.id, note: 'Ringte pasienten' });
    expect(h.ws.round.patient(urgent.patient.id).flags[0]).toMatchObject({ status: 'acknowledged' });
    expect(JSON.parse(outbox()[0]!.mutation).payload).toMatchObject({ flagId: urgentFlag.id, seenHits: 2 });
  });

  it('refuses what the flag rules forbid, queueing nothing', async () => {
    const { riskFlag } = seedCaseload();
    await expectError(() => h.ws.round.perform('flag.resolve', { flagId: riskFlag.id }), 'conflict');
    h.ws.round.perform('flag.acknowledge', { flagId: riskFlag.id, note: 'Ringte' });
    await expectError(
      () => h.ws.round.perform('flag.acknowledge', { flagId: riskFlag.id, note: 'Igjen' }),
      'conflict',
    );
    expect(outbox()).toHaveLength(1);
  });

  it('refuses commands about patients not in the cache', async () => {
    seedCaseload();
    await expectError(
      () => h.ws.round.perform('message.send', { patientId: crypto.randomUUID(), body: 'Hei' }),
      'not-found',
    );
    expect(outbox()).toEqual([]);
  });
});

describe('the queue for the round', () => {
  beforeEach(async () => {
    await signIn();
  });

  it('orders urgent, risk, waiting messages, then the rest; done and snoozed sink unless something new arrives', () => {
    const s = seedCaseload();
    const order = () => h.ws.round.queue().items.map((i) => i.patientId);
    expect(order().slice(0, 3)).toEqual([s.urgent.patient.id, s.risky.patient.id, s.writes.patient.id]);

    h.ws.round.perform('round.markDone', { patientId: s.writes.patient.id });
    h.ws.round.perform('round.snooze', { patientId: s.calm.patient.id, until: '2026-11-21T10:00:00.000Z' });
    expect(order().slice(-2)).toEqual([s.calm.patient.id, s.writes.patient.id]);
    expect(h.ws.round.queue().items.at(-1)).toMatchObject({ bucket: 'done', round: { status: 'done' } });

    // A message after the round was marked done brings the patient back up.
    h.pull([up('message', message(s.writes.patient.id, { sentAt: '2026-11-20T11:00:00.000Z' }))]);
    expect(order().indexOf(s.writes.patient.id)).toBe(2);
  });

  it('lifts a snoozed patient who writes after the snooze, and keeps one whose message came before', () => {
    const s = seedCaseload();
    const order = () => h.ws.round.queue().items.map((i) => i.patientId);
    // `writes` has a message from before the snooze: snoozing it sinks the patient.
    h.ws.round.perform('round.snooze', { patientId: s.writes.patient.id, until: '2026-11-21T10:00:00.000Z' });
    h.ws.round.perform('round.snooze', { patientId: s.calm.patient.id, until: '2026-11-21T10:00:00.000Z' });
    expect(h.ws.round.queue().items.find((i) => i.patientId === s.writes.patient.id)).toMatchObject({
      bucket: 'snoozed',
      round: { status: 'snoozed', since: NOW.toISOString() },
    });
    expect(order().slice(-2).sort()).toEqual([s.calm.patient.id, s.writes.patient.id].sort());

    // A new message from `calm` after the snooze was set brings it back among the waiting messages.
    h.pull([up('message', message(s.calm.patient.id, { sentAt: '2026-11-20T11:00:00.000Z' }))]);
    expect(order().indexOf(s.calm.patient.id)).toBe(2);
  });

  it('refuses to mark a patient done while a flag is unacknowledged, and allows it once acknowledged', async () => {
    const s = seedCaseload();
    await expectError(
      () => h.ws.round.perform('round.markDone', { patientId: s.urgent.patient.id }),
      'conflict',
    );
    expect(h.ws.round.queue().items[0]).toMatchObject({
      patientId: s.urgent.patient.id,
      round: { status: 'open' },
    });

    // Acknowledged on this workstation, not yet confirmed by the portal: the therapist has acted.
    h.ws.round.perform('flag.acknowledge', { flagId: s.urgentFlag.id, note: 'Ringte pasienten.' });
    h.ws.round.perform('round.markDone', { patientId: s.urgent.patient.id });
    expect(h.ws.round.queue().items.find((i) => i.patientId === s.urgent.patient.id)).toMatchObject({
      bucket: 'done',
      round: { status: 'done' },
    });
  });

  it('after the end: the answered follow-up is in the round until done, and an open flag always is', async () => {
    const t = team();
    const me = staff(t.id, { id: h.engine.therapist.id });
    const active = patientHistory(t.id, me.id, 4);
    /** A programme that ended in August: completed, with or without its follow-up or a flag. */
    const ended = (givenName: string) => {
      const p = patient(t.id, { givenName });
      const e = enrolment(p, me.id, {
        status: 'completed',
        startDate: '2026-05-04',
        plannedEndDate: '2026-08-10',
      });
      return {
        p,
        e,
        changes: [
          up('patient', p),
          up('enrolment', e),
          up('questionnaireResponse', response(p, e, 14, { submittedAt: '2026-08-05T08:00:00.000Z' })),
        ],
      };
    };
    const answered = ended('Svart');
    const silent = ended('Stille');
    const flagged = ended('Flagget');
    const followUp = response(answered.p, answered.e, FOLLOW_UP_WEEK, {
      submittedAt: '2026-11-19T08:00:00.000Z',
    });
    h.pull([
      up('team', t),
      up('staff', me),
      ...active.changes,
      ...answered.changes,
      ...silent.changes,
      ...flagged.changes,
      up('questionnaireResponse', followUp),
      up('flag', flag(flagged.p.id, { severity: 'urgent', raisedAt: '2026-11-20T08:00:00.000Z' })),
    ]);
    const item = (patientId: string) => h.ws.round.queue().items.find((i) => i.patientId === patientId);
    expect(item(silent.p.id)).toBeUndefined();
    expect(item(flagged.p.id)).toMatchObject({ bucket: 'urgent-flag', programmeWeek: 'ended' });
    expect(item(answered.p.id)).toMatchObject({
      bucket: 'follow-up',
      reasons: [{ code: 'follow-up', submittedAt: followUp.submittedAt }],
      latestScores: [expect.objectContaining({ week: FOLLOW_UP_WEEK })],
      round: { status: 'open' },
    });
    expect(h.ws.round.patient(answered.p.id).scoreSeries[0]!.points.map((p) => p.week)).toEqual([
      14,
      FOLLOW_UP_WEEK,
    ]);

    // Marked done, it shows as done for the rest of the week, then leaves the queue.
    h.ws.round.perform('round.markDone', { patientId: answered.p.id });
    expect(item(answered.p.id)).toMatchObject({ bucket: 'done', reasons: [], round: { status: 'done' } });
    expect(h.ws.round.patient(answered.p.id).round).toMatchObject({ status: 'done' });
    await expectError(() => h.ws.round.perform('round.markDone', { patientId: silent.p.id }), 'conflict');
    clock = new Date(NOW.getTime() + 8 * 86_400_000);
    expect(item(answered.p.id)).toBeUndefined();
    expect(item(flagged.p.id)).toBeDefined();
    expect(item(active.patient.id)).toBeDefined();
  });

  it('refuses a snooze in the past or beyond two weeks', async () => {
    const s = seedCaseload();
    await expectError(
      () =>
        h.ws.round.perform('round.snooze', {
          patientId: s.calm.patient.id,
          until: '2026-11-19T10:00:00.000Z',
        }),
      'conflict',
    );
    await expectError(
      () =>
        h.ws.round.perform('round.snooze', {
          patientId: s.calm.patient.id,
          until: '2026-12-19T10:00:00.000Z',
        }),
      'conflict',
    );
  });
});

describe('signing out', () => {
  beforeEach(async () => {
    await signIn();
  });

  it('deletes the cache files, the key and the session record', async () => {
    seedCaseload();
    expect((await h.ws.session.signOut()).status).toBe('signed-out');
    expect(h.files()).toEqual([]);
    expect((h.secrets as unknown as { values: Map<string, string> }).values.size).toBe(0);
    expect(h.engine.signedOut).toBe(1);
  });

  it('refuses reads cleanly while it closes the cache, never with a closed database error', async () => {
    seedCaseload();
    // A real keychain answers over D-Bus, some milliseconds later: the cache is closed by then.
    const forget = h.secrets.delete.bind(h.secrets);
    vi.spyOn(h.secrets, 'delete').mockImplementation(async (name) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return forget(name);
    });
    let finished = false;
    const signingOut = h.ws.session.signOut().finally(() => (finished = true));
    const refusals = new Set<string>();
    while (!finished) {
      try {
        h.ws.round.queue();
      } catch (error) {
        refusals.add(error instanceof WorkstationError ? error.code : String(error));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await signingOut).status).toBe('signed-out');
    expect([...refusals]).toEqual(['not-signed-in']);
  });

  it('sends pending changes first when it can', async () => {
    const s = seedCaseload();
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat' });
    expect((await h.ws.session.signOut()).status).toBe('signed-out');
    expect(h.files()).toEqual([]);
  });

  it('asks before losing changes it cannot send, listing them with their text', async () => {
    const s = seedCaseload();
    h.ws.round.perform('message.send', { patientId: s.writes.patient.id, body: 'Svar som ikke kom fram' });
    h.engine.portal = null;
    const state = await h.ws.session.signOut();
    expect(state).toMatchObject({
      status: 'cache-problem',
      problem: {
        cause: 'pending-on-sign-out',
        action: 'sign-out',
        pendingReadable: true,
        // The user's own work on their own screen, so they can copy it out before it goes.
        pending: [{ type: 'message.send', patientName: 'Skriver Nordmann', text: 'Svar som ikke kom fram' }],
      },
    });
    await expectError(() => h.ws.round.queue(), 'needs-decision');
    if (state.status !== 'cache-problem') throw new Error('unreachable');

    // Cancel: back to work, nothing lost.
    expect(
      (await h.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'cancel' })).status,
    ).toBe('ready');
    expect(outbox()).toHaveLength(1);

    // Retry once the portal is back: sent, then signed out.
    const again = await h.ws.session.signOut();
    if (again.status !== 'cache-problem') throw new Error('expected a decision');
    h.engine.portal = (id) => ({ id, status: 'applied' });
    expect(
      (await h.ws.session.resolveCacheProblem({ problemId: again.problem.id, choice: 'retry' })).status,
    ).toBe('signed-out');
    expect(h.files()).toEqual([]);
  });

  it('returns a locked workstation to the lock screen when the user cancels', async () => {
    const s = seedCaseload();
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat' });
    h.engine.portal = null;
    h.ws.session.lock();
    const state = await h.ws.session.signOut();
    if (state.status !== 'cache-problem') throw new Error('expected a decision');
    // Locked shows no patient data: the decision lists the change without the patient.
    expect(state.problem.pending).toMatchObject([{ type: 'note.add', patientName: null }]);
    expect(JSON.stringify(state)).not.toContain('Rolig');
    expect(
      (await h.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'cancel' })).status,
    ).toBe('locked');
  });

  it('loses pending changes only when the user chooses to', async () => {
    const s = seedCaseload();
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat' });
    h.engine.portal = null;
    const state = await h.ws.session.signOut();
    if (state.status !== 'cache-problem') throw new Error('expected a decision');
    await expectError(
      h.ws.session.resolveCacheProblem({ problemId: 'stale', choice: 'discard' }),
      'conflict',
    );
    expect(h.files().length).toBeGreaterThan(0);
    expect(
      (await h.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'discard' })).status,
    ).toBe('signed-out');
    expect(h.files()).toEqual([]);
  });

  it('a revocation deletes nothing until the user, shown each change with its text, decides', async () => {
    const s = seedCaseload();
    h.engine.portal = null;
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat som ikke kom fram' });
    h.engine.endSession('revoked', 'account_inactive');
    await vi.waitFor(() => expect(h.ws.session.state().status).toBe('cache-problem'));
    const state = h.ws.session.state();
    if (state.status !== 'cache-problem') throw new Error('expected a decision');
    expect(state.problem).toMatchObject({
      cause: 'account-inactive',
      action: 'revoked',
      detailsHidden: false,
      pending: [
        { type: 'note.add', patientName: expect.stringContaining('Rolig'), text: 'Notat som ikke kom fram' },
      ],
    });
    expect(h.files().some((f) => f.endsWith('.sqlite'))).toBe(true);
    // Sign-out cannot go round the decision.
    await expectError(h.ws.session.signOut(), 'needs-decision');
    await expectError(
      h.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'cancel' }),
      'conflict',
    );
    expect(h.ws.session.state()).toMatchObject({
      problem: { pending: [{ text: 'Notat som ikke kom fram' }] },
    });

    const after = await h.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'discard' });
    expect(after).toMatchObject({
      status: 'signed-out',
      notice: { code: 'revoked', cause: 'account-inactive', lost: [{ type: 'note.add', patientName: null }] },
    });
    // Signed out shows no patient data and never a change's text.
    expect(JSON.stringify(after)).not.toMatch(/Rolig|Notat som/);
    expect(h.files()).toEqual([]);
  });

  it('at start, a revoked session opens on the decision, locked: names and texts need the password', async () => {
    const s = seedCaseload();
    h.engine.portal = null;
    h.ws.round.perform('message.send', { patientId: s.writes.patient.id, body: 'Svar som ikke kom fram' });
    await h.ws.session.shutdown();
    h.engine.resume = 'revoked';
    h.ws = h.restart();
    const state = await h.ws.session.restore();
    if (state.status !== 'cache-problem') throw new Error('expected a decision');
    expect(state.problem).toMatchObject({
      cause: 'token-reused',
      detailsHidden: true,
      pending: [{ type: 'message.send', patientName: null, text: null }],
    });
    expect(JSON.stringify(state)).not.toMatch(/Skriver|Svar som/);
    expect(h.files().some((f) => f.endsWith('.sqlite'))).toBe(true);

    await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
    const shown = await h.ws.session.unlock({ password: 'riktig' });
    if (shown.status !== 'cache-problem') throw new Error('expected the decision still');
    expect(shown.problem.pending).toMatchObject([
      { patientName: expect.stringContaining('Skriver'), text: 'Svar som ikke kom fram' },
    ]);

    // Signing in again proves who asks: the change is then sent, not deleted.
    expect(
      await h.ws.session.resolveCacheProblem({ problemId: shown.problem.id, choice: 'retry' }),
    ).toMatchObject({
      status: 'locked',
      signInNeeded: true,
    });
    h.engine.portal = (id) => ({ id, status: 'applied' });
    expect(await h.ws.session.unlock({ password: 'riktig' })).toMatchObject({
      status: 'ready',
      signInNeeded: false,
    });
    await h.engine.syncNow();
    expect(outbox()).toHaveLength(0);
  });
});

describe('an expired portal session', () => {
  beforeEach(async () => {
    await signIn();
  });

  it('locks and keeps everything; the password signs in again and sync resumes', async () => {
    const s = seedCaseload();
    h.engine.portal = null;
    h.ws.round.perform('message.send', { patientId: s.writes.patient.id, body: 'Svar' });
    h.engine.endSession('expired');
    await vi.waitFor(() =>
      expect(h.ws.session.state()).toMatchObject({ status: 'locked', signInNeeded: true }),
    );
    expect(h.engine.store).toBeNull();
    expect(h.files().some((f) => f.endsWith('.sqlite'))).toBe(true);

    h.engine.portal = (id) => ({ id, status: 'applied' });
    await expectError(h.ws.session.unlock({ password: 'feil' }), 'wrong-password');
    expect(await h.ws.session.unlock({ password: 'riktig' })).toMatchObject({
      status: 'ready',
      signInNeeded: false,
    });
    expect(outbox()).toHaveLength(1);
    await h.engine.syncNow();
    expect(outbox()).toHaveLength(0);
  });

  it('at start opens locked without syncing; offline the password opens the cache, and sync waits', async () => {
    const s = seedCaseload();
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Notat' });
    h.engine.portal = null;
    await h.ws.session.shutdown();
    h.engine.resume = 'expired';
    h.ws = h.restart();
    expect(await h.ws.session.restore()).toMatchObject({ status: 'locked', signInNeeded: true });
    expect(h.engine.store).toBeNull();

    expect(await h.ws.session.unlock({ password: 'riktig' })).toMatchObject({
      status: 'ready',
      signInNeeded: true,
    });
    expect(h.engine.store).toBeNull();
    expect(h.ws.round.queue().items.length).toBeGreaterThan(0);

    // Back online: locking and unlocking signs in again.
    h.engine.portal = (id) => ({ id, status: 'applied' });
    h.ws.session.lock();
    expect(await h.ws.session.unlock({ password: 'riktig' })).toMatchObject({
      status: 'ready',
      signInNeeded: false,
    });
    expect(h.engine.store).not.toBeNull();
  });

  it('at start with no refresh token kept (forgotten at an expiry) opens locked, asking to sign in', async () => {
    seedCaseload();
    await h.ws.session.shutdown();
    h.engine.resume = 'none';
    h.ws = h.restart();
    expect(await h.ws.session.restore()).toMatchObject({ status: 'locked', signInNeeded: true });
    expect(h.files().some((f) => f.endsWith('.sqlite'))).toBe(true);
  });
});

/** The open cache's file on disk. */
const cacheFile = () =>
  join(
    h.dir,
    'cache',
    h.files().find((f) => f.endsWith('.sqlite'))!,
  );

/** Twenty long histories, so damage near the end of the file misses the outbox near its start. */
function fillCache(s: ReturnType<typeof seedCaseload>) {
  h.pull(
    Array.from(
      { length: 20 },
      () => patientHistory(s.calm.patient.teamId, h.engine.therapist.id, 14).changes,
    ).flat(),
  );
}

/** Overwrite the last `pages` 4 KiB pages of the cache file with junk. */
function damageTail(pages: number) {
  const bytes = readFileSync(cacheFile());
  bytes.fill(0x42, bytes.length - pages * 4096);
  writeFileSync(cacheFile(), bytes);
}

describe('a cache that cannot be opened', () => {
  async function breakCache(how: 'wrong-key' | 'missing-key' | 'corrupt') {
    await signIn();
    seedCaseload();
    await h.ws.session.signOut().then(
      () => undefined,
      () => undefined,
    );
    // Signing out wiped it; sign in again, then break it the way asked.
    await signIn();
    seedCaseload();
    await h.ws.session.shutdown();
    const values = (h.secrets as unknown as { values: Map<string, string> }).values;
    const keyName = [...values.keys()].find((k) => k.startsWith('cache-key:'))!;
    if (how === 'wrong-key') values.set(keyName, 'ab'.repeat(32));
    if (how === 'missing-key') values.delete(keyName);
    if (how === 'corrupt') {
      writeFileSync(cacheFile(), Buffer.alloc(64 * 1024, 0x42));
    }
    h.ws = h.restart();
    return h.ws.session.restore();
  }

  it.each(['wrong-key', 'missing-key', 'corrupt'] as const)(
    'reports %s, says unsent changes are unrecoverable, and rebuilds on request',
    async (how) => {
      const state = await breakCache(how);
      expect(state).toMatchObject({
        status: 'cache-problem',
        problem: { cause: how, action: 'rebuild', pendingReadable: false, pending: [] },
      });
      if (state.status !== 'cache-problem') throw new Error('unreachable');
      expect(state.problem.message).toMatch(/cannot be recovered/);
      const rebuilt = await h.ws.session.resolveCacheProblem({
        problemId: state.problem.id,
        choice: 'discard',
      });
      // A fresh, empty cache that a full sync fills again.
      // It came up after a restart: rebuilding does not skip the lock screen.
      expect(rebuilt.status).toBe('locked');
      await h.ws.session.unlock({ password: 'riktig' });
      expect(h.engine.store?.getCursor()).toBeNull();
      expect(h.ws.round.queue().items).toEqual([]);
      // The session survives the rebuild: the next start finds it again.
      await h.ws.session.shutdown();
      h.ws = h.restart();
      expect((await h.ws.session.restore()).status).toBe('locked');
    },
  );

  it('recovers the unsent changes of a damaged file whose outbox is still readable, and sends them after the rebuild', async () => {
    await signIn();
    const s = seedCaseload();
    fillCache(s);
    const { noteId } = h.ws.round.perform('note.add', {
      patientId: s.calm.patient.id,
      body: 'Ringte, avtalte ny time',
    });
    await h.ws.session.shutdown();
    damageTail(3);

    h.ws = h.restart();
    const state = await h.ws.session.restore();
    expect(state).toMatchObject({
      status: 'cache-problem',
      problem: {
        cause: 'corrupt',
        pendingReadable: true,
        pending: [{ type: 'note.add', patientName: null }],
      },
    });
    if (state.status !== 'cache-problem') throw new Error('unreachable');
    expect(state.problem.message).toMatch(/recovered/);
    // The user was told these "will be sent": signing out now would break that, so it waits for the decision.
    await expectError(h.ws.session.signOut(), 'needs-decision');
    expect(h.files().some((f) => f.endsWith('.sqlite'))).toBe(true);
    await h.ws.session.resolveCacheProblem({ problemId: state.problem.id, choice: 'discard' });
    expect(h.engine.store?.pendingMutations(10)).toMatchObject([
      { mutation: { type: 'note.add', payload: { noteId } } },
    ]);
  });
});

describe('a cache damaged while the session is open', () => {
  it('notices SQLite reporting the damage, and puts the same decision as at start', async () => {
    await signIn();
    const s = seedCaseload();
    fillCache(s);
    h.engine.portal = null;
    h.ws.round.perform('note.add', { patientId: s.calm.patient.id, body: 'Ringte, avtalte ny time' });
    const db = openCache();
    await checkpointFully(db);
    // The disk goes bad under the open file, past the first pages (where the outbox lives).
    damageTail(8);
    // What the connection still holds in memory hides the damage until it reads from disk again.
    db.pragma('shrink_memory');

    await expectError(() => h.ws.round.queue(), 'needs-decision');
    await vi.waitFor(() => expect(h.ws.session.state().status).toBe('cache-problem'));
    expect(h.ws.session.state()).toMatchObject({
      problem: { cause: 'corrupt', action: 'rebuild', pending: [{ type: 'note.add' }] },
    });
  });
});
