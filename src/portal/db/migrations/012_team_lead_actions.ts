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

-- When the therapist's caseload_capacity was set as their own target (who set it is in the audit
-- log); NULL: it follows the clinic's defaultCaseloadCapacity, and saving the settings moves it.
ALTER TABLE staff ADD COLUMN capacity_set_at timestamptz;
-- A capacity other than the clinic's default (25 when the clinic has set none) was chosen for the
-- therapist: it stays theirs.
UPDATE staff SET capacity_set_at = updated_at
 WHERE role = 'therapist'
   AND caseload_capacity <> COALESCE(
     (SELECT (staff_settings->>'defaultCaseloadCapacity')::int FROM clinic ORDER BY id LIMIT 1), 25);
`;
