import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LocalDate,
  PROGRAMME_WEEKS,
  addDays,
  addMonths,
  daysBetween,
  isoWeekOf,
  isoWeekOfDate,
  localDateOf,
  moduleDue,
  moduleSchedules,
  modulesDueBy,
  programmeCalendar,
  programmeWeek,
  recentIsoWeeks,
  startOfLocalDate,
  toOsloIso,
  weekWindow,
  type Programme,
} from '@shared/clinical';

const HOUR = 3_600_000;
const hours = (w: { start: string; end: string }) => (Date.parse(w.end) - Date.parse(w.start)) / HOUR;

describe('Oslo calendar dates', () => {
  it.each([
    { date: '2026-03-29', instant: '2026-03-28T23:00:00.000Z' }, // CET, +01:00
    { date: '2026-03-30', instant: '2026-03-29T22:00:00.000Z' }, // CEST, +02:00
    { date: '2026-10-25', instant: '2026-10-24T22:00:00.000Z' },
    { date: '2026-10-26', instant: '2026-10-25T23:00:00.000Z' },
  ])('$date starts at $instant', ({ date, instant }) => {
    expect(startOfLocalDate(date).toISOString()).toBe(instant);
  });

  it.each([
    { at: '2026-03-22T22:59:59Z', date: '2026-03-22' },
    { at: '2026-03-22T23:00:00Z', date: '2026-03-23' },
    { at: '2026-06-30T21:59:59Z', date: '2026-06-30' },
    { at: '2026-06-30T22:00:00Z', date: '2026-07-01' },
    { at: '2026-12-31T23:30:00Z', date: '2027-01-01' },
  ])('$at falls on $date in Oslo', ({ at, date }) => {
    expect(localDateOf(new Date(at))).toBe(date);
  });

  it.each([
    { date: '2026-01-31', months: 1, expected: '2026-02-28' },
    { date: '2028-01-31', months: 1, expected: '2028-02-29' },
    { date: '2026-11-30', months: 3, expected: '2027-02-28' },
    { date: '2026-06-29', months: 3, expected: '2026-09-29' },
    { date: '2026-10-31', months: -1, expected: '2026-09-30' },
  ])('addMonths($date, $months) = $expected', ({ date, months, expected }) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('adds days across month, year and DST boundaries', () => {
    expect(addDays('2026-03-23', 7)).toBe('2026-03-30');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(daysBetween('2026-03-23', '2026-06-29')).toBe(98);
    expect(daysBetween('2026-06-29', '2026-03-23')).toBe(-98);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-3-1', '26-03-01', '2026-03-01T00:00', ''])(
    'refuses "%s"',
    (bad) => {
      expect(LocalDate.safeParse(bad).success).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(RangeError);
      expect(() => startOfLocalDate(bad)).toThrow(RangeError);
    },
  );

  it('formats instants with the Oslo offset of the moment', () => {
    expect(toOsloIso(new Date('2026-01-15T11:00:00Z'))).toBe('2026-01-15T12:00:00.000+01:00');
    expect(toOsloIso(new Date('2026-07-15T11:00:00Z'))).toBe('2026-07-15T13:00:00.000+02:00');
  });
});

describe('programme week', () => {
  // Monday 23 March 2026; DST starts Sunday 29 March at 02:00.
  const spring = '2026-03-23';
  it.each([
    { at: '2026-03-22T22:59:59Z', week: 'not-started' }, // 23:59:59 on 22 March, CET
    { at: '2026-03-22T23:00:00Z', week: 1 }, // local midnight starting the programme
    { at: '2026-03-29T21:59:59Z', week: 1 }, // 23:59:59 CEST, the last second of week 1
    { at: '2026-03-29T22:00:00Z', week: 2 }, // midnight CEST: week 1 was 167 hours
    { at: '2026-06-21T21:59:59Z', week: 13 },
    { at: '2026-06-21T22:00:00Z', week: 14 },
    { at: '2026-06-28T21:59:59Z', week: 14 }, // last second of the programme
    { at: '2026-06-28T22:00:00Z', week: 'ended' },
  ])('starting $spring, at $at it is week $week', ({ at, week }) => {
    expect(programmeWeek(spring, new Date(at))).toBe(week);
  });

  // Monday 19 October 2026; DST ends Sunday 25 October at 03:00.
  it.each([
    { at: '2026-10-18T21:59:59Z', week: 'not-started' },
    { at: '2026-10-18T22:00:00Z', week: 1 },
    { at: '2026-10-25T22:59:59Z', week: 1 }, // 23:59:59 CET
    { at: '2026-10-25T23:00:00Z', week: 2 }, // week 1 was 169 hours
  ])('starting 2026-10-19, at $at it is week $week', ({ at, week }) => {
    expect(programmeWeek('2026-10-19', new Date(at))).toBe(week);
  });
});

describe('round windows across DST', () => {
  it('week 1 across the spring change runs local midnight to local midnight, 167 hours', () => {
    const w = weekWindow('2026-03-23', 1);
    expect(w).toEqual({
      week: 1,
      start: '2026-03-23T00:00:00.000+01:00',
      end: '2026-03-30T00:00:00.000+02:00',
    });
    expect(hours(w)).toBe(167);
  });

  it('week 1 across the autumn change is 169 hours', () => {
    const w = weekWindow('2026-10-19', 1);
    expect(w).toEqual({
      week: 1,
      start: '2026-10-19T00:00:00.000+02:00',
      end: '2026-10-26T00:00:00.000+01:00',
    });
    expect(hours(w)).toBe(169);
  });

  it.each([
    // Starting 2 Feb 2026, week 8 (23-30 March) contains the spring change.
    { start: '2026-02-02', shortWeek: 8, longWeek: null },
    // Starting 7 Sept 2026, week 7 (19-26 October) contains the autumn change.
    { start: '2026-09-07', shortWeek: null, longWeek: 7 },
    // Starting Sunday 29 March 2026: the change is in the first day.
    { start: '2026-03-29', shortWeek: 1, longWeek: null },
  ])(
    'from $start: contiguous weeks at local midnight, one of 167 or 169 hours',
    ({ start, shortWeek, longWeek }) => {
      const windows = Array.from({ length: PROGRAMME_WEEKS }, (_, i) => weekWindow(start, i + 1));
      windows.forEach((w, i) => {
        expect(w.start).toMatch(/T00:00:00\.000\+0[12]:00$/);
        expect(hours(w)).toBe(i + 1 === shortWeek ? 167 : i + 1 === longWeek ? 169 : 168);
        if (i > 0) expect(w.start).toBe(windows[i - 1]?.end);
      });
      expect(windows[0]?.start).toBe(toOsloIso(startOfLocalDate(start)));
      expect(windows[13]?.end).toBe(programmeCalendar('panic', start, new Date(0)).endsAt);
    },
  );

  it.each([0, 15, 1.5, -1])('refuses week %s', (week) => {
    expect(() => weekWindow('2026-03-23', week)).toThrow(RangeError);
  });

  it('any instant inside the programme lies in its own week window', () => {
    const startDates = fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2035-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(startDates, fc.integer({ min: 0, max: 98 * 24 * 3600 - 1 }), (start, seconds) => {
        // A programme spanning a DST change is an hour shorter or longer than 98 * 24 hours.
        const begins = startOfLocalDate(start).getTime();
        const length = Date.parse(programmeCalendar('panic', start, new Date(begins)).endsAt) - begins;
        const at = new Date(begins + ((seconds * 1000) % length));
        const week = programmeWeek(start, at);
        if (typeof week !== 'number') return false;
        const w = weekWindow(start, week);
        return (
          [2351, 2352, 2353].includes(length / HOUR) &&
          Date.parse(w.start) <= at.getTime() &&
          at.getTime() < Date.parse(w.end)
        );
      }),
    );
  });
});

describe('programme calendar', () => {
  it('gives the week, its window, the module due, planned end and follow-up', () => {
    expect(programmeCalendar('depression', '2026-03-23', new Date('2026-04-08T12:00:00Z'))).toEqual({
      week: 3,
      window: { week: 3, start: '2026-04-06T00:00:00.000+02:00', end: '2026-04-13T00:00:00.000+02:00' },
      module: { moduleNo: 3, dueWeek: 3 },
      plannedEndDate: '2026-06-29',
      lastDay: '2026-06-28',
      endsAt: '2026-06-29T00:00:00.000+02:00',
      followUpDate: '2026-09-29',
    });
  });

  it('has no window or module before the start or after the end', () => {
    for (const at of ['2026-03-01T12:00:00Z', '2026-07-01T12:00:00Z']) {
      const c = programmeCalendar('panic', '2026-03-23', new Date(at));
      expect([c.window, c.module]).toEqual([null, null]);
    }
  });

  it('clamps the follow-up date to the end of a shorter month', () => {
    // 2026-08-24 + 14 weeks = 2026-11-30; + 3 months = 28 February 2027.
    const c = programmeCalendar('panic', '2026-08-24', new Date('2026-09-01T12:00:00Z'));
    expect([c.plannedEndDate, c.followUpDate]).toEqual(['2026-11-30', '2027-02-28']);
  });
});

describe('module schedules', () => {
  it.each([
    { programme: 'panic', modules: 9 },
    { programme: 'social-anxiety', modules: 9 },
    { programme: 'depression', modules: 8 },
  ] as { programme: Programme; modules: number }[])(
    '$programme has $modules modules due in rising weeks 1-13',
    ({ programme, modules }) => {
      const schedule = moduleSchedules[programme];
      expect(schedule.map((s) => s.moduleNo)).toEqual(Array.from({ length: modules }, (_, i) => i + 1));
      const weeks = schedule.map((s) => s.dueWeek);
      expect(weeks[0]).toBe(1);
      expect(weeks.at(-1)).toBe(13);
      weeks.slice(1).forEach((w, i) => expect(w).toBeGreaterThan(weeks[i] ?? Infinity));
    },
  );

  it.each([
    { programme: 'panic', week: 1, module: 1, dueBy: 1 },
    { programme: 'panic', week: 5, module: 5, dueBy: 4 },
    { programme: 'panic', week: 6, module: 5, dueBy: 5 },
    { programme: 'panic', week: 13, module: 9, dueBy: 9 },
    { programme: 'panic', week: 14, module: null, dueBy: 9 },
    { programme: 'depression', week: 4, module: 4, dueBy: 3 },
    { programme: 'depression', week: 12, module: 8, dueBy: 7 },
    { programme: 'depression', week: 14, module: null, dueBy: 8 },
  ] as { programme: Programme; week: number; module: number | null; dueBy: number }[])(
    '$programme week $week: module $module to work on, $dueBy due by its end',
    ({ programme, week, module, dueBy }) => {
      expect(moduleDue(programme, week)?.moduleNo ?? null).toBe(module);
      expect(modulesDueBy(programme, week)).toBe(dueBy);
    },
  );
});

describe('ISO weeks (therapist time is counted per ISO week, in Oslo)', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday: week 1
    ['2024-12-30', '2025-W01'], // a Monday whose Thursday is in the next year
    ['2021-01-03', '2020-W53'], // a Sunday still in the last year's week 53
    ['2027-01-03', '2026-W53'],
    ['2026-11-30', '2026-W49'],
  ])('%s is in %s', (date, week) => expect(isoWeekOfDate(date)).toBe(week));

  it("turns at Oslo's midnight between Sunday and Monday, not UTC's", () => {
    expect(isoWeekOf(new Date('2026-11-29T22:30:00Z'))).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-29T23:30:00Z'))).toBe('2026-W49');
  });

  it('lists the last weeks oldest first, across a year', () => {
    expect(recentIsoWeeks(new Date('2026-01-07T12:00:00Z'), 4)).toEqual([
      '2025-W51',
      '2025-W52',
      '2026-W01',
      '2026-W02',
    ]);
  });
});
