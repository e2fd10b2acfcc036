/**
 * A flag keeps every answer that met its rule while it was unresolved (FlagHit in
 * src/shared/contracts/domain.ts): the one that raised it and each later one it covered, so an
 * open flag raised by an answer of 2 shows the 3 that came a week later.
 */
export const name = 'flag_hits';

export const sql = /* sql */ `
ALTER TABLE flag ADD COLUMN hits jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(hits) = 'array');

-- A questionnaire flag raised before this had one hit: the answer that raised it.
UPDATE flag f
   SET hits = jsonb_build_array(jsonb_build_object(
         'responseId', r.id,
         'week', r.week,
         'value', f.details -> 'value',
         'severity', f.severity,
         'at', to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
  FROM questionnaire_response r
 WHERE f.source ->> 'kind' = 'questionnaire'
   AND r.id = (f.source ->> 'responseId')::uuid
   AND jsonb_typeof(f.details -> 'value') = 'number';

-- Workstations learn of the backfilled hits through their next pull, like any other change.
INSERT INTO change_log (entity, entity_id, op, patient_id)
SELECT 'flag', id, 'upsert', patient_id FROM flag WHERE jsonb_array_length(hits) > 0;
`;
