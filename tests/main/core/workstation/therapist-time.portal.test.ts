import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../../../src/shared/clinical';
import { type RunningPortal, startPortal } from '../../../../src/portal/server';
import { DEMO_PASSWORD } from '../../../../src/portal/seed/accounts';
import type { SyncEngine } from '../../../../src/main/core/sync/engine';
import type { Workstation } from '../../../../src/main/core/workstation/workstation';
import type { PatientTime } from '../../../../src/shared/contracts/ipc';
import { createIpcHandlers, createIpcRouter } from '../../../../src/main/ipc';
import { MemorySecrets } from './support/memory-secrets';
import { portalWorkstation } from './support/portal-workstation';

/**
 * Therapist time and supervision samples through the real core, sync engine and portal: the
 * therapist's workstation measures (on a clock the test moves), the team lead's shows it.
 */
let portal: RunningPortal;
let dir: string;
let clock = 0;
const SECOND = 1000;

interface Desk {
  ws: Workstation;
  engine: SyncEngine;
  router: ReturnType<typeof createIpcRouter>;
}
const desks: Desk[] = [];

async function signIn(username: string): Promise<Desk> {
  const { ws, engine } = portalWorkstation({
    portalUrl: portal.url,
    secrets: new MemorySecrets(),
    dir: mkdtempSync(join(dir, `${username}-`)),
    demoAccounts: portal.demoAccounts,
    clock: () => clock,
  });
  const router = createIpcRouter(createIpcHandlers(ws));
  const signedIn = await router.invoke('session.signIn', { username, password: DEMO_PASSWORD });
  expect(signedIn).toMatchObject({ ok: true, value: { status: 'ready' } });
  expect((await engine.syncNow()).lastError).toBeNull();
  ws.meter.focus(true);
  const desk = { ws, engine, router };
  desks.push(desk);
  return desk;
}

/** The user at work on a patient for `seconds`, with a key pressed at the start. */
async function work(desk: Desk, patientId: string, seconds: number) {
  await desk.router.invoke('session.viewing', { patientId });
  await desk.router.invoke('session.activity', {});
  clock += seconds * SECOND;
}

beforeAll(async () => {
  portal = await startPortal({ seed: 'demo', logLevel: 'silent' });
  dir = mkdtempSync(join(tmpdir(), 'ws-time-'));
}, 120_000);

afterAll(async () => {
  for (const desk of desks) await desk.ws.session.shutdown();
  await portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("therapist time, from the therapist's workstation to the team lead's capacity screen", () => {
  let therapist: Desk;
  let lead: Desk;
  let patientId: string;
  let therapistId: string;

  /** The seconds the team lead's capacity screen shows for the therapist and patient this week. */
  const shownThisWeek = async () => {
    const row = lead.ws.round.team().time.therapists.find((t) => t.staffId === therapistId)!;
    const week = row.weeks.at(-1)!.week;
    expect(week).toBe(isoWeekOf(new Date()));
    const behind = await lead.router.invoke('team.timePatients', { staffId: therapistId, week });
    if (!behind.ok) throw new Error(behind.error.message);
    return (behind.value as PatientTime[]).find((p) => p.patientId === patientId)?.seconds ?? 0;
  };

  it("measures the therapist's active time on a patient and reports the week's running total", async () => {
    therapist = await signIn('terapeut1');
    patientId = therapist.ws.round.queue().items[0]!.patientId;
    const state = therapist.ws.session.state();
    therapistId = state.status === 'ready' ? state.account.staffId : '';
    lead = await signIn('teamleder');
    // The demo clinic may hold time measured earlier this week: the total continues from it.
    const before = await shownThisWeek();
    // 30 s at work, then a pause of five minutes without input: one more minute counts.
    await work(therapist, patientId, 30);
    await therapist.router.invoke('session.activity', {});
    clock += 5 * 60 * SECOND;
    await therapist.router.invoke('session.viewing', { patientId: null });
    // Back later for 45 s: the report carries the week's total, 135 s.
    await work(therapist, patientId, 45);
    await therapist.router.invoke('session.viewing', { patientId: null });
    expect((await therapist.engine.syncNow()).pending).toBe(0);

    expect((await lead.engine.syncNow()).lastError).toBeNull();
    expect(await shownThisWeek()).toBe(before + 30 + 60 + 45);
    expect(lead.ws.round.team().time.reference).toEqual({ min: 10, max: 20 });
  });

  it("does not count a team lead's time on a patient who is not theirs", async () => {
    await work(lead, patientId, 40);
    await lead.router.invoke('session.viewing', { patientId: null });
    // Nothing was queued: nothing waits, and the portal refused nothing.
    expect((await lead.engine.syncNow()).pending).toBe(0);
    expect(lead.ws.round.rejected()).toEqual([]);
  });

  it('refuses a viewing report that names no patient id, and the page cannot state a time itself', async () => {
    const refused = await therapist.router.invoke('session.viewing', { patientId: 'not-an-id' } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const stated = await therapist.router.invoke(
      'time.record' as never,
      {
        patientId,
        week: isoWeekOf(new Date()),
        seconds: 3600,
      } as never,
    );
    expect(stated).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it("opens a supervision sample of the therapist's messages to the team lead", async () => {
    const asked = await lead.router.invoke('supervision.sample', { therapistId, size: 2 });
    expect(asked).toMatchObject({ ok: true });
    expect((await lead.engine.syncNow()).lastError).toBeNull();
    const view = lead.ws.round.team();
    expect(view.supervision).toHaveLength(2);
    for (const opening of view.supervision) {
      expect(view.patients[opening.patientId]).toMatchObject({ therapistId, access: 'record' });
    }
    // The sampled patients' records are here, their messages included.
    const detail = lead.ws.round.patient(view.supervision[0]!.patientId);
    expect(detail.messages.some((m) => m.authorStaffId === therapistId)).toBe(true);
  });
});
