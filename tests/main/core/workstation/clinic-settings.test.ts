import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClinicStaffSettings } from '../../../../src/shared/contracts/admin';
import { SyncFailure } from '../../../../src/main/core/sync/errors';
import { createWorkstation } from '../../../../src/main/core/workstation/workstation';
import { message, patientHistory, staff, team, up } from '../cache/support/records';
import { type Harness, PORTAL, harness } from './support/harness';

/** A Friday; a message from Monday 09:00 is past three working days, not past five. */
const NOW = new Date('2026-11-20T10:00:00.000Z');
const MINUTE = 60_000;
const CLINIC: ClinicStaffSettings = { defaultCaseloadCapacity: 20, replyDeadlineDays: 5, idleLockMinutes: 4 };

describe("the clinic's staff settings at the workstation", () => {
  let h: Harness;
  let asked: string[];

  /** The portal answers the settings (and nothing else); null: it cannot be reached. */
  function portalAnswers(settings: ClinicStaffSettings | null) {
    h.engine.portalRequest = async (method, path, _body, schema) => {
      asked.push(`${method} ${path}`);
      if (!settings) throw new SyncFailure('offline', 'network', 'The portal cannot be reached');
      return schema.parse(settings);
    };
  }

  beforeEach(() => {
    h = harness(() => NOW);
    asked = [];
  });
  afterEach(async () => {
    await h.ws.session.shutdown();
    h.cleanup();
  });

  it('applies the idle lock and reply deadline after sign-in, and keeps them for a restart offline', async () => {
    portalAnswers(CLINIC);
    expect(h.ws.idle.limit).toBe(10 * MINUTE);
    await h.ws.session.signIn({ username: 'leder', password: 'riktig' });
    await vi.waitFor(() => expect(h.ws.idle.limit).toBe(4 * MINUTE));
    expect(asked).toEqual(['GET /clinic/staff-settings']);

    // A message unanswered since Monday: overdue after three working days, not after the clinic's five.
    const t = team();
    const bo = staff(t.id, { displayName: 'Bo' });
    const p = patientHistory(t.id, bo.id, 3);
    h.pull([
      up('team', t),
      up('staff', bo),
      ...p.changes,
      up('message', message(p.patient.id, { sentAt: '2026-11-16T09:00:00.000Z' })),
    ]);
    const view = h.ws.round.team();
    expect(view.replyDeadlineWorkingDays).toBe(5);
    expect(view.totals.overdueReplies).toBe(0);

    // The next start, with the portal out of reach: the cached settings still hold.
    await h.ws.session.shutdown();
    h.engine.resume = 'offline';
    portalAnswers(null);
    const restarted = h.restart();
    h.ws = restarted;
    await restarted.session.restore();
    expect(restarted.idle.limit).toBe(10 * MINUTE);
    await restarted.session.unlock({ password: 'riktig' });
    expect(restarted.idle.limit).toBe(4 * MINUTE);
    expect(restarted.round.team().replyDeadlineWorkingDays).toBe(5);

    // Signed out: the service's default until the next account's clinic is known.
    h.engine.portal = (id) => ({ id, status: 'applied' });
    await restarted.session.signOut();
    expect(restarted.idle.limit).toBe(10 * MINUTE);
  });

  it('counts a message overdue by the service default until the clinic has said otherwise', async () => {
    portalAnswers(null);
    await h.ws.session.signIn({ username: 'leder', password: 'riktig' });
    const t = team();
    const bo = staff(t.id);
    const p = patientHistory(t.id, bo.id, 3);
    h.pull([
      up('team', t),
      up('staff', bo),
      ...p.changes,
      up('message', message(p.patient.id, { sentAt: '2026-11-16T09:00:00.000Z' })),
    ]);
    expect(h.ws.round.team()).toMatchObject({ replyDeadlineWorkingDays: 3, totals: { overdueReplies: 1 } });

    // The clinic's answer arrives (the next refresh): the team view is told to reload.
    const events: string[] = [];
    h.ws.subscribe((event) => {
      if (event.name === 'data.changed' && event.payload.team) events.push(event.name);
    });
    portalAnswers(CLINIC);
    await h.ws.clinicSettings.refresh();
    expect(events).toEqual(['data.changed']);
    expect(h.ws.round.team().totals.overdueReplies).toBe(0);
  });

  it("lets settings.json shorten the clinic's idle lock on this machine, never lengthen it", async () => {
    for (const [local, expected] of [
      [1, 1],
      [30, 4],
    ] as const) {
      const ws = createWorkstation({
        engine: h.engine,
        secrets: h.secrets,
        cacheDir: join(h.dir, `cache-${local}`),
        portal: PORTAL,
        demoAccounts: [],
        app: { name: 'test', version: '0.0.0' },
        now: () => NOW,
        idleLockMinutes: local,
      });
      expect(ws.idle.limit).toBe(Math.min(local, 10) * MINUTE);
      portalAnswers(CLINIC);
      await ws.session.signIn({ username: 'leder', password: 'riktig' });
      await vi.waitFor(() => expect(ws.idle.limit).toBe(expected * MINUTE));
      await ws.session.shutdown();
      ws.idle.stop();
    }
  });
});
