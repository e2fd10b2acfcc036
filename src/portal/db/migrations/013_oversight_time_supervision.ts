/**
 * Issue 9, sections 4 and 5: the time therapists actively spend on each patient per ISO week, and
 * the weekly supervision samples team leads draw.
 */
export const name = 'oversight_time_supervision';

export const sql = /* sql */ `
-- One running total per therapist, patient and ISO week ('2026-W09'), measured by the therapist's
-- workstation: a duration only, nothing of what was done.
CREATE TABLE therapist_time (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id uuid NOT NULL REFERENCES staff (id),
  patient_id uuid NOT NULL REFERENCES patient (id),
  week text NOT NULL CHECK (week ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'),
  seconds integer NOT NULL CHECK (seconds BETWEEN 0 AND 604800),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (staff_id, patient_id, week)
);
CREATE INDEX therapist_time_patient ON therapist_time (patient_id);

-- A team lead's supervision sample of one therapist's sent messages: one per week, so a sample
-- cannot be drawn again until it shows the messages wanted.
CREATE TABLE supervision_sample (
  id uuid PRIMARY KEY,
  team_lead_id uuid NOT NULL REFERENCES staff (id),
  therapist_id uuid NOT NULL REFERENCES staff (id),
  week text NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_lead_id, therapist_id, week)
);

-- The grant opened for a sampled message: which message it was drawn for.
ALTER TABLE access_grant ADD COLUMN sampled_message_id uuid REFERENCES message (id);
ALTER TABLE access_grant ADD COLUMN sample_id uuid REFERENCES supervision_sample (id);
`;
