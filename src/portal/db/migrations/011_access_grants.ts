/**
 * Need-to-know access (Normen): a team lead oversees their team's patients without their clinical
 * text, and opens one patient's whole record only with a stated reason, for a limited time.
 */
export const name = 'access_grants';

export const sql = /* sql */ `
-- One opened record: who, whose, why and until when. The free text of 'other' stays here: the
-- patient's access log shows the standard reason only.
CREATE TABLE access_grant (
  id uuid PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id),
  patient_id uuid NOT NULL REFERENCES patient (id),
  reason text NOT NULL
    CHECK (reason IN ('acute-risk', 'covering', 'supervision', 'patient-request', 'other')),
  reason_text text CHECK ((reason = 'other') = (reason_text IS NOT NULL)),
  granted_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL CHECK (expires_at > granted_at),
  -- Set once the end (expiry) is in the change log, so the grantee's cache has been told to drop it.
  ended_at timestamptz
);
CREATE INDEX access_grant_staff ON access_grant (staff_id, patient_id) WHERE ended_at IS NULL;
CREATE INDEX access_grant_patient ON access_grant (patient_id) WHERE ended_at IS NULL;

-- Who may read a patient's whole record: the therapists of their enrolments, and staff holding a
-- grant that has not expired. An expired grant stops counting at once, before its end is written.
CREATE VIEW patient_record_access AS
  SELECT e.patient_id, e.therapist_id AS staff_id
    FROM enrolment e
   WHERE e.therapist_id IS NOT NULL
  UNION
  SELECT g.patient_id, g.staff_id
    FROM access_grant g
   WHERE g.ended_at IS NULL AND g.expires_at > now();

-- Who may see a patient at all: the whole record, or the oversight data of their team's leads.
CREATE OR REPLACE VIEW patient_access AS
  SELECT patient_id, staff_id FROM patient_record_access
  UNION
  SELECT p.id, st.staff_id
    FROM patient p
    JOIN staff_team st ON st.team_id = p.team_id
    JOIN staff s ON s.id = st.staff_id AND s.role = 'team_lead';

-- The standard reason an access was made under (a grant's), shown in the patient's access log.
ALTER TABLE audit_log ADD COLUMN reason text;
`;
