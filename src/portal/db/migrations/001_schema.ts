/** The clinic: organisation, people, programmes and everything a patient does in them. */
export const name = 'schema';

export const sql = /* sql */ `
CREATE TABLE server_meta (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- A new epoch for every new database: a cursor from another epoch cannot be served.
  epoch uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Change-log rows at or before this position have been pruned.
  log_floor_txid xid8,
  log_floor_seq bigint
);
INSERT INTO server_meta DEFAULT VALUES;

CREATE TABLE clinic (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE team (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinic (id),
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
  id uuid PRIMARY KEY,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('therapist', 'team_lead', 'admin')),
  caseload_capacity integer NOT NULL DEFAULT 0 CHECK (caseload_capacity >= 0),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_team (
  staff_id uuid NOT NULL REFERENCES staff (id),
  team_id uuid NOT NULL REFERENCES team (id),
  PRIMARY KEY (staff_id, team_id)
);
CREATE INDEX staff_team_team ON staff_team (team_id);

CREATE TABLE patient (
  id uuid PRIMARY KEY,
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_year integer NOT NULL,
  phone text,
  local_dps text,
  team_id uuid NOT NULL REFERENCES team (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patient_team ON patient (team_id);

-- Local login for a staff member or a patient. OpenID Connect identities map onto principal_id.
CREATE TABLE account (
  principal_id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('staff', 'patient')),
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz
);

CREATE TABLE enrolment (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  programme text NOT NULL CHECK (programme IN ('panic', 'social-anxiety', 'depression')),
  status text NOT NULL CHECK (status IN ('referred', 'assessment', 'active', 'completed', 'discontinued')),
  start_date date,
  planned_end_date date,
  therapist_id uuid REFERENCES staff (id),
  team_id uuid NOT NULL REFERENCES team (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrolment_patient ON enrolment (patient_id);
CREATE INDEX enrolment_therapist ON enrolment (therapist_id, patient_id);

CREATE TABLE module_progress (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  module_no integer NOT NULL CHECK (module_no BETWEEN 1 AND 9),
  opened_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enrolment_id, module_no)
);
CREATE INDEX module_progress_patient ON module_progress (patient_id);

CREATE TABLE homework (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  module_no integer NOT NULL CHECK (module_no BETWEEN 1 AND 9),
  body text NOT NULL,
  submitted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX homework_patient ON homework (patient_id);

CREATE TABLE message (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  author_kind text NOT NULL CHECK (author_kind IN ('patient', 'staff')),
  author_staff_id uuid REFERENCES staff (id),
  body text NOT NULL,
  sent_at timestamptz NOT NULL,
  read_at timestamptz,
  answered_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((author_kind = 'staff') = (author_staff_id IS NOT NULL))
);
CREATE INDEX message_patient ON message (patient_id, sent_at);

CREATE TABLE questionnaire_response (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  instrument_id text NOT NULL,
  week integer NOT NULL CHECK (week BETWEEN 0 AND 14),
  answers jsonb NOT NULL,
  total integer NOT NULL,
  band text NOT NULL,
  submitted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX questionnaire_response_patient ON questionnaire_response (patient_id);
CREATE INDEX questionnaire_response_enrolment ON questionnaire_response (enrolment_id, instrument_id, week);

CREATE TABLE flag (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  severity text NOT NULL CHECK (severity IN ('risk', 'urgent')),
  reason_code text NOT NULL,
  source jsonb NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  raised_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES staff (id),
  acknowledged_at timestamptz,
  acknowledge_note text,
  resolved_by uuid REFERENCES staff (id),
  resolved_at timestamptz,
  resolve_note text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flag_patient ON flag (patient_id);

CREATE TABLE clinical_note (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  author_staff_id uuid NOT NULL REFERENCES staff (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinical_note_patient ON clinical_note (patient_id);

CREATE TABLE weekly_feedback (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  week integer NOT NULL CHECK (week BETWEEN 1 AND 14),
  given_by uuid NOT NULL REFERENCES staff (id),
  given_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enrolment_id, week)
);
CREATE INDEX weekly_feedback_patient ON weekly_feedback (patient_id);

-- Who may see a patient: the therapists of their enrolments and the leads of their team.
CREATE VIEW patient_access AS
  SELECT e.patient_id, e.therapist_id AS staff_id
    FROM enrolment e
   WHERE e.therapist_id IS NOT NULL
  UNION
  SELECT p.id, st.staff_id
    FROM patient p
    JOIN staff_team st ON st.team_id = p.team_id
    JOIN staff s ON s.id = st.staff_id AND s.role = 'team_lead';
`;
