import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkstationEvent } from '../../../../src/main/core/workstation/workstation';
import { enrolment, flag, message, patient, patientHistory, staff, team, up } from '../cache/support/records';
import { type Harness, harness } from './support/harness';

const NOW = new Date('2026-11-20T10:00:00.000Z');
let h: Harness;
let events: WorkstationEvent[];

beforeEach(async () => {
  h = harness(() => NOW);
  events = [];
  h.ws.subscribe((event) => events.push(event));
  await h.ws.session.signIn({ username: 'leder', password: 'riktig' });
});
afterEach(async () => {
  await h.ws.session.shutdown();
  h.cleanup();
});

describe('the team-lead view', () => {
  it('counts caseload against capacity, open flags by severity and overdue replies per therapist', () => {
    const t = team();
    const anna = staff(t.id, { displayName: 'Anna', caseloadCapacity: 2 });
    const bo = staff(t.id, { displayName: 'Bo', caseloadCapacity: 30 });
    const a1 = patientHistory(t.id, anna.id, 3);
    const a2 = patientHistory(t.id, anna.id, 3);
    const b1 = patientHistory(t.id, bo.id, 3);
    const waiting = patient(t.id, { givenName: 'Venter' });
    h.pull([
      up('team', t),
      up('staff', anna),
      up('staff', bo),
      ...a1.changes,
      ...a2.changes,
      ...b1.changes,
      up('patient', waiting),
      up(
        'enrolment',
        enrolment(waiting, null, { status: 'referred', startDate: '2026-11-30', plannedEndDate: null }),
      ),
      up('flag', flag(a1.patient.id, { severity: 'urgent' })),
      up('flag', flag(a2.patient.id)),
      up('flag', flag(a2.patient.id, { status: 'acknowledged' })),
      // Four days old: overdue. One day old: not yet.
      up('message', message(b1.patient.id, { sentAt: '2026-11-16T09:00:00.000Z' })),
      up('message', message(b1.patient.id, { sentAt: '2026-11-19T09:00:00.000Z' })),
    ]);
    const view = h.ws.round.team();
    expect(view.therapists).toEqual([
      expect.objectContaining({
        displayName: 'Anna',
        caseload: 2,
        capacity: 2,
        openFlags: { risk: 1, urgent: 1 },
        overdueReplies: 0,
      }),
      expect.objectContaining({
        displayName: 'Bo',
        caseload: 1,
        capacity: 30,
        openFlags: { risk: 0, urgent: 0 },
        overdueReplies: 1,
      }),
    ]);
    expect(view.waitingList).toEqual([
      expect.objectContaining({ patientId: waiting.id, name: 'Venter Nordmann' }),
    ]);
    expect(view.startingSoon.map((p) => p.patientId)).toEqual([waiting.id]);
  });
});

describe('events for the renderer', () => {
  it('tells which patients a pull and a command changed, and reports session changes', () => {
    const t = team();
    const p = patientHistory(t.id, h.engine.therapist.id, 2);
    events.length = 0;
    h.pull([up('team', t), ...p.changes]);
    expect(events).toContainEqual({
      name: 'data.changed',
      payload: { patientIds: [p.patient.id], team: true },
    });
    events.length = 0;
    h.ws.round.perform('note.add', { patientId: p.patient.id, body: 'Notat' });
    expect(events).toEqual([{ name: 'data.changed', payload: { patientIds: [p.patient.id], team: false } }]);
    events.length = 0;
    h.ws.session.lock();
    expect(events).toEqual([
      { name: 'session.changed', payload: expect.objectContaining({ status: 'locked' }) },
    ]);
  });
});
