import { describe, expect, it } from 'vitest';
import {
  FlagSeverity,
  FOLLOW_UP_WEEK,
  acknowledgeFlag,
  flagHitsView,
  highestSeverity,
  openFlagLifecycle,
  resolveFlag,
  type FlagLifecycle,
} from '@shared/clinical';

const open = { id: 'flag-1', severity: 'urgent' as const, ...openFlagLifecycle };
const ack = {
  by: 'staff-1',
  at: '2026-03-02T09:15:00+01:00',
  note: 'Called the patient; safety plan agreed.',
};
const acknowledged = {
  ...open,
  status: 'acknowledged' as const,
  acknowledgedBy: 'staff-1',
  acknowledgedAt: ack.at,
  acknowledgeNote: ack.note,
};
const resolved = {
  ...acknowledged,
  status: 'resolved' as const,
  resolvedBy: 'staff-2',
  resolvedAt: '2026-03-03T10:00:00+01:00',
};

describe('flag lifecycle', () => {
  it('acknowledging an open flag with a note records who, when and the note, keeping other fields', () => {
    const result = acknowledgeFlag(open, { ...ack, note: `  ${ack.note}\n` });
    expect(result).toEqual({ ok: true, flag: acknowledged });
    expect(open.status).toBe('open');
  });

  it('resolving an acknowledged flag records who and when', () => {
    expect(resolveFlag(acknowledged, { by: 'staff-2', at: '2026-03-03T10:00:00+01:00' })).toEqual({
      ok: true,
      flag: resolved,
    });
  });

  it.each([
    {
      name: 'acknowledge without a note',
      run: () => acknowledgeFlag(open, { ...ack, note: '' }),
      code: 'empty-note',
    },
    {
      name: 'acknowledge with a blank note',
      run: () => acknowledgeFlag(open, { ...ack, note: ' \n\t ' }),
      code: 'empty-note',
    },
    {
      name: 'acknowledge twice',
      run: () => acknowledgeFlag(acknowledged, ack),
      code: 'already-acknowledged',
    },
    {
      name: 'acknowledge a resolved flag',
      run: () => acknowledgeFlag(resolved, ack),
      code: 'already-resolved',
    },
    {
      name: 'acknowledge with no actor',
      run: () => acknowledgeFlag(open, { ...ack, by: ' ' }),
      code: 'missing-actor',
    },
    {
      name: 'acknowledge at a non-time',
      run: () => acknowledgeFlag(open, { ...ack, at: 'yesterday' }),
      code: 'invalid-time',
    },
    {
      name: 'resolve an open flag',
      run: () => resolveFlag(open, { by: 'staff-1', at: ack.at }),
      code: 'not-acknowledged',
    },
    {
      name: 'resolve twice',
      run: () => resolveFlag(resolved, { by: 'staff-1', at: ack.at }),
      code: 'already-resolved',
    },
    {
      name: 'resolve with no actor',
      run: () => resolveFlag(acknowledged, { by: '', at: ack.at }),
      code: 'missing-actor',
    },
    {
      name: 'resolve before the acknowledgement',
      run: () => resolveFlag(acknowledged, { by: 'staff-1', at: '2026-03-02T09:14:59+01:00' }),
      code: 'invalid-time',
    },
  ])('refuses to $name', ({ run, code }) => {
    const result = run();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe(code);
    expect(!result.ok && result.error.message.length).toBeGreaterThan(0);
  });

  it('walks open -> acknowledged -> resolved and no further', () => {
    let flag: FlagLifecycle = { ...openFlagLifecycle };
    const a = acknowledgeFlag(flag, ack);
    expect(a.ok).toBe(true);
    if (a.ok) flag = a.flag;
    const r = resolveFlag(flag, { by: 'staff-1', at: ack.at });
    expect(r.ok && r.flag.status).toBe('resolved');
  });
});

describe('severities', () => {
  it.each([
    { severities: [], expected: null },
    { severities: ['risk'], expected: 'risk' },
    { severities: ['risk', 'urgent', 'risk'], expected: 'urgent' },
    { severities: ['urgent', 'risk'], expected: 'urgent' },
  ] as const)('highest of $severities is $expected', ({ severities, expected }) => {
    expect(highestSeverity(severities)).toBe(expected);
  });

  it('knows only risk and urgent', () => {
    expect(FlagSeverity.options).toEqual(['risk', 'urgent']);
  });
});

describe("a flag's hits as the screen shows them", () => {
  it('lists every hit in order, with the first, the latest, the peak and whether it is worse now', () => {
    const view = flagHitsView([
      { week: 5, value: 2 },
      { week: 6, value: 3 },
      { week: 7, value: 2 },
    ]);
    expect(view.hits).toEqual([
      { week: 5, value: 2, followUp: false },
      { week: 6, value: 3, followUp: false },
      { week: 7, value: 2, followUp: false },
    ]);
    expect([view.first, view.latest, view.highest]).toEqual([
      { week: 5, value: 2 },
      { week: 7, value: 2 },
      { week: 6, value: 3 },
    ]);
    expect(view.repeats).toBe(2);
    // Back at the raising answer: not worse than the flag says, but the peak stays in view.
    expect(view.worsened).toBe(false);
    expect(
      flagHitsView([
        { week: 5, value: 2 },
        { week: 6, value: 3 },
      ]).worsened,
    ).toBe(true);
  });

  it('marks a follow-up hit, and has nothing to show for a flag raised by hand', () => {
    expect(flagHitsView([{ week: FOLLOW_UP_WEEK, value: 3 }]).hits).toEqual([
      { week: FOLLOW_UP_WEEK, value: 3, followUp: true },
    ]);
    expect(flagHitsView([])).toEqual({
      hits: [],
      first: null,
      latest: null,
      highest: null,
      repeats: 0,
      worsened: false,
    });
  });
});
