import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { programmeWeek } from '../../../../src/shared/clinical';
import type { ClinicalNote, Enrolment, Message } from '../../../../src/shared/contracts/domain';
import { PullResponse } from '../../../../src/shared/contracts/sync';
import { Teardown, credentials, newEngine, newStore } from './support/harness';
import { startLossyProxy } from './support/lossy-proxy';
import { type startPortalProcess as StartPortalProcess, startPortalProcess } from './support/portal-child';
import { actAs } from './support/portal-actor';
import { waitFor } from './support/wait';
import { MemorySecrets } from '../workstation/support/memory-secrets';
import { portalWorkstation } from '../workstation/support/portal-workstation';

/**
 * The workstation's clock set hours wrong must change nothing. The portal runs in its own process
 * on the real clock; this process runs with Date seven hours ahead. Every byte the engine sends
 * passes through a proxy that keeps it, so "no client time is sent" is checked, not assumed.
 */

const SKEW_MS = 7 * 3600_000;
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
let portal: Awaited<ReturnType<typeof StartPortalProcess>>;
const teardown = new Teardown();

beforeAll(async () => {
  portal = await startPortalProcess();
}, 60_000);
afterAll(() => portal.stop());
afterEach(async () => {
  vi.useRealTimers();
  await teardown.run();
});

describe('a client clock set hours wrong', () => {
  it('changes nothing: no client time is sent, server times order everything', async () => {
    const realNow = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(realNow + SKEW_MS);
    const proxy = await startLossyProxy(portal.url);
    teardown.add(proxy.close);
    const engine = newEngine(teardown, proxy.url, { nudges: false });
    const me = await engine.signIn(credentials('terapeut1'));
    const { store, enqueue } = newStore(teardown);
    engine.start(store);
    await waitFor('initial sync', () => engine.status().lastSyncAt, 15_000);

    const patient = await actAs(portal.url, 'pasient1');
    const written = (await patient.send('POST', '/api/v1/patient/me/messages', {
      body: 'Skrevet nå',
    })) as Message;
    const patientId = (store.recordsOf('enrolment') as Enrolment[]).find(
      (e) => e.therapistId === me.id,
    )!.patientId;
    const noteId = randomUUID();
    enqueue({ id: randomUUID(), type: 'note.add', payload: { noteId, patientId, body: 'Notat' } });
    const status = await engine.outboxChanged();

    expect(status.lastError).toBeNull();
    expect(store.shadow.get(`message:${written.id}`)).toBeDefined();
    const note = store.shadow.get(`clinicalNote:${noteId}`) as ClinicalNote | undefined;
    // Stamped by the portal on its (real) clock, not by this machine's.
    expect(Math.abs(Date.parse(note!.createdAt) - realNow)).toBeLessThan(60_000);
    const sent = proxy.forwarded.filter((request) => request.path.startsWith('/api/v1/sync/'));
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.filter((request) => ISO_INSTANT.test(request.body))).toEqual([]);
    // The one place the local clock shows: the informational "last synced" time.
    expect(Math.abs(Date.parse(status.lastSyncAt!) - (realNow + SKEW_MS))).toBeLessThan(60_000);
  });

  it("the workstation computes weeks, rounds and snoozes on the portal's time, learned from its answers", async () => {
    // Eight days ahead: by this computer's clock every patient mid-programme is a week further on.
    const skew = 8 * 86_400_000;
    const realNow = Date.now();
    const realElapsed = (() => {
      const started = performance.now();
      return () => performance.now() - started;
    })();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(realNow + skew);
    const dir = mkdtempSync(join(tmpdir(), 'ws-skew-'));
    teardown.addLast(() => rmSync(dir, { recursive: true, force: true }));
    const { ws, engine } = portalWorkstation({ portalUrl: portal.url, secrets: new MemorySecrets(), dir });
    teardown.add(() => ws.session.shutdown());
    await ws.session.signIn(credentials('terapeut1'));
    await engine.syncNow();

    const queue = ws.round.queue();
    // The portal's clock, between the moment before sign-in and now (real time, whatever the load).
    const at = Date.parse(queue.at);
    expect(at).toBeGreaterThanOrEqual(realNow - 1_000);
    expect(at).toBeLessThanOrEqual(realNow + realElapsed() + 1_000);

    const startDates = await enrolmentStartDates(portal.url, 'terapeut1');
    const midProgramme = queue.items.filter((item) => typeof item.programmeWeek === 'number');
    expect(midProgramme.length).toBeGreaterThan(0);
    for (const item of queue.items) {
      const startDate = startDates.get(item.patientId)!;
      expect(item.programmeWeek).toEqual(programmeWeek(startDate, new Date(at)));
    }
    for (const item of midProgramme) {
      expect(item.programmeWeek).not.toEqual(programmeWeek(startDates.get(item.patientId)!, new Date()));
    }

    // Two hours from now by the clinic's clock; by this computer's it is eight days in the past.
    const patient = queue.items.find((item) => item.openFlags.risk + item.openFlags.urgent === 0)!;
    const until = new Date(realNow + realElapsed() + 2 * 3600_000).toISOString();
    ws.round.perform('round.snooze', { patientId: patient.patientId, until });
    const snoozed = ws.round.queue().items.find((item) => item.patientId === patient.patientId)!;
    expect(snoozed.round).toMatchObject({ status: 'snoozed', until });
    expect(snoozed.bucket).toBe('snoozed');
  });
});

/** Each of the therapist's patients' programme start date, as the portal holds it. */
async function enrolmentStartDates(portalUrl: string, username: string): Promise<Map<string, string>> {
  const therapist = await actAs(portalUrl, username);
  const startDates = new Map<string, string>();
  for (let cursor: string | null = null; ;) {
    const page = PullResponse.parse(await therapist.send('POST', '/api/v1/sync/pull', { cursor }));
    if (page.kind !== 'changes') throw new Error('unexpected resync');
    for (const change of page.changes) {
      if (change.op === 'upsert' && change.entity === 'enrolment' && change.record.status === 'active') {
        startDates.set(change.record.patientId, change.record.startDate!);
      }
    }
    if (!page.hasMore) return startDates;
    cursor = page.cursor;
  }
}
