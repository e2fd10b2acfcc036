/**
 * Flags carry their hits (every answer that met the rule while unresolved), and a patient outside
 * an active programme can need the round: an open flag, or the follow-up answered after the end.
 * Cached flags get an empty list until the portal's backfill arrives with the next pull (portal
 * migration 008 logs it); summaries get the column the queue selects on, set as summaries.ts
 * would set it (no follow-up was answered before this version).
 */
export const name = 'flag_hits_follow_up';

export const sql = /* sql */ `
UPDATE flag SET json = json_set(json, '$.hits', json('[]')) WHERE json_type(json, '$.hits') IS NULL;
UPDATE overlay SET json = json_set(json, '$.hits', json('[]'))
 WHERE entity = 'flag' AND json_type(json, '$.hits') IS NULL;

ALTER TABLE patient_summary ADD COLUMN in_round INTEGER NOT NULL DEFAULT 0;
UPDATE patient_summary
   SET in_round = (enrolment_status = 'active' OR json_array_length(summary, '$.openFlags') > 0),
       summary = json_set(summary, '$.followUpAt', NULL);
DROP INDEX patient_summary_scope;
CREATE INDEX patient_summary_round ON patient_summary (in_round, therapist_id, patient_id);
`;
