/**
 * The first cache schema. Synced tables: one per record kind, the validated record as JSON plus the
 * columns queries filter and sort on (entities.ts maps fields to them). The columns copied from the
 * record have no declared type on purpose: they hold what the JSON holds, as json_extract reads it.
 * `visible_*` views: what the user sees of the kinds local commands change (overlay.ts).
 */
export const name = 'schema';

export const sql = /* sql */ `
CREATE TABLE team (id TEXT PRIMARY KEY, patient_id TEXT, json TEXT NOT NULL);
CREATE INDEX team_by_patient ON team (patient_id);
CREATE TABLE staff (id TEXT PRIMARY KEY, patient_id TEXT, role, active, json TEXT NOT NULL);
CREATE INDEX staff_by_patient ON staff (patient_id);
CREATE TABLE patient (id TEXT PRIMARY KEY, patient_id TEXT, team_id, json TEXT NOT NULL);
CREATE INDEX patient_by_patient ON patient (patient_id);
CREATE TABLE enrolment (
  id TEXT PRIMARY KEY, patient_id TEXT,
  status, therapist_id, start_date, planned_end_date, updated_at,
  json TEXT NOT NULL
);
CREATE INDEX enrolment_by_patient ON enrolment (patient_id);
CREATE TABLE module_progress (
  id TEXT PRIMARY KEY, patient_id TEXT, module_no, opened_at, completed_at, json TEXT NOT NULL
);
CREATE INDEX module_progress_by_patient ON module_progress (patient_id);
CREATE TABLE homework (id TEXT PRIMARY KEY, patient_id TEXT, submitted_at, json TEXT NOT NULL);
CREATE INDEX homework_by_patient ON homework (patient_id);
CREATE TABLE message (
  id TEXT PRIMARY KEY, patient_id TEXT, author_kind, sent_at, read_at, answered_at, json TEXT NOT NULL
);
CREATE INDEX message_by_patient ON message (patient_id);
CREATE TABLE questionnaire_response (
  id TEXT PRIMARY KEY, patient_id TEXT,
  instrument_id, week, total, band, submitted_at,
  json TEXT NOT NULL
);
CREATE INDEX questionnaire_response_by_patient ON questionnaire_response (patient_id);
CREATE TABLE flag (id TEXT PRIMARY KEY, patient_id TEXT, severity, status, raised_at, json TEXT NOT NULL);
CREATE INDEX flag_by_patient ON flag (patient_id);
CREATE TABLE clinical_note (id TEXT PRIMARY KEY, patient_id TEXT, created_at, json TEXT NOT NULL);
CREATE INDEX clinical_note_by_patient ON clinical_note (patient_id);
CREATE TABLE weekly_feedback (id TEXT PRIMARY KEY, patient_id TEXT, week, given_at, json TEXT NOT NULL);
CREATE INDEX weekly_feedback_by_patient ON weekly_feedback (patient_id);

-- Local-only state.
CREATE TABLE overlay (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  record_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  json TEXT NOT NULL,
  -- Which pulled state confirms it (see overlay.ts).
  confirm TEXT NOT NULL,
  -- 1 once the portal applied the mutation: the row waits for the pulled record to confirm it.
  applied INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX overlay_record ON overlay (entity, record_id);
CREATE INDEX overlay_mutation ON overlay (mutation_id);
CREATE INDEX overlay_patient ON overlay (patient_id);
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  patient_id TEXT,
  mutation TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  queued_at TEXT NOT NULL
);
CREATE TABLE rejected (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  patient_id TEXT,
  mutation TEXT NOT NULL,
  result TEXT NOT NULL,
  rejected_at TEXT NOT NULL
);
CREATE TABLE draft (patient_id TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE round (
  patient_id TEXT NOT NULL,
  week INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'snoozed')),
  at TEXT NOT NULL,
  PRIMARY KEY (patient_id, week)
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- Derived from the records (summaries.ts); rebuilt with them.
CREATE TABLE patient_summary (
  patient_id TEXT PRIMARY KEY,
  enrolment_status TEXT NOT NULL,
  therapist_id TEXT,
  summary TEXT NOT NULL
);
CREATE INDEX patient_summary_scope ON patient_summary (enrolment_status, therapist_id, patient_id);

-- The synced rows, with any record that has a local overlay replaced by its latest overlay version
-- (sync property 5). The overlay half reads the columns out of the JSON.
CREATE VIEW visible_message AS
  SELECT id, patient_id, author_kind, sent_at, read_at, answered_at, json, 0 AS pending FROM message
    WHERE id NOT IN (SELECT record_id FROM overlay WHERE entity = 'message')
  UNION ALL
  SELECT o.record_id, o.patient_id,
      json_extract(o.json, '$.authorKind'), json_extract(o.json, '$.sentAt'),
      json_extract(o.json, '$.readAt'), json_extract(o.json, '$.answeredAt'),
      o.json, 1
    FROM overlay o
    WHERE o.entity = 'message'
      AND o.seq = (SELECT max(seq) FROM overlay WHERE entity = 'message' AND record_id = o.record_id);
CREATE VIEW visible_flag AS
  SELECT id, patient_id, severity, status, raised_at, json, 0 AS pending FROM flag
    WHERE id NOT IN (SELECT record_id FROM overlay WHERE entity = 'flag')
  UNION ALL
  SELECT o.record_id, o.patient_id,
      json_extract(o.json, '$.severity'), json_extract(o.json, '$.status'), json_extract(o.json, '$.raisedAt'),
      o.json, 1
    FROM overlay o
    WHERE o.entity = 'flag'
      AND o.seq = (SELECT max(seq) FROM overlay WHERE entity = 'flag' AND record_id = o.record_id);
CREATE VIEW visible_clinical_note AS
  SELECT id, patient_id, created_at, json, 0 AS pending FROM clinical_note
    WHERE id NOT IN (SELECT record_id FROM overlay WHERE entity = 'clinicalNote')
  UNION ALL
  SELECT o.record_id, o.patient_id, json_extract(o.json, '$.createdAt'), o.json, 1
    FROM overlay o
    WHERE o.entity = 'clinicalNote'
      AND o.seq = (SELECT max(seq) FROM overlay WHERE entity = 'clinicalNote' AND record_id = o.record_id);
CREATE VIEW visible_weekly_feedback AS
  SELECT id, patient_id, week, given_at, json, 0 AS pending FROM weekly_feedback
    WHERE id NOT IN (SELECT record_id FROM overlay WHERE entity = 'weeklyFeedback')
  UNION ALL
  SELECT o.record_id, o.patient_id, json_extract(o.json, '$.week'), json_extract(o.json, '$.givenAt'), o.json, 1
    FROM overlay o
    WHERE o.entity = 'weeklyFeedback'
      AND o.seq = (SELECT max(seq) FROM overlay WHERE entity = 'weeklyFeedback' AND record_id = o.record_id);
`;
