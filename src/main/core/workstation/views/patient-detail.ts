import { weekWindow } from '../../../../shared/clinical';
import type { FailedMessage, PatientDetail, ScoreSeries } from '../../../../shared/contracts/ipc';
import type { QuestionnaireResponse } from '../../../../shared/contracts/domain';
import type { Cache } from '../../cache/cache';
import { WorkstationError } from '../errors';
import { currentEnrolmentOf, patientRoundWeek, weekOf } from './programme';

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
  const enrolment = currentEnrolmentOf(enrolments);
  const therapistRecord = enrolment?.therapistId ? records.get('staff', enrolment.therapistId) : null;
  const week = enrolment ? weekOf(enrolment.startDate, now) : null;
  const responses = records
    .ofPatient('questionnaireResponse', patientId)
    .map(strip)
    .sort(byText((r) => r.submittedAt));
  const roundWeek = patientRoundWeek(cache, patientId, now);
  const round = roundWeek === null ? { status: 'open' as const } : cache.local.round(patientId, roundWeek);

  const messages = records.ofPatient('message', patientId).sort(byText((m) => m.sentAt));
  const flags = records
    .ofPatient('flag', patientId)
    .sort(byText((f) => f.raisedAt))
    .reverse();
  const notes = records.ofPatient('clinicalNote', patientId).sort(byText((n) => n.createdAt));
  const feedback = records.ofPatient('weeklyFeedback', patientId).sort((a, b) => a.week - b.week);
  const staffIds = [
    ...messages.map((m) => m.authorStaffId),
    ...flags.flatMap((f) => [
      f.acknowledgedBy,
      f.resolvedBy,
      f.source.kind === 'clinician' ? f.source.staffId : null,
    ]),
    ...notes.map((n) => n.authorStaffId),
    ...feedback.map((f) => f.givenBy),
  ];

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
    messages,
    responses,
    scoreSeries: seriesOf(responses),
    flags,
    notes,
    feedback,
    draft: cache.local.draft(patientId),
    round,
    staffNames: staffNamesOf(cache, staffIds),
    failedMessages: failedMessagesOf(cache, patientId),
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

/** Names of the staff members the cache knows; an id it does not know is left out. */
function staffNamesOf(cache: Cache, ids: readonly (string | null)[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const id of new Set(ids)) {
    const member = id === null ? null : cache.records.get('staff', id);
    if (member) names[member.id] = member.displayName;
  }
  return names;
}

/** Replies the portal refused: they vanished from the thread, so the screen shows them apart. */
function failedMessagesOf(cache: Cache, patientId: string): FailedMessage[] {
  return cache.outbox.rejected().flatMap(({ mutation, result, rejectedAt, patientId: of }) =>
    of === patientId && mutation.type === 'message.send'
      ? [
          {
            mutationId: mutation.id,
            body: mutation.payload.body,
            code: result.code,
            message: result.message,
            rejectedAt,
          },
        ]
      : [],
  );
}

/**
 * One series per instrument, in submission order (the input is sorted by submittedAt): the
 * baseline (week 0), the programme weeks, and the follow-up last (week FOLLOW_UP_WEEK).
 */
export function seriesOf(responses: readonly QuestionnaireResponse[]): ScoreSeries[] {
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
