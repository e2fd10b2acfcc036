import { describe, expect, it } from 'vitest';
import { nextWorkingDay, snoozeChoices, snoozeEnd } from '../../src/renderer/src/snooze-dates';

describe('snoozing to a day', () => {
  it.each([
    ['2026-03-02', '2026-03-03'], // Monday -> Tuesday
    ['2026-03-05', '2026-03-06'], // Thursday -> Friday
    ['2026-03-06', '2026-03-09'], // Friday -> Monday
    ['2026-03-07', '2026-03-09'], // Saturday -> Monday
    ['2026-03-08', '2026-03-09'], // Sunday -> Monday
  ])('suggests the next working day after %s: %s', (today, expected) => {
    expect(nextWorkingDay(today)).toBe(expected);
  });

  it('ends a snooze when the day starts in Oslo, in winter and in summer', () => {
    expect(snoozeEnd('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(snoozeEnd('2026-07-15')).toBe('2026-07-14T22:00:00.000Z');
  });

  it('offers tomorrow to fourteen days ahead, on the Oslo calendar', () => {
    // 00:30 on Saturday 7 March in Oslo, still Friday in UTC: tomorrow is Sunday there.
    expect(snoozeChoices(new Date('2026-03-06T23:30:00.000Z'))).toEqual({
      min: '2026-03-08',
      max: '2026-03-21',
      suggested: '2026-03-09',
    });
  });

  it('keeps the last day within fourteen days to the millisecond across the autumn clock change', () => {
    // Just after midnight on 18 October; the clocks go back on 25 October, so 1 November starts
    // 14 days and one hour later: beyond the limit the core enforces.
    const now = new Date('2026-10-17T22:30:00.000Z');
    const { max } = snoozeChoices(now);
    expect(max).toBe('2026-10-31');
    expect(Date.parse(snoozeEnd(max)) - now.getTime()).toBeLessThanOrEqual(14 * 86_400_000);
  });
});
