import { randomUUID } from 'node:crypto';
import { highestSeverity, PROGRAMME_INSTRUMENTS } from '../../shared/clinical/index';
import type { QuestionnaireResponse } from '../../shared/contracts/domain';
import { audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';
import { logChanges, type RecordChange } from '../data/changes';
import { loadRecords } from '../data/records';
import { assessResponse } from './assessment';
import { CareError } from './errors';
import { questionnaireOccasion, type QuestionnaireOccasion } from './programme';
import { recordFlagHit } from './flags';
import { coveringFlags, hitOf, patientRiskRules, unresolvedFlags } from './riskRules';

export interface SubmissionResult {
  response: QuestionnaireResponse;
  /** What the patient is told to do now: `urgent` means "get help today" (the UI shows 113). */
  followUp: 'none' | 'risk' | 'urgent';
}

/** The questionnaires a patient answers now (this week's, prescreening's or the follow-up's), and which are done. */
export async function questionnairesDue(
  tx: Queryable,
  patientId: string,
  now: Date,
): Promise<{ occasion: QuestionnaireOccasion; instruments: { instrumentId: string; answered: boolean }[] }> {
  const occasion = await questionnaireOccasion(tx, patientId, now);
  const answered = await tx.query<{ instrument_id: string }>(
    'SELECT instrument_id FROM questionnaire_response WHERE enrolment_id = $1 AND week = $2',
    [occasion.enrolment.id, occasion.week],
  );
  return {
    occasion,
    instruments: PROGRAMME_INSTRUMENTS[occasion.enrolment.programme].map((instrumentId) => ({
      instrumentId,
      answered: answered.rows.some((row) => row.instrument_id === instrumentId),
    })),
  };
}

/**
 * A patient's questionnaire for the current programme week, for prescreening while referred
 * (week 0, the baseline), or for the follow-up after the end (FOLLOW_UP_WEEK): one of the
 * programme's instruments, once per occasion, scored on the server by the clinic's rules, stored
 * with any new flags it raises and the hits it adds to unresolved ones, in one transaction.
 */
export async function submitQuestionnaire(
  tx: Queryable,
  caller: Caller,
  submission: { instrumentId: string; answers: Record<string, number> },
  now: Date,
): Promise<SubmissionResult> {
  const patientId = caller.principal.id;
  const { enrolment, week } = await questionnaireOccasion(tx, patientId, now, true);
  const instruments: readonly string[] = PROGRAMME_INSTRUMENTS[enrolment.programme];
  if (!instruments.includes(submission.instrumentId)) {
    throw new CareError('invalid', 'this questionnaire is not part of your programme', {
      code: 'instrument_not_in_programme',
      details: { instruments },
    });
  }
  const earlier = await tx.query<{ week: number; total: number }>(
    `SELECT week, total FROM questionnaire_response WHERE enrolment_id = $1 AND instrument_id = $2
      ORDER BY week, submitted_at`,
    [enrolment.id, submission.instrumentId],
  );
  if (earlier.rows.some((row) => row.week === week)) {
    throw new CareError('conflict', 'this questionnaire is already answered for this week', {
      code: 'already_submitted',
    });
  }
  const responseId = randomUUID();
  const assessed = assessResponse(
    submission.instrumentId,
    submission.answers,
    responseId,
    earlier.rows[0]?.total ?? null,
    await patientRiskRules(tx, patientId),
  );
  if (!assessed.ok) {
    throw new CareError('invalid', 'the answers are incomplete or invalid', {
      code: 'invalid_answers',
      details: assessed.errors,
    });
  }
  await tx.query(
    `INSERT INTO questionnaire_response (id, patient_id, enrolment_id, instrument_id, week, answers, total, band, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      responseId,
      patientId,
      enrolment.id,
      assessed.scored.instrumentId,
      week,
      assessed.scored.itemScores,
      assessed.scored.total,
      assessed.scored.band,
    ],
  );
  const [response] = await loadRecords(tx, 'questionnaireResponse', [responseId]);
  const changes: RecordChange[] = [
    { op: 'upsert', entity: 'questionnaireResponse', id: responseId, patientId },
  ];
  const unresolved = await unresolvedFlags(tx, patientId);
  for (const flag of assessed.flags) {
    const hit = hitOf(flag, week, response!.submittedAt);
    const covering = coveringFlags(flag, unresolved);
    // A hit an unresolved flag covers is recorded on it (a worse one reopens an acknowledged flag),
    // so the flag shows the latest answer and the change log nudges the workstation; otherwise it
    // raises a flag of its own.
    for (const open of covering) {
      await recordFlagHit(tx, caller, { ...open, patientId }, hit);
      changes.push({ op: 'upsert', entity: 'flag', id: open.id, patientId });
    }
    if (covering.length > 0) continue;
    const flagId = randomUUID();
    await tx.query(
      `INSERT INTO flag (id, patient_id, severity, reason_code, source, details, status, raised_at, hits)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', now(), $7::jsonb)`,
      [flagId, patientId, flag.severity, flag.reasonCode, flag.source, flag.details, JSON.stringify([hit])],
    );
    changes.push({ op: 'upsert', entity: 'flag', id: flagId, patientId });
  }
  await logChanges(tx, changes);
  await audit(tx, caller, [
    { patientId, action: 'create', resource: `questionnaire:${assessed.scored.instrumentId}` },
  ]);
  return {
    response: response!,
    // What the answers mean for the patient today, whether or not an earlier flag already covers it.
    followUp: highestSeverity(assessed.flags.map((flag) => flag.severity)) ?? 'none',
  };
}
