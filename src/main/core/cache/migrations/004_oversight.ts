/**
 * Need-to-know access: a team lead's cache holds each overseen patient's overview instead of their
 * messages, homework and notes, and the grants that open a record for a while. A cache synced
 * before this holds whole records it may no longer keep, so the synced data is dropped and the
 * next pull rebuilds it under the new scope (the outbox, drafts and round state stay).
 */
export const name = 'oversight';

export const sql = /* sql */ `
CREATE TABLE patient_overview (id TEXT PRIMARY KEY, patient_id TEXT, json TEXT NOT NULL);
CREATE INDEX patient_overview_by_patient ON patient_overview (patient_id);
CREATE TABLE access_grant (id TEXT PRIMARY KEY, patient_id TEXT, expires_at, json TEXT NOT NULL);
CREATE INDEX access_grant_by_patient ON access_grant (patient_id);

DELETE FROM team;
DELETE FROM staff;
DELETE FROM patient;
DELETE FROM enrolment;
DELETE FROM module_progress;
DELETE FROM homework;
DELETE FROM message;
DELETE FROM questionnaire_response;
DELETE FROM flag;
DELETE FROM clinical_note;
DELETE FROM weekly_feedback;
DELETE FROM patient_summary;
DELETE FROM meta WHERE key IN ('sync.cursor', 'sync.initial.complete', 'sync.initial.pagesDone', 'sync.initial.changesApplied');
`;
