import { TZDate } from '@date-fns/tz';
import { addBusinessDays } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { SERVICE_TIME_ZONE } from '../../../src/shared/clinical/localDate';
import { replyDueAt, replyOverdue } from '../../../src/shared/clinical/replies';

describe('the reply deadline', () => {
  it('counts working days on the Oslo calendar and keeps the time of day', () => {
    // Wednesday 10:15 in Oslo (winter, UTC+1) -> Monday 10:15.
    expect(replyDueAt('2026-01-14T09:15:00.000Z').toISOString()).toBe('2026-01-19T09:15:00.000Z');
    // Friday 23:30 in Oslo is Friday 22:30 UTC -> Wednesday 23:30 Oslo.
    expect(replyDueAt('2026-01-16T22:30:00.000Z').toISOString()).toBe('2026-01-21T22:30:00.000Z');
    // Saturday -> the weekend does not count: Wednesday.
    expect(replyDueAt('2026-01-17T11:00:00.000Z').toISOString()).toBe('2026-01-21T11:00:00.000Z');
    // Across the spring DST change (29 March 2026): Friday 09:00 (UTC+1) -> Wednesday 09:00 (UTC+2).
    expect(replyDueAt('2026-03-27T08:00:00.000Z').toISOString()).toBe('2026-04-01T07:00:00.000Z');
    // The clinic's own deadline: one working day.
    expect(replyDueAt('2026-01-16T09:00:00.000Z', 1).toISOString()).toBe('2026-01-19T09:00:00.000Z');
  });

  it('agrees with date-fns stepping day by day in the Oslo zone, every 7 hours for two years', () => {
    const reference = (sentAt: string, days: number) =>
      addBusinessDays(new TZDate(sentAt, SERVICE_TIME_ZONE), days).getTime();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    let checked = 0;
    for (let at = start; at < start + 2 * 365 * 86_400_000; at += 7 * 3_600_000) {
      const sentAt = new Date(at).toISOString();
      for (const days of [1, 3, 5]) {
        expect(replyDueAt(sentAt, days).getTime(), `${sentAt} + ${days}`).toBe(reference(sentAt, days));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(7000);
  });

  it('is overdue only after the deadline', () => {
    const sentAt = '2026-01-14T09:15:00.000Z';
    expect(replyOverdue(sentAt, new Date('2026-01-19T09:14:59.000Z'))).toBe(false);
    expect(replyOverdue(sentAt, new Date('2026-01-19T09:15:01.000Z'))).toBe(true);
  });
});
