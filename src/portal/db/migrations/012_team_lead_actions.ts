/**
 * What a team lead decides for their team: a waiting patient declined (and why), and a therapist's
 * target caseload set by the lead rather than following the clinic's default.
 */
export const name = 'team_lead_actions';

export const sql = /* sql */ `
-- A declined referral ends as 'discontinued' before it started; this says who declined it and why.
-- The free text of 'other' stays in the portal: it is never synced.
CREATE TABLE enrolment_decline (
  enrolment_id uuid PRIMARY KEY REFERENCES enrolment (id),
  reason text NOT NULL
    CHECK (reason IN ('exclusion', 'other-treatment', 'patient-declined', 'no-contact', 'other')),
  reason_text text CHECK ((reason = 'other') = (reason_text IS NOT NULL)),
  declined_by uuid NOT NULL REFERENCES staff (id),
  declined_at timestamptz NOT NULL DEFAULT now()
);

-- Who set the therapist's caseload_capacity; NULL: it follows the clinic's defaultCaseloadCapacity,
-- and saving the clinic's settings moves it along.
ALTER TABLE staff ADD COLUMN capacity_set_by uuid REFERENCES staff (id);
`;
