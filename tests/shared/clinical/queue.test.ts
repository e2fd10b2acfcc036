import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  compareQueueEntries,
  queueEntry,
  queueReasons,
  sortQueue,
  type PatientQueueState,
  type QueueReason,
} from '@shared/clinical';

const NOW = new Date('2026-05-13T12:00:00+02:00');
const DAY = 86_400_000;
const ago = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY - extraMs).toISOString();
const later = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

function state(patientId: string, patch: Partial<PatientQueueState> = {}): PatientQueueState {
  return {
    patientId,
    openFlags: [],
    unansweredMessages: [],
    followUp: null,
    weeklyQuestionnaire: { status: 'not-submitted' },
    module: { status: 'in-progress' },
    lastActivityAt: ago(1),
    programmeWeek: 5,
    round: { status: 'open' },
    ...patch,
  };
}

describe('queueReasons', () => {
  it.each<{ name: string; patch: Partial<PatientQueueState>; reasons: QueueReason[] }>([
    { name: 'an active patient with nothing pending', patch: {}, reasons: [] },
    {
      name: 'after the end, the follow-up answered (and no weekly reason: the programme is over)',
      patch: {
        programmeWeek: 'ended',
        followUp: { submittedAt: ago(2) },
        lastActivityAt: ago(20),
        weeklyQuestionnaire: { status: 'submitted', submittedAt: ago(2) },
      },
      reasons: [{ code: 'follow-up', submittedAt: ago(2) }],
    },
    {
      name: 'open flags of both severities, oldest of each',
      patch: {
        openFlags: [
          { severity: 'risk', raisedAt: ago(1) },
          { severity: 'urgent', raisedAt: ago(0, 60_000) },
          { severity: 'risk', raisedAt: ago(2) },
        ],
      },
      reasons: [
        { code: 'urgent-flag', count: 1, oldestRaisedAt: ago(0, 60_000) },
        { code: 'risk-flag', count: 2, oldestRaisedAt: ago(2) },
      ],
    },
    {
      name: 'unanswered messages',
      patch: { unansweredMessages: [{ sentAt: ago(1) }, { sentAt: ago(3) }] },
      reasons: [{ code: 'unanswered-messages', count: 2, oldestSentAt: ago(3) }],
    },
    {
      name: 'a submitted questionnaire and a completed module: feedback due since the earlier',
      patch: {
        weeklyQuestionnaire: { status: 'submitted', submittedAt: ago(1) },
        module: { status: 'completed', completedAt: ago(2) },
      },
      reasons: [{ code: 'feedback-due', week: 5, since: ago(2) }],
    },
    {
      name: 'a submitted questionnaire after the round is done: no feedback due',
      patch: {
        weeklyQuestionnaire: { status: 'submitted', submittedAt: ago(1) },
        round: { status: 'done', at: ago(0, 1000) },
      },
      reasons: [],
    },
    {
      name: 'exactly seven days without activity',
      patch: { lastActivityAt: ago(7) },
      reasons: [{ code: 'inactive', lastActivityAt: ago(7), days: 7 }],
    },
    { name: 'one millisecond short of seven days', patch: { lastActivityAt: ago(7, -1) }, reasons: [] },
    { name: 'never active in week 1', patch: { lastActivityAt: null, programmeWeek: 1 }, reasons: [] },
    {
      name: 'never active in week 2',
      patch: { lastActivityAt: null, programmeWeek: 2 },
      reasons: [{ code: 'inactive', lastActivityAt: null, days: null }],
    },
    { name: 'week 12', patch: { programmeWeek: 12 }, reasons: [] },
    {
      name: 'week 13',
      patch: { programmeWeek: 13 },
      reasons: [{ code: 'ending-soon', week: 13, weeksLeft: 2 }],
    },
    {
      name: 'week 14',
      patch: { programmeWeek: 14 },
      reasons: [{ code: 'ending-soon', week: 14, weeksLeft: 1 }],
    },
    {
      name: 'an ended programme: only flags and messages count',
      patch: {
        programmeWeek: 'ended',
        lastActivityAt: ago(30),
        weeklyQuestionnaire: { status: 'submitted', submittedAt: ago(1) },
        unansweredMessages: [{ sentAt: ago(2) }],
      },
      reasons: [{ code: 'unanswered-messages', count: 1, oldestSentAt: ago(2) }],
    },
    { name: 'not started yet', patch: { programmeWeek: 'not-started', lastActivityAt: null }, reasons: [] },
    {
      name: 'everything at once, most pressing first',
      patch: {
        openFlags: [{ severity: 'urgent', raisedAt: ago(1) }],
        unansweredMessages: [{ sentAt: ago(9) }],
        weeklyQuestionnaire: { status: 'submitted', submittedAt: ago(8) },
        lastActivityAt: ago(8),
        programmeWeek: 14,
      },
      reasons: [
        { code: 'urgent-flag', count: 1, oldestRaisedAt: ago(1) },
        { code: 'unanswered-messages', count: 1, oldestSentAt: ago(9) },
        { code: 'feedback-due', week: 14, since: ago(8) },
        { code: 'inactive', lastActivityAt: ago(8), days: 8 },
        { code: 'ending-soon', week: 14, weeksLeft: 1 },
      ],
    },
  ])('$name', ({ patch, reasons }) => {
    expect(queueReasons(state('p', patch), NOW)).toEqual(reasons);
  });

  it('names the patient and the field when a timestamp is not an instant', () => {
    expect(() => queueReasons(state('p-7', { unansweredMessages: [{ sentAt: 'soon' }] }), NOW)).toThrow(
      /patient p-7: message sentAt "soon"/,
    );
  });
});

/** A caseload whose order is written out by hand below. */
const caseload: PatientQueueState[] = [
  state('done-plain', {
    round: { status: 'done', at: ago(0, 3_600_000) },
    unansweredMessages: [{ sentAt: ago(1) }],
  }),
  state('done-then-message', {
    round: { status: 'done', at: ago(1) },
    unansweredMessages: [{ sentAt: ago(0, 60_000) }],
  }),
  state('done-with-urgent', {
    round: { status: 'done', at: ago(1) },
    openFlags: [{ severity: 'urgent', raisedAt: ago(0, 7_200_000) }],
  }),
  state('ending-13', { programmeWeek: 13 }),
  state('ending-14', { programmeWeek: 14 }),
  state('feedback', { weeklyQuestionnaire: { status: 'submitted', submittedAt: ago(2) } }),
  state('follow-up', { programmeWeek: 'ended', followUp: { submittedAt: ago(1) }, lastActivityAt: ago(1) }),
  state('follow-up-done', {
    programmeWeek: 'ended',
    followUp: { submittedAt: ago(3) },
    round: { status: 'done', at: ago(1) },
  }),
  state('inactive-10d', { lastActivityAt: ago(10) }),
  state('inactive-never', { lastActivityAt: null, programmeWeek: 3 }),
  state('message-new', { unansweredMessages: [{ sentAt: ago(1) }] }),
  state('message-old', { unansweredMessages: [{ sentAt: ago(4) }, { sentAt: ago(0, 1) }] }),
  state('quiet-a', { lastActivityAt: ago(2) }),
  state('quiet-b', { lastActivityAt: ago(2) }),
  state('quiet-c', { lastActivityAt: ago(3) }),
  state('risk-and-message', {
    openFlags: [{ severity: 'risk', raisedAt: ago(1) }],
    unansweredMessages: [{ sentAt: ago(20) }],
  }),
  state('snoozed', {
    round: { status: 'snoozed', until: later(1), since: ago(4) },
    unansweredMessages: [{ sentAt: ago(5) }],
  }),
  state('snoozed-then-message', {
    round: { status: 'snoozed', until: later(1), since: ago(4) },
    unansweredMessages: [{ sentAt: ago(5) }, { sentAt: ago(3) }],
  }),
  state('snooze-over', {
    round: { status: 'snoozed', until: ago(0, 1) },
    unansweredMessages: [{ sentAt: ago(2) }],
  }),
  state('urgent-new', { openFlags: [{ severity: 'urgent', raisedAt: ago(0, 60_000) }] }),
  state('urgent-old', {
    openFlags: [
      { severity: 'risk', raisedAt: ago(5) },
      { severity: 'urgent', raisedAt: ago(1) },
    ],
  }),
];

const expectedOrder = [
  ['urgent-old', 'urgent-flag'],
  ['done-with-urgent', 'urgent-flag'],
  ['urgent-new', 'urgent-flag'],
  ['risk-and-message', 'risk-flag'],
  ['message-old', 'unanswered-messages'],
  ['snoozed-then-message', 'unanswered-messages'],
  ['snooze-over', 'unanswered-messages'],
  ['message-new', 'unanswered-messages'],
  ['done-then-message', 'unanswered-messages'],
  ['feedback', 'feedback-due'],
  ['follow-up', 'follow-up'],
  ['inactive-never', 'inactive'],
  ['inactive-10d', 'inactive'],
  ['ending-14', 'ending-soon'],
  ['ending-13', 'ending-soon'],
  ['quiet-c', 'no-reason'],
  ['quiet-a', 'no-reason'],
  ['quiet-b', 'no-reason'],
  ['snoozed', 'snoozed'],
  ['done-plain', 'done'],
  ['follow-up-done', 'done'],
];

describe('sortQueue', () => {
  it('orders a caseload: urgent, risk, messages, feedback, follow-up, inactive, ending, none, snoozed, done', () => {
    expect(sortQueue(caseload, NOW).map((e) => [e.patientId, e.bucket])).toEqual(expectedOrder);
  });

  // A message or flag that arrives after the patient was set aside this round lifts them back.
  it.each<{ name: string; patch: Partial<PatientQueueState>; bucket: string; tieKey: number }>([
    {
      name: 'snoozed, message from before the snooze',
      patch: {
        round: { status: 'snoozed', until: later(1), since: ago(2) },
        unansweredMessages: [{ sentAt: ago(3) }],
      },
      bucket: 'snoozed',
      tieKey: Date.parse(later(1)),
    },
    {
      name: 'snoozed, message after the snooze began: keyed by that message',
      patch: {
        round: { status: 'snoozed', until: later(1), since: ago(2) },
        unansweredMessages: [{ sentAt: ago(3) }, { sentAt: ago(1) }],
      },
      bucket: 'unanswered-messages',
      tieKey: Date.parse(ago(1)),
    },
    {
      name: 'snoozed, message in the same millisecond the snooze began',
      patch: {
        round: { status: 'snoozed', until: later(1), since: ago(2) },
        unansweredMessages: [{ sentAt: ago(2) }],
      },
      bucket: 'snoozed',
      tieKey: Date.parse(later(1)),
    },
    {
      name: 'snoozed with no recorded start and a waiting message: lifted, to be safe',
      patch: { round: { status: 'snoozed', until: later(1) }, unansweredMessages: [{ sentAt: ago(3) }] },
      bucket: 'unanswered-messages',
      tieKey: Date.parse(ago(3)),
    },
    {
      name: 'snoozed with no recorded start and nothing waiting',
      patch: { round: { status: 'snoozed', until: later(1) } },
      bucket: 'snoozed',
      tieKey: Date.parse(later(1)),
    },
    {
      name: 'snoozed, a risk flag raised after the snooze began',
      patch: {
        round: { status: 'snoozed', until: later(1), since: ago(2) },
        openFlags: [{ severity: 'risk', raisedAt: ago(1) }],
      },
      bucket: 'risk-flag',
      tieKey: Date.parse(ago(1)),
    },
    {
      name: 'snooze over: back to its reasons',
      patch: {
        round: { status: 'snoozed', until: ago(0, 1), since: ago(2) },
        unansweredMessages: [{ sentAt: ago(3) }],
      },
      bucket: 'unanswered-messages',
      tieKey: Date.parse(ago(3)),
    },
    {
      name: 'done, message from before',
      patch: { round: { status: 'done', at: ago(2) }, unansweredMessages: [{ sentAt: ago(3) }] },
      bucket: 'done',
      tieKey: 0,
    },
    {
      name: 'done, message after',
      patch: { round: { status: 'done', at: ago(2) }, unansweredMessages: [{ sentAt: ago(1) }] },
      bucket: 'unanswered-messages',
      tieKey: Date.parse(ago(1)),
    },
  ])('$name: $bucket', ({ patch, bucket, tieKey }) => {
    expect(queueEntry(state('p', patch), NOW)).toMatchObject({ bucket, tieKey });
  });

  it('ranks a snoozed patient with a new message above patients with no reason', () => {
    const sorted = sortQueue(
      [
        state('quiet', { lastActivityAt: ago(2) }),
        state('snoozed-new-message', {
          round: { status: 'snoozed', until: later(3), since: ago(2) },
          unansweredMessages: [{ sentAt: ago(1) }],
        }),
      ],
      NOW,
    );
    expect(sorted.map((e) => e.patientId)).toEqual(['snoozed-new-message', 'quiet']);
  });

  it('names the patient when the snooze start is not an instant', () => {
    const bad = state('p-8', { round: { status: 'snoozed', until: later(1), since: 'yesterday' } });
    expect(() => queueEntry(bad, NOW)).toThrow(/patient p-8: snoozed since "yesterday"/);
  });

  it('keeps the reasons of a patient who is done, for display', () => {
    const entry = queueEntry(caseload[0] as PatientQueueState, NOW);
    expect(entry.bucket).toBe('done');
    expect(entry.reasons.map((r) => r.code)).toEqual(['unanswered-messages']);
  });

  it('gives the same order whatever the input order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(caseload, { minLength: caseload.length }), (shuffled) => {
        expect(sortQueue(shuffled, NOW).map((e) => e.patientId)).toEqual(expectedOrder.map(([id]) => id));
      }),
    );
  });

  const instant = fc
    .integer({ min: NOW.getTime() - 40 * DAY, max: NOW.getTime() + 2 * DAY })
    .map((t) => new Date(t).toISOString());
  const arbitraryState: fc.Arbitrary<PatientQueueState> = fc.record({
    patientId: fc.stringMatching(/^p-[a-c]{1,3}$/),
    openFlags: fc.array(
      fc.record({ severity: fc.constantFrom('risk' as const, 'urgent' as const), raisedAt: instant }),
      {
        maxLength: 2,
      },
    ),
    unansweredMessages: fc.array(fc.record({ sentAt: instant }), { maxLength: 2 }),
    followUp: fc.option(instant.map((submittedAt) => ({ submittedAt }))),
    weeklyQuestionnaire: fc.oneof(
      fc.constant({ status: 'not-submitted' as const }),
      instant.map((submittedAt) => ({ status: 'submitted' as const, submittedAt })),
    ),
    module: fc.oneof(
      fc.constant({ status: 'in-progress' as const }),
      instant.map((completedAt) => ({ status: 'completed' as const, completedAt })),
    ),
    lastActivityAt: fc.option(instant),
    programmeWeek: fc.oneof(
      fc.integer({ min: 1, max: 14 }),
      fc.constantFrom('not-started' as const, 'ended' as const),
    ),
    round: fc.oneof(
      fc.constant({ status: 'open' as const }),
      instant.map((at) => ({ status: 'done' as const, at })),
      instant.map((until) => ({ status: 'snoozed' as const, until })),
      fc.tuple(instant, instant).map(([until, since]) => ({ status: 'snoozed' as const, until, since })),
    ),
  });

  it('is a deterministic total order on generated caseloads', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbitraryState, { selector: (s) => s.patientId, maxLength: 30 }),
        fc.nat(),
        (states, seed) => {
          const sorted = sortQueue(states, NOW);
          const rotated = [
            ...states.slice(seed % (states.length || 1)),
            ...states.slice(0, seed % (states.length || 1)),
          ];
          expect(sortQueue([...rotated].reverse(), NOW)).toEqual(sorted);
          for (let i = 1; i < sorted.length; i++) {
            const [a, b] = [sorted[i - 1], sorted[i]];
            if (!a || !b) continue;
            expect(compareQueueEntries(a, b)).toBeLessThan(0);
            expect(compareQueueEntries(b, a)).toBeGreaterThan(0);
            expect(a.rank).toBeLessThanOrEqual(b.rank);
          }
        },
      ),
    );
  });

  it('puts an open flag at the top whatever else is true', () => {
    fc.assert(
      fc.property(arbitraryState, (s) => {
        const entry = queueEntry(s, NOW);
        const severities = s.openFlags.map((f) => f.severity);
        const expected = severities.includes('urgent')
          ? 'urgent-flag'
          : severities.includes('risk')
            ? 'risk-flag'
            : null;
        return expected === null ? !entry.bucket.endsWith('-flag') : entry.bucket === expected;
      }),
    );
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(caseload);
    sortQueue(caseload, NOW);
    expect(caseload).toEqual(copy);
  });
});

describe('a large caseload', () => {
  afterEach(() => vi.restoreAllMocks());

  const big = Array.from({ length: 1500 }, (_, i) =>
    state(`patient-${String(i).padStart(4, '0')}`, {
      openFlags: i % 50 === 0 ? [{ severity: i % 100 === 0 ? 'urgent' : 'risk', raisedAt: ago(i % 7) }] : [],
      unansweredMessages: i % 3 === 0 ? [{ sentAt: ago(i % 11, i) }] : [],
      weeklyQuestionnaire:
        i % 2 === 0 ? { status: 'submitted', submittedAt: ago(i % 5, i) } : { status: 'not-submitted' },
      lastActivityAt: ago(i % 13, i),
      programmeWeek: (i % 14) + 1,
      round:
        i % 4 === 0
          ? { status: 'done', at: ago(0, 1000) }
          : i % 4 === 1
            ? { status: 'snoozed', until: later(1), since: ago(0, 1000) }
            : { status: 'open' },
    }),
  );
  const timestamps = big.reduce(
    (n, s) =>
      n +
      s.openFlags.length +
      s.unansweredMessages.length +
      (s.weeklyQuestionnaire.status === 'submitted' ? 1 : 0) +
      (s.lastActivityAt === null ? 0 : 1) +
      { open: 0, done: 1, snoozed: 2 }[s.round.status],
    0,
  );

  it('parses each timestamp exactly once, and never in the comparator', () => {
    const parse = vi.spyOn(Date, 'parse');
    const entries = big.map((s) => queueEntry(s, NOW));
    expect(parse).toHaveBeenCalledTimes(timestamps);
    parse.mockClear();
    entries.sort(compareQueueEntries);
    expect(parse).not.toHaveBeenCalled();
  });
});
