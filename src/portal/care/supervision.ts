import { GRANT_HOURS } from '../../shared/contracts/actions';
import { requireRole } from '../access/scope';
import type { Caller } from '../auth/principal';
import type { Queryable } from '../db/db';
import { CareError } from './errors';
import { grantRecord } from './grants';

export interface SupervisionSampleRequest {
  sampleId: string;
  therapistId: string;
  /** One per grant the sample may open: how many messages to draw. */
  grantIds: readonly string[];
}

/**
 * A team lead draws this week's supervision sample of one therapist of their teams: up to
 * `grantIds.length` of the messages the therapist sent in the last 7 days to patients of the
 * lead's teams, at random, one per patient, and opens each sampled patient's record with the
 * reason "supervision" (a grant, audited, in the patient's access log). The portal draws, so the
 * lead cannot pick; one sample per therapist and week, so it cannot be redrawn until it suits.
 */
export async function takeSupervisionSample(
  tx: Queryable,
  caller: Caller,
  request: SupervisionSampleRequest,
): Promise<void> {
  const { sampleId, therapistId, grantIds } = request;
  requireRole(caller, 'team_lead');
  const colleague = await tx.query(
    `SELECT 1 FROM staff s
       JOIN staff_team theirs ON theirs.staff_id = s.id
       JOIN staff_team mine ON mine.team_id = theirs.team_id AND mine.staff_id = $2
      WHERE s.id = $1 AND s.role = 'therapist' LIMIT 1`,
    [therapistId, caller.principal.id],
  );
  if (colleague.rowCount === 0) throw new CareError('not-found', 'no such therapist in your teams');
  const drawn = await tx.query(
    `INSERT INTO supervision_sample (id, team_lead_id, therapist_id, week)
     VALUES ($1, $2, $3, to_char(now(), 'IYYY-"W"IW')) ON CONFLICT DO NOTHING`,
    [sampleId, caller.principal.id, therapistId],
  );
  if (drawn.rowCount === 0)
    throw new CareError('conflict', "this week's sample of the therapist's messages is already drawn");
  const sampled = await tx.query<{ id: string; patient_id: string }>(
    `SELECT id, patient_id FROM (
       SELECT DISTINCT ON (m.patient_id) m.id, m.patient_id
         FROM message m
         JOIN patient p ON p.id = m.patient_id
         JOIN staff_team mine ON mine.team_id = p.team_id AND mine.staff_id = $2
        WHERE m.author_kind = 'staff' AND m.author_staff_id = $1 AND m.sent_at > now() - interval '7 days'
        ORDER BY m.patient_id, random()) one_per_patient
      ORDER BY random() LIMIT $3`,
    [therapistId, caller.principal.id, grantIds.length],
  );
  if (sampled.rowCount === 0)
    throw new CareError('conflict', 'the therapist sent no messages in the last 7 days');
  for (const [index, message] of sampled.rows.entries()) {
    await grantRecord(tx, caller, {
      grantId: grantIds[index]!,
      patientId: message.patient_id,
      reason: 'supervision',
      hours: GRANT_HOURS.default,
      sample: { sampleId, messageId: message.id },
    });
  }
}
