import { randomUUID } from 'node:crypto';
import { highestSeverity } from '../../shared/clinical/index';
import type { QuestionnaireResponse } from '../../shared/contracts/domain';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';
import { logChanges, type RecordChange } from '../sync/changes';
import { loadRecords } from '../sync/records';
import { assessResponse } from './assessment';
import { activeProgramme } from './programme';

export interface SubmissionResult {
  response: QuestionnaireResponse;
  /** What the patient is told to do now: `urgent` means "get help today" (the UI shows 113). */
  followUp: 'none' | 'risk' | 'urgent';
}

/**
 * A patient's questionnaire for the current programme week (week 0 before the start): scored on
 * the server by the shared rules, stored with any flags it raises, in one transaction.
 */
export async function submitQuestionnaire(
  tx: Queryable,
  caller: Caller,
  submission: { instrumentId: string; answers: Record<string, number> },
  now: Date,
): Promise<SubmissionResult> {
  const patientId = caller.principal.id;
  const programme = await activeProgramme(tx, patientId, now);
  if (programme.week === 'ended') throw new HttpError(409, 'programme_ended', 'the programme has ended');
  const week = programme.week === 'not-started' ? 0 : programme.week;
  const baseline = await tx.query<{ total: number }>(
    `SELECT total FROM questionnaire_response WHERE enrolment_id = $1 AND instrument_id = $2
      ORDER BY week, submitted_at LIMIT 1`,
    [programme.enrolment.id, submission.instrumentId],
  );
  const responseId = randomUUID();
  const assessed = assessResponse(
    submission.instrumentId,
    submission.answers,
    responseId,
    baseline.rows[0]?.total ?? null,
  );
  if (!assessed.ok) {
    throw new HttpError(400, 'invalid_answers', 'the answers are incomplete or invalid', assessed.errors);
  }
  await tx.query(
    `INSERT INTO questionnaire_response (id, patient_id, enrolment_id, instrument_id, week, answers, total, band, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      responseId,
      patientId,
      programme.enrolment.id,
      assessed.scored.instrumentId,
      week,
      assessed.scored.itemScores,
      assessed.scored.total,
      assessed.scored.band,
    ],
  );
  const changes: RecordChange[] = [
    { op: 'upsert', entity: 'questionnaireResponse', id: responseId, patientId },
  ];
  for (const flag of assessed.flags) {
    const flagId = randomUUID();
    await tx.query(
      `INSERT INTO flag (id, patient_id, severity, reason_code, source, details, status, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', now())`,
      [flagId, patientId, flag.severity, flag.reasonCode, flag.source, flag.details],
    );
    changes.push({ op: 'upsert', entity: 'flag', id: flagId, patientId });
  }
  await logChanges(tx, changes);
  await audit(tx, caller, [
    { patientId, action: 'create', resource: `questionnaire:${assessed.scored.instrumentId}` },
  ]);
  const [response] = await loadRecords(tx, 'questionnaireResponse', [responseId]);
  return {
    response: response!,
    followUp: highestSeverity(assessed.flags.map((flag) => flag.severity)) ?? 'none',
  };
}
