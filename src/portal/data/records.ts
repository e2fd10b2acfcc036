import type { EntityKind, EntityRecord } from '../../shared/contracts/domain';
import type { Queryable } from '../db/db';

/**
 * How each synced record kind is read from its table, shaped as its contract record. The select
 * lists alias columns to the contract's field names; dates travel as text so no time zone can
 * shift them, instants as ISO strings.
 */
interface EntitySource {
  table: string;
  select: string;
  /** The column naming the patient a record belongs to; null for organisation records. */
  patientColumn: string | null;
  /** Which of a patient's records a snapshot sends, when not all: older ones stay in the portal. */
  recent?: string;
}

/** An instant as the workstation sorts them: UTC, milliseconds, 'Z' (as toISOString writes it). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The therapist time a pull carries: the four ISO weeks the capacity screen shows. Oslo is ahead
 * of the server's UTC, so its four weeks are always within these.
 */
const recentTime = (week: string) => `${week} >= to_char(now() - interval '21 days', 'IYYY-"W"IW')`;

/**
 * The overview of a patient (PatientOverview), from their record in one select over `patient`:
 * times, counts and scores, no text. Each part reads its table by the patient index.
 */
const OVERVIEW_SELECT = `id, id AS "patientId",
  COALESCE((SELECT json_agg(json_build_object('instrumentId', s.instrument_id, 'points', s.points)
                            ORDER BY s.instrument_id)
      FROM (SELECT q.instrument_id,
                   json_agg(json_build_array(q.week, q.total, q.band, ${iso('q.submitted_at')})
                            ORDER BY q.submitted_at) AS points
              FROM questionnaire_response q WHERE q.patient_id = patient.id GROUP BY q.instrument_id) s),
    '[]') AS scores,
  COALESCE((SELECT json_agg(json_build_array(m.module_no, ${iso('m.opened_at')}, ${iso('m.completed_at')})
                            ORDER BY m.module_no, m.id)
      FROM module_progress m WHERE m.patient_id = patient.id), '[]') AS modules,
  COALESCE((SELECT json_agg(json_build_object('enrolmentId', f.enrolment_id, 'weeks', f.weeks))
      FROM (SELECT w.enrolment_id, json_agg(w.week ORDER BY w.week) AS weeks
              FROM weekly_feedback w WHERE w.patient_id = patient.id GROUP BY w.enrolment_id) f), '[]') AS feedback,
  COALESCE((SELECT json_agg(${iso('m.sent_at')} ORDER BY m.sent_at) FROM message m
      WHERE m.patient_id = patient.id AND m.author_kind = 'patient' AND m.answered_at IS NULL), '[]') AS unanswered,
  (SELECT count(*)::int FROM message m
      WHERE m.patient_id = patient.id AND m.author_kind = 'patient' AND m.read_at IS NULL) AS unread,
  COALESCE((SELECT json_agg(json_build_array(${iso('m.sent_at')}, ${iso('m.answered_at')}) ORDER BY m.sent_at)
      FROM message m WHERE m.patient_id = patient.id AND m.author_kind = 'patient'
       AND m.answered_at > now() - interval '35 days'), '[]') AS replies,
  COALESCE((SELECT json_agg(json_build_array(t.staff_id, t.week, t.seconds) ORDER BY t.week, t.staff_id)
      FROM therapist_time t WHERE t.patient_id = patient.id AND ${recentTime('t.week')}), '[]') AS "time",
  ${iso(`GREATEST(
    (SELECT max(m.sent_at) FROM message m WHERE m.patient_id = patient.id AND m.author_kind = 'patient'),
    (SELECT max(q.submitted_at) FROM questionnaire_response q WHERE q.patient_id = patient.id),
    (SELECT max(GREATEST(m.opened_at, m.completed_at)) FROM module_progress m WHERE m.patient_id = patient.id),
    (SELECT max(h.submitted_at) FROM homework h WHERE h.patient_id = patient.id))`)} AS "lastActivityAt",
  ${iso('now()')} AS "updatedAt"`;

export const entitySources: Record<EntityKind, EntitySource> = {
  team: { table: 'team', patientColumn: null, select: 'id, name, updated_at AS "updatedAt"' },
  staff: {
    table: 'staff',
    patientColumn: null,
    select: `id, display_name AS "displayName", role,
      ARRAY(SELECT team_id FROM staff_team st WHERE st.staff_id = staff.id ORDER BY team_id) AS "teamIds",
      caseload_capacity AS "caseloadCapacity", active, updated_at AS "updatedAt"`,
  },
  patient: {
    table: 'patient',
    patientColumn: 'id',
    // The national identity number's only reader: the record goes to the patient's care team
    // (pull scope) and to the patient themself, never to an administrator.
    select: `id, given_name AS "givenName", family_name AS "familyName", birth_year AS "birthYear", phone,
      local_dps AS "localDps", team_id AS "teamId", updated_at AS "updatedAt",
      (SELECT national_id FROM patient_national_id n WHERE n.patient_id = patient.id) AS "nationalId"`,
  },
  enrolment: {
    table: 'enrolment',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", programme, status, start_date::text AS "startDate",
      planned_end_date::text AS "plannedEndDate", therapist_id AS "therapistId",
      (SELECT team_id FROM patient WHERE patient.id = enrolment.patient_id) AS "teamId",
      updated_at AS "updatedAt"`,
  },
  moduleProgress: {
    table: 'module_progress',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", enrolment_id AS "enrolmentId", module_no AS "moduleNo",
      opened_at AS "openedAt", completed_at AS "completedAt", updated_at AS "updatedAt"`,
  },
  homework: {
    table: 'homework',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", enrolment_id AS "enrolmentId", module_no AS "moduleNo", body,
      submitted_at AS "submittedAt", updated_at AS "updatedAt"`,
  },
  message: {
    table: 'message',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", author_kind AS "authorKind", author_staff_id AS "authorStaffId",
      body, sent_at AS "sentAt", read_at AS "readAt", answered_at AS "answeredAt", updated_at AS "updatedAt"`,
  },
  questionnaireResponse: {
    table: 'questionnaire_response',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", enrolment_id AS "enrolmentId", instrument_id AS "instrumentId",
      week, answers, total, band, submitted_at AS "submittedAt", updated_at AS "updatedAt"`,
  },
  flag: {
    table: 'flag',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", severity, reason_code AS "reasonCode", source, details, status,
      raised_at AS "raisedAt", acknowledged_by AS "acknowledgedBy", acknowledged_at AS "acknowledgedAt",
      acknowledge_note AS "acknowledgeNote", resolved_by AS "resolvedBy", resolved_at AS "resolvedAt",
      resolve_note AS "resolveNote", hits, updated_at AS "updatedAt"`,
  },
  clinicalNote: {
    table: 'clinical_note',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", author_staff_id AS "authorStaffId", body, created_at AS "createdAt",
      updated_at AS "updatedAt"`,
  },
  weeklyFeedback: {
    table: 'weekly_feedback',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", enrolment_id AS "enrolmentId", week, given_by AS "givenBy",
      given_at AS "givenAt", updated_at AS "updatedAt"`,
  },
  overview: { table: 'patient', patientColumn: 'id', select: OVERVIEW_SELECT },
  accessGrant: {
    table: 'access_grant',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", staff_id AS "staffId", reason, granted_at AS "grantedAt",
      expires_at AS "expiresAt", granted_at AS "updatedAt"`,
  },
  therapistTime: {
    table: 'therapist_time',
    patientColumn: 'patient_id',
    select: `id, patient_id AS "patientId", staff_id AS "staffId", week, seconds, updated_at AS "updatedAt"`,
    recent: recentTime('week'),
  },
};

/** The kinds a patient's whole record is made of: what their therapist, or a grant, gets. */
export const recordEntityKinds: readonly EntityKind[] = [
  'patient',
  'enrolment',
  'moduleProgress',
  'homework',
  'message',
  'questionnaireResponse',
  'flag',
  'clinicalNote',
  'weeklyFeedback',
  'therapistTime',
];

/**
 * What oversight gets of a patient instead: who, where in the programme, risk, and the overview
 * (with the therapists' recent time on them, compact: thousands of patients travel).
 */
export const oversightEntityKinds: readonly EntityKind[] = ['patient', 'enrolment', 'flag', 'overview'];

/** A change to a record of one of these kinds changes what the patient's overview shows. */
export const overviewSourceKinds: ReadonlySet<EntityKind> = new Set<EntityKind>([
  'moduleProgress',
  'homework',
  'message',
  'questionnaireResponse',
  'weeklyFeedback',
  'therapistTime',
]);

/**
 * A flag as oversight sees it: its reason code, severity, source, age and who acknowledged it when,
 * without what anyone wrote (a clinician's note when raising, acknowledging or resolving).
 */
export function flagForOversight(flag: EntityRecord<'flag'>): EntityRecord<'flag'> {
  return {
    ...flag,
    details: flag.source.kind === 'clinician' ? {} : flag.details,
    acknowledgeNote: null,
    resolveNote: null,
  };
}

function toRecord<K extends EntityKind>(row: Record<string, unknown>): EntityRecord<K> {
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Date) row[key] = value.toISOString();
  }
  return row as EntityRecord<K>;
}

/** Records of one kind matching an SQL condition (with ORDER BY / LIMIT if wanted) over `params`. */
export async function selectRecords<K extends EntityKind>(
  db: Queryable,
  kind: K,
  condition: string,
  params: readonly unknown[],
): Promise<EntityRecord<K>[]> {
  const source = entitySources[kind];
  const result = await db.query(`SELECT ${source.select} FROM ${source.table} WHERE ${condition}`, params);
  return result.rows.map((row) => toRecord<K>(row));
}

/** The current state of the given records of one kind (missing ones are simply absent). */
export function loadRecords<K extends EntityKind>(
  db: Queryable,
  kind: K,
  ids: readonly string[],
): Promise<EntityRecord<K>[]> {
  return ids.length === 0 ? Promise.resolve([]) : selectRecords(db, kind, 'id = ANY($1::uuid[])', [ids]);
}

/** Every record of one kind that belongs to the given patients (the recent ones, for kinds that say so). */
export function loadPatientRecords<K extends EntityKind>(
  db: Queryable,
  kind: K,
  patientIds: readonly string[],
): Promise<EntityRecord<K>[]> {
  const { patientColumn: column, recent } = entitySources[kind];
  if (column === null || patientIds.length === 0) return Promise.resolve([]);
  const condition = `${column} = ANY($1::uuid[])${recent ? ` AND ${recent}` : ''} ORDER BY id`;
  return selectRecords(db, kind, condition, [patientIds]);
}
