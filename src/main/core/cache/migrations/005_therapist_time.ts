/**
 * Therapist time (issue 9, section 4): the synced weekly totals per therapist and patient (an
 * overseen patient's come in their overview, which gets an empty list until the portal sends it
 * again), and this workstation's own running total of the user's active time per patient and ISO
 * week, from which it reports them.
 */
export const name = 'therapist_time';

export const sql = /* sql */ `
CREATE TABLE therapist_time (id TEXT PRIMARY KEY, patient_id TEXT, json TEXT NOT NULL);
CREATE INDEX therapist_time_by_patient ON therapist_time (patient_id);
CREATE TABLE time_spent (
  patient_id TEXT NOT NULL,
  week TEXT NOT NULL,
  ms INTEGER NOT NULL,
  PRIMARY KEY (patient_id, week)
);
UPDATE patient_overview SET json = json_set(json, '$.time', json('[]')) WHERE json_type(json, '$.time') IS NULL;
`;
