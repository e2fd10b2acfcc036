import { randomUUID } from 'node:crypto';
import { WEEK_SECONDS } from '../../../shared/contracts/domain';
import type { ActionContext } from './actions';
import type { MeasuredTime } from './time-meter';

/** Whose time counts: the patient's therapist's, or a colleague's covering for them with a grant. */
function isOwnPatient(ctx: ActionContext, patientId: string): boolean {
  const { cache, staffId, now } = ctx;
  if (cache.records.ofPatient('enrolment', patientId).some((e) => e.therapistId === staffId)) return true;
  return cache.records
    .ofPatient('accessGrant', patientId)
    .some((g) => g.staffId === staffId && g.reason === 'covering' && Date.parse(g.expiresAt) > now.getTime());
}

/**
 * Adds measured time to the user's weekly totals per patient (continuing from the total the portal
 * holds, when larger: time measured on another workstation) and queues each changed total for the
 * portal (time.record: the week's running total, which the portal keeps as the largest it
 * has seen, so a repeated push counts nothing twice). Time on a patient who is not the user's own
 * (a team lead reading an opened record) is not kept. Answers whether a mutation was queued.
 */
export function keepMeasuredTime(ctx: ActionContext, times: readonly MeasuredTime[]): boolean {
  let queued = false;
  for (const { patientId, week, ms } of times) {
    if (!isOwnPatient(ctx, patientId)) continue;
    ctx.cache.transaction(() => {
      const held = ctx.cache.records
        .ofPatient('therapistTime', patientId)
        .find((time) => time.staffId === ctx.staffId && time.week === week);
      const total = ctx.cache.local.addTimeSpent(patientId, week, ms, (held?.seconds ?? 0) * 1000);
      ctx.cache.queueLocalChange({
        mutation: {
          id: randomUUID(),
          type: 'time.record',
          payload: { patientId, week, seconds: Math.min(Math.floor(total / 1000), WEEK_SECONDS) },
        },
        patientId,
        overlay: [],
      });
    });
    queued = true;
  }
  return queued;
}
