/**
 * What the patient pages need: browser sessions with an idle limit, homework drafts kept while
 * the patient writes, and the clinic's patient-facing settings (where to get help, reply times).
 */
export const name = 'patient_pages';

export const sql = /* sql */ `
-- A signed-in browser. Only the cookie token's SHA-256 is stored; a session idle longer than the
-- pages allow is refused and later pruned.
CREATE TABLE web_session (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  principal_id uuid NOT NULL REFERENCES account (principal_id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE INDEX web_session_last_seen ON web_session (last_seen_at);

-- Homework being written: the patient's own until submitted, so it is neither synced nor shown to staff.
CREATE TABLE homework_draft (
  enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  module_no integer NOT NULL CHECK (module_no BETWEEN 1 AND 9),
  patient_id uuid NOT NULL REFERENCES patient (id),
  fields jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enrolment_id, module_no)
);

-- ClinicPatientInfo in src/portal/care/clinicInfo.ts; NULL means the service defaults.
ALTER TABLE clinic ADD COLUMN patient_info jsonb;
`;
