import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Enrolment, Message, Patient } from '../../../../src/shared/contracts/domain';
import type { RunningPortal } from '../../../../src/portal/server';
import { Teardown, cachedKeys, credentials, newEngine, newStore, startDemoPortal } from './support/harness';
import { startLossyProxy } from './support/lossy-proxy';
import { MemoryVault } from './support/memory-vault';
import { actAs } from './support/portal-actor';
import { keyOf } from './support/recording-store';
import { waitFor } from './support/wait';
import { checkpointFully } from '../cache/support/checkpoint';
import { message, up } from '../cache/support/records';

/** The engine against the real portal (PGlite in memory, demo clinic), one portal for the file. */

let portal: RunningPortal;
const teardown = new Teardown();

beforeAll(async () => {
  portal = await startDemoPortal();
});
afterAll(() => portal.close());
afterEach(() => teardown.run());

async function syncedTherapist(username = 'terapeut1', options: Parameters<typeof newEngine>[2] = {}) {
  const engine = newEngine(teardown, portal.url, { nudges: false, ...options });
  const principal = await engine.signIn(credentials(username));
  const { db, store, enqueue } = newStore(teardown);
  engine.start(store);
  await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);
  return { engine, principal, db, store, enqueue };
}

const myPatientIds = (store: ReturnType<typeof newStore>['store'], therapistId: string) =>
  (store.recordsOf('enrolment') as Enrolment[])
    .filter((enrolment) => enrolment.therapistId === therapistId)
    .map((enrolment) => enrolment.patientId);

describe('sync engine with the real portal', () => {
  it('brings the caseload on the initial sync, reporting progress page by page', async () => {
    const engine = newEngine(teardown, portal.url, { nudges: false, pullPageSize: 200 });
    const principal = await engine.signIn(credentials('terapeut1'));
    const { db, store } = newStore(teardown);
    const progress: { running: boolean; pagesDone: number }[] = [];
    engine.onStatus(({ initialSync }) => progress.push(initialSync));
    engine.start(store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);

    expect(cachedKeys(db)).toEqual(new Set(store.shadow.keys()));
    const patients = store.recordsOf('patient') as Patient[];
    const mine = new Set(myPatientIds(store, principal.id));
    expect(mine.size).toBeGreaterThanOrEqual(25);
    // Scope follows access: every cached patient is one of this therapist's.
    expect(patients.every((patient) => mine.has(patient.id))).toBe(true);
    expect(store.recordsOf('message').length).toBeGreaterThan(0);
    const { initialSync } = engine.status();
    expect(initialSync).toMatchObject({ running: false, changesApplied: store.applied.length });
    const pagesWhileRunning = progress.filter((p) => p.running).map((p) => p.pagesDone);
    expect(new Set(pagesWhileRunning).size).toBeGreaterThan(2);
    expect(Math.max(...pagesWhileRunning)).toBe(initialSync.pagesDone);
  });

  it('resumes an initial sync after a restart of the app from the last committed page', async () => {
    const vault = new MemoryVault();
    const first = newEngine(teardown, portal.url, { vault, nudges: false, pullPageSize: 100 });
    await first.signIn(credentials('terapeut2'));
    const { store } = newStore(teardown);
    let stopped: Promise<void> | null = null;
    first.onStatus((status) => {
      if (!stopped && status.initialSync.pagesDone === 2) stopped = first.stop();
    });
    first.start(store);
    await waitFor('first run stopped', () => stopped);
    await stopped;
    const progressAtStop = first.status().initialSync;
    expect(progressAtStop).toMatchObject({ running: true, pagesDone: 2 });

    const second = newEngine(teardown, portal.url, { vault, nudges: false, pullPageSize: 100 });
    expect(await second.resumeSession()).toMatchObject({ role: 'therapist' });
    second.start(store);
    await waitFor('resumed sync', () => second.status().lastSyncAt, 15_000);

    const keys = store.applied.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(second.status().initialSync).toMatchObject({ running: false, changesApplied: keys.length });
  });

  it('signs out: stops syncing, ends the session at the portal and forgets the tokens', async () => {
    const vault = new MemoryVault();
    const engine = newEngine(teardown, portal.url, { vault, nudges: false });
    await engine.signIn(credentials('terapeut2'));
    const refreshToken = vault.token;
    engine.start(newStore(teardown).store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);

    await engine.signOut();

    expect(engine.status().running).toBe(false);
    expect(vault.token).toBeNull();
    const refresh = await fetch(`${portal.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refresh.status).toBe(401);
  });

  it('pulls a change made at the portal on the next sync', async () => {
    const { engine, store } = await syncedTherapist();
    const patient = await actAs(portal.url, 'pasient1');

    const written = (await patient.send('POST', '/api/v1/patient/me/messages', {
      body: 'Ny uke, nye mål',
    })) as Message;
    await engine.syncNow();

    expect(store.shadow.get(`message:${written.id}`)).toMatchObject({ body: 'Ny uke, nye mål' });
  });

  it('reports a cache file found damaged during a sync, instead of retrying into it', async () => {
    const { engine, db } = await syncedTherapist();
    let damaged = 0;
    engine.onStoreDamaged(() => (damaged += 1));
    await checkpointFully(db);
    const bytes = readFileSync(db.name);
    bytes.fill(0x42, 2 * 4096);
    writeFileSync(db.name, bytes);
    db.pragma('shrink_memory');
    const patient = await actAs(portal.url, 'pasient1');
    await patient.send('POST', '/api/v1/patient/me/messages', { body: 'Etter skaden' });

    await engine.syncNow();

    expect(damaged).toBe(1);
    expect(engine.status().lastError).not.toBeNull();
  });

  it('pulls on a nudge, without waiting for the timer', async () => {
    // The timer is ten minutes away, so a change that arrives at all was fetched on the nudge. How
    // fast is the benchmark's business (npm run bench:workstation), not a timed assertion here.
    const { engine, store } = await syncedTherapist('terapeut1', { nudges: true, pollIntervalMs: 600_000 });
    await waitFor('nudge stream', () => engine.status().live);
    const patient = await actAs(portal.url, 'pasient1');

    const written = (await patient.send('POST', '/api/v1/patient/me/messages', {
      body: 'Hei igjen',
    })) as Message;

    await expect(
      Promise.race([
        store.arrivalOf('message', written.id),
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error('no nudge within 15 s')), 15_000),
        ),
      ]),
    ).resolves.toBeTypeOf('number');
  });

  it('coalesces duplicate sync requests during a cycle into one more cycle', async () => {
    const proxy = await startLossyProxy(portal.url);
    teardown.add(proxy.close);
    // No nudges and no timer within the test: every pull counted comes from syncNow().
    const engine = newEngine(teardown, proxy.url, { nudges: false, pollIntervalMs: 600_000 });
    await engine.signIn(credentials('terapeut2'));
    engine.start(newStore(teardown).store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);
    const pullsBefore = proxy.count('/api/v1/sync/pull');

    const first = engine.syncNow();
    const duplicates = Array.from({ length: 10 }, () => engine.syncNow());
    await Promise.all([first, ...duplicates]);

    // Caught up, each cycle is one page: the first request and one shared follow-up.
    expect(proxy.count('/api/v1/sync/pull') - pullsBefore).toBe(2);
  });

  it('coalesces duplicate nudges from the portal into one catch-up', async () => {
    const proxy = await startLossyProxy(portal.url);
    teardown.add(proxy.close);
    proxy.duplicateEvents('/api/v1/sync/events', 5);
    const engine = newEngine(teardown, proxy.url, { nudges: true, pollIntervalMs: 600_000 });
    await engine.signIn(credentials('terapeut1'));
    const { store } = newStore(teardown);
    engine.start(store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);
    await waitFor('nudge stream', () => engine.status().live);
    // The portal's own "pull now" on connect (five times over) has been passed on; a syncNow()
    // resolves only after a cycle that started after it, so every cycle those nudges caused has
    // ended by then. No settling sleeps: each wait is for an event.
    await waitFor('connect nudge', () => proxy.eventsPassed() >= 5);
    await engine.syncNow();
    const pullsBefore = proxy.count('/api/v1/sync/pull');
    const eventsBefore = proxy.eventsPassed();
    const patient = await actAs(portal.url, 'pasient1');

    const written = (await patient.send('POST', '/api/v1/patient/me/messages', {
      body: 'Dobbelt dytt',
    })) as Message;
    await store.arrivalOf('message', written.id);
    await engine.syncNow();

    // Every nudge the portal sent arrived five times at once. Coalesced, each costs one cycle plus
    // at most one shared follow-up; uncoalesced, five. (The portal may nudge more than once, e.g.
    // again while another database's open transaction holds changes back on a busy server.) Two
    // more pulls are allowed for the syncNow() barriers: the last one, and a follow-up of the first
    // if a copy of the connect nudge reached the engine only after it began.
    const nudges = (proxy.eventsPassed() - eventsBefore) / 5;
    expect(nudges).toBeGreaterThanOrEqual(1);
    const pulls = proxy.count('/api/v1/sync/pull') - pullsBefore;
    expect(pulls).toBeGreaterThanOrEqual(1);
    expect(pulls).toBeLessThanOrEqual(2 * nudges + 2);
  });

  it('drops a patient reassigned to a colleague, and the colleague gains them', async () => {
    const { engine, principal, db, store } = await syncedTherapist('terapeut3');
    const lead = await actAs(portal.url, 'teamleder');
    const colleague = await actAs(portal.url, 'terapeut2');
    const enrolment = (store.recordsOf('enrolment') as Enrolment[]).find(
      (e) => e.therapistId === principal.id,
    )!;

    await lead.send('POST', `/api/v1/team/enrolments/${enrolment.id}/assign`, {
      therapistId: colleague.principal.id,
    });
    await engine.syncNow();

    expect(cachedKeys(db).has(`patient:${enrolment.patientId}`)).toBe(false);
    const leftovers = [...store.shadow.values()].filter((record) => record.patientId === enrolment.patientId);
    expect(leftovers).toEqual([]);
    expect(cachedKeys(db)).toEqual(new Set(store.shadow.keys()));
    const { store: colleagueStore } = await syncedTherapist('terapeut2');
    expect(colleagueStore.shadow.has(`patient:${enrolment.patientId}`)).toBe(true);
  });

  it('shows a rejected mutation without blocking the ones after it', async () => {
    const { engine, principal, store, enqueue } = await syncedTherapist();
    const patientId = myPatientIds(store, principal.id)[0]!;
    const noteId = randomUUID();
    enqueue({ id: randomUUID(), type: 'flag.acknowledge', payload: { flagId: randomUUID(), note: 'Ringt' } });
    enqueue({ id: randomUUID(), type: 'note.add', payload: { noteId, patientId, body: 'Samtale avtalt' } });

    const status = await engine.outboxChanged();

    expect(status).toMatchObject({ pending: 0, rejected: 1, lastError: null });
    expect(store.rejectedMutations()[0]?.result.code).toBe('not-found');
    expect(store.shadow.get(`clinicalNote:${noteId}`)).toMatchObject({ body: 'Samtale avtalt' });
  });

  it('rebuilds from scratch when the portal refuses the cursor', async () => {
    const { engine, principal, db, store } = await syncedTherapist();
    const before = cachedKeys(db);
    const foreignCursor = Buffer.from(JSON.stringify(['l', randomUUID(), '1', '1'])).toString('base64url');
    // A record the portal does not have: only a reset, not re-applying the portal's records, removes it.
    const stale = message(myPatientIds(store, principal.id)[0]!);
    store.applyPage([up('message', stale)], foreignCursor);
    expect(cachedKeys(db).has(`message:${stale.id}`)).toBe(true);

    const status = await engine.syncNow();

    expect(status.lastError).toBeNull();
    expect(store.getCursor()).not.toBe(foreignCursor);
    expect(cachedKeys(db)).toEqual(before);
    expect(status.initialSync).toMatchObject({ running: false, changesApplied: before.size });
  });

  it('sends a message once when the answer to its push is lost', async () => {
    const proxy = await startLossyProxy(portal.url);
    teardown.add(proxy.close);
    const engine = newEngine(teardown, proxy.url, { nudges: false });
    await engine.signIn(credentials('terapeut1'));
    const { store, enqueue } = newStore(teardown);
    engine.start(store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);
    const patient = await actAs(portal.url, 'pasient1');
    const messageId = randomUUID();
    const body = `Svar ${messageId}`;
    enqueue({
      id: randomUUID(),
      type: 'message.send',
      payload: { messageId, patientId: patient.principal.id, body },
    });

    proxy.dropAnswers('/api/v1/sync/push');
    const afterLoss = await engine.outboxChanged();
    expect(afterLoss).toMatchObject({ online: false, pending: 1 });
    const afterRetry = await engine.syncNow();

    expect(proxy.answersDropped()).toBe(1);
    expect(proxy.count('/api/v1/sync/push')).toBe(2);
    expect(afterRetry).toMatchObject({ online: true, pending: 0, rejected: 0 });
    const seenByPatient = (await patient.send('GET', '/api/v1/patient/me/messages')) as Message[];
    expect(seenByPatient.filter((message) => message.body === body)).toHaveLength(1);
  });
});
