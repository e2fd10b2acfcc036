import { randomUUID } from 'node:crypto';
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
    expect(view.waitingList.map((w) => w.patientId)).toEqual([waiting.id]);
    // Where the lead may register a referral: the teams in their cache.
    expect(view.teams.map((each) => each.id)).toEqual([t.id]);
    expect(view.patients[waiting.id]).toMatchObject({ name: 'Venter Nordmann', therapistName: null });
    expect(view.totals.lists.startsSoon).toEqual([waiting.id]);
    // Every number opens the patients behind it, and each of them names their therapist.
    expect(view.therapists[1]!.lists.overdueReplies).toEqual([b1.patient.id]);
    expect(view.patients[b1.patient.id]).toMatchObject({ therapistId: bo.id, therapistName: 'Bo' });
    expect(view.totals).toMatchObject({ caseload: 3, capacity: 32, overdueReplies: 1 });
  });

  it('puts every unresolved flag on the risk board, urgent first then oldest, unacknowledged after 24 hours highlighted', () => {
    const t = team();
    const anna = staff(t.id, { displayName: 'Anna' });
    const p = patientHistory(t.id, anna.id, 3);
    const flags = [
      flag(p.patient.id, { raisedAt: '2026-11-20T08:00:00.000Z' }),
      flag(p.patient.id, { raisedAt: '2026-11-18T08:00:00.000Z' }),
      flag(p.patient.id, { severity: 'urgent', raisedAt: '2026-11-20T09:00:00.000Z' }),
      flag(p.patient.id, {
        raisedAt: '2026-11-10T08:00:00.000Z',
        status: 'acknowledged',
        acknowledgedBy: anna.id,
        acknowledgedAt: '2026-11-10T09:00:00.000Z',
      }),
      flag(p.patient.id, { status: 'resolved' }),
    ];
    h.pull([up('team', t), up('staff', anna), ...p.changes, ...flags.map((f) => up('flag', f))]);
    const board = h.ws.round.team().riskBoard;
    expect(board.map((row) => row.flagId)).toEqual([flags[2]!.id, flags[3]!.id, flags[1]!.id, flags[0]!.id]);
    expect(board.map((row) => row.overdue)).toEqual([false, false, true, false]);
    expect(board[1]).toMatchObject({ status: 'acknowledged', acknowledgedByName: 'Anna' });
  });

  it("measures this week's round, reply times over four weeks and starts and ends, per therapist", () => {
    const t = team();
    const anna = staff(t.id, { displayName: 'Anna' });
    const a1 = patientHistory(t.id, anna.id, 3);
    const a2 = patientHistory(t.id, anna.id, 3);
    const ending = patientHistory(t.id, anna.id, 3);
    const week = 4; // 2026-10-26 + 3 weeks and 4 days
    h.pull([
      up('team', t),
      up('staff', anna),
      ...a1.changes,
      ...a2.changes,
      ...ending.changes,
      up('enrolment', { ...ending.enrolment, plannedEndDate: '2026-11-27' }),
      up('weeklyFeedback', {
        id: randomUUID(),
        patientId: a1.patient.id,
        enrolmentId: a1.enrolment.id,
        week,
        givenBy: anna.id,
        givenAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      }),
      // Answered in 4 hours and in 30 hours, within the last four weeks.
      up(
        'message',
        message(a2.patient.id, {
          sentAt: '2026-11-17T08:00:00.000Z',
          answeredAt: '2026-11-17T12:00:00.000Z',
        }),
      ),
      up(
        'message',
        message(a2.patient.id, {
          sentAt: '2026-11-18T08:00:00.000Z',
          answeredAt: '2026-11-19T14:00:00.000Z',
        }),
      ),
    ]);
    const [load] = h.ws.round.team().therapists;
    expect(load).toMatchObject({ caseload: 3, round: { due: 3, done: 1 }, endsSoon: 1 });
    expect(load!.lists.roundOpen.sort()).toEqual([a2.patient.id, ending.patient.id].sort());
    expect(load!.lists.endsSoon).toEqual([ending.patient.id]);
    // Eleven replies in the window: the histories' nine (24 hours each) and these two (4 and 30 hours).
    expect(load!.medianReplyHours).toBe(24);
  });

  it('counts an overseen patient from the overview the portal sends instead of the record', () => {
    const t = team();
    const anna = staff(t.id, { displayName: 'Anna' });
    const p = patient(t.id, { givenName: 'Oversett' });
    const e = enrolment(p, anna.id);
    h.pull([
      up('team', t),
      up('staff', anna),
      up('patient', p),
      up('enrolment', e),
      up('overview', {
        id: p.id,
        patientId: p.id,
        scores: [
          {
            instrumentId: 'phq-9',
            points: [
              [0, 14, 'moderate', '2026-10-24T10:00:00.000Z'],
              [4, 9, 'mild', '2026-11-19T10:00:00.000Z'],
            ],
          },
        ],
        modules: [[1, '2026-10-26T10:00:00.000Z', '2026-10-28T10:00:00.000Z']],
        feedback: [{ enrolmentId: e.id, weeks: [1, 2, 3, 4] }],
        unanswered: ['2026-11-12T10:00:00.000Z'],
        unread: 1,
        replies: [['2026-11-10T10:00:00.000Z', '2026-11-11T10:00:00.000Z']],
        lastActivityAt: '2026-11-19T10:00:00.000Z',
        time: [
          [anna.id, '2026-W40', 600],
          [anna.id, '2026-W46', 1200],
          [anna.id, '2026-W47', 900],
        ],
        updatedAt: NOW.toISOString(),
      }),
    ]);
    const view = h.ws.round.team();
    // Anna's time on the patient in the last four ISO weeks (NOW is in 2026-W47); older weeks are not shown.
    expect(view.time.weeks).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47']);
    expect(view.time.therapists[0]!.weeks.map((w) => w.seconds)).toEqual([0, 0, 1200, 900]);
    expect(view.time.therapists[0]!.weeks.map((w) => w.patients)).toEqual([0, 0, 1, 1]);
    expect(h.ws.round.teamTimePatients(anna.id, '2026-W47')).toEqual([{ patientId: p.id, seconds: 900 }]);
    expect(view.patients[p.id]).toMatchObject({ access: 'oversight', unanswered: 1, therapistName: 'Anna' });
    expect(view.therapists[0]).toMatchObject({
      overdueReplies: 1,
      round: { due: 1, done: 1 },
      medianReplyHours: 24,
    });
    // The patient screen says the record is not open (no messages, homework or notes are cached).
    expect(h.ws.round.patient(p.id)).toMatchObject({
      access: { level: 'oversight', openUntil: null },
      messages: [],
    });
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
