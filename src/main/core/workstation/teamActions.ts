import { randomUUID } from 'node:crypto';
import { localDateOf } from '../../../shared/clinical/localDate';
import type { ActionName } from '../../../shared/contracts/actions';
import type { Cache } from '../cache/cache';
import type { Implementation } from './actions';
import { WorkstationError } from './errors';

/**
 * The team lead's decisions on the waiting list and the caseloads: enrol, decline, reassign, set a
 * target capacity. Each is checked against the cache (so an obvious mistake is refused at once)
 * and queued as one mutation; the portal decides, and the pull brings the result (who carries
 * which patient is the portal's to say: it also changes who may see them).
 */
type TeamAction = 'waiting.enrol' | 'waiting.decline' | 'team.reassign' | 'team.setCapacity';

const notInCache = (what: string) =>
  new WorkstationError('not-found', `${what} is not in this workstation's cache`);

function requireTherapist(cache: Cache, therapistId: string): void {
  const staff = cache.records.get('staff', therapistId);
  if (!staff || staff.role !== 'therapist') throw notInCache('The therapist');
  if (!staff.active) throw new WorkstationError('conflict', 'The therapist is no longer active');
}

function requireWaiting(cache: Cache, patientId: string): void {
  if (!cache.records.get('patient', patientId)) throw notInCache('The patient');
  const waiting = cache.records
    .ofPatient('enrolment', patientId)
    .some((e) => e.status === 'referred' || e.status === 'assessment');
  if (!waiting) throw new WorkstationError('conflict', 'The patient is not on the waiting list');
}

const enrol: Implementation<'waiting.enrol'> = (ctx, req) => {
  requireWaiting(ctx.cache, req.patientId);
  requireTherapist(ctx.cache, req.therapistId);
  if (req.startDate < localDateOf(ctx.now)) {
    throw new WorkstationError('conflict', 'A programme cannot start in the past');
  }
  ctx.cache.queueLocalChange({
    mutation: { id: randomUUID(), type: 'waiting.enrol', payload: req },
    patientId: req.patientId,
    overlay: [],
  });
  return { patientId: req.patientId, value: null, queued: true };
};

const decline: Implementation<'waiting.decline'> = (ctx, req) => {
  requireWaiting(ctx.cache, req.patientId);
  const reasonText = req.reasonText?.trim();
  ctx.cache.queueLocalChange({
    mutation: {
      id: randomUUID(),
      type: 'waiting.decline',
      payload: { patientId: req.patientId, reason: req.reason, ...(reasonText ? { reasonText } : {}) },
    },
    patientId: req.patientId,
    overlay: [],
  });
  return { patientId: req.patientId, value: null, queued: true };
};

const reassign: Implementation<'team.reassign'> = (ctx, req) => {
  for (const patientId of req.patientIds) {
    if (!ctx.cache.records.get('patient', patientId)) throw notInCache('A patient');
  }
  requireTherapist(ctx.cache, req.therapistId);
  ctx.cache.queueLocalChange({
    mutation: { id: randomUUID(), type: 'team.reassign', payload: req },
    patientId: null,
    overlay: [],
  });
  return { patientId: null, value: null, queued: true };
};

const setCapacity: Implementation<'team.setCapacity'> = (ctx, req) => {
  requireTherapist(ctx.cache, req.therapistId);
  ctx.cache.queueLocalChange({
    mutation: { id: randomUUID(), type: 'team.setCapacity', payload: req },
    patientId: null,
    overlay: [],
  });
  return { patientId: null, value: null, queued: true };
};

/** The patients a decision in the outbox is about: until the portal answers, the screens say so. */
export function patientsAwaitingDecision(cache: Cache): Set<string> {
  const patients = new Set<string>();
  for (const { mutation } of cache.outbox.pending(cache.outbox.count())) {
    if (mutation.type === 'waiting.enrol' || mutation.type === 'waiting.decline')
      patients.add(mutation.payload.patientId);
    else if (mutation.type === 'team.reassign')
      for (const patientId of mutation.payload.patientIds) patients.add(patientId);
  }
  return patients;
}

export const teamActions: { [A in TeamAction & ActionName]: Implementation<A> } = {
  'waiting.enrol': enrol,
  'waiting.decline': decline,
  'team.reassign': reassign,
  'team.setCapacity': setCapacity,
};
