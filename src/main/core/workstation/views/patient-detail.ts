import { weekWindow } from '../../../../shared/clinical';
import type { PatientDetail, ScoreSeries } from '../../../../shared/contracts/ipc';
import type { QuestionnaireResponse } from '../../../../shared/contracts/domain';
import type { Cache } from '../../cache/cache';
import { WorkstationError } from '../errors';
import { weekOf } from './programme';

const byText =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Everything the patient screen shows, pending local changes included. */
export function readPatientDetail(cache: Cache, patientId: string, now: Date): PatientDetail {
  const records = cache.records;
  const found = records.get('patient', patientId);
  if (!found) throw new WorkstationError('not-found', "The patient is not in this workstation's cache");
  const { pending: _, ...patient } = found;
  const strip = <T extends { pending: boolean }>({ pending: _p, ...rest }: T) => rest;

  const enrolments = records
    .ofPatient('enrolment', patientId)
    .map(strip)
    .sort(byText((e) => e.updatedAt));
  const enrolment = enrolments.find((e) => e.status === 'active') ?? enrolments.at(-1) ?? null;
  const therapistRecord = enrolment?.therapistId ? records.get('staff', enrolment.therapistId) : null;
  const week = enrolment ? weekOf(enrolment.startDate, now) : null;
  const responses = records
    .ofPatient('questionnaireResponse', patientId)
    .map(strip)
    .sort(byText((r) => r.submittedAt));
  const round = typeof week === 'number' ? cache.local.round(patientId, week) : { status: 'open' as const };

  return {
    patient,
    enrolment,
    therapist: therapistRecord
      ? { staffId: therapistRecord.id, displayName: therapistRecord.displayName }
      : null,
    programmeWeek: week,
    weekWindow:
      enrolment?.startDate && typeof week === 'number' ? weekWindow(enrolment.startDate, week) : null,
    modules: records
      .ofPatient('moduleProgress', patientId)
      .map(strip)
      .sort((a, b) => a.moduleNo - b.moduleNo),
    homework: records
      .ofPatient('homework', patientId)
      .map(strip)
      .sort(byText((h) => h.submittedAt)),
    messages: records.ofPatient('message', patientId).sort(byText((m) => m.sentAt)),
    responses,
    scoreSeries: seriesOf(responses),
    flags: records
      .ofPatient('flag', patientId)
      .sort(byText((f) => f.raisedAt))
      .reverse(),
    notes: records.ofPatient('clinicalNote', patientId).sort(byText((n) => n.createdAt)),
    feedback: records.ofPatient('weeklyFeedback', patientId).sort((a, b) => a.week - b.week),
    draft: cache.local.draft(patientId),
    round,
    access: {
      level: records.ofPatient('overview', patientId).length > 0 ? 'oversight' : 'record',
      openUntil:
        records
          .ofPatient('accessGrant', patientId)
          .map((grant) => grant.expiresAt)
          .filter((expiresAt) => Date.parse(expiresAt) > now.getTime())
          .sort()
          .at(-1) ?? null,
    },
  };
}

/** One series per instrument, in submission order (the input is sorted by submittedAt). */
function seriesOf(responses: readonly QuestionnaireResponse[]): ScoreSeries[] {
  const series = new Map<string, ScoreSeries>();
  for (const r of responses) {
    let s = series.get(r.instrumentId);
    if (!s) series.set(r.instrumentId, (s = { instrumentId: r.instrumentId, points: [] }));
    s.points.push({
      responseId: r.id,
      week: r.week,
      total: r.total,
      band: r.band,
      submittedAt: r.submittedAt,
    });
  }
  return [...series.values()];
}
