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
}

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
      resolve_note AS "resolveNote", updated_at AS "updatedAt"`,
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
};

export const patientEntityKinds = (Object.keys(entitySources) as EntityKind[]).filter(
  (kind) => entitySources[kind].patientColumn !== null,
);

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

/** Every record of one kind that belongs to the given patients. */
export function loadPatientRecords<K extends EntityKind>(
  db: Queryable,
  kind: K,
  patientIds: readonly string[],
): Promise<EntityRecord<K>[]> {
  const column = entitySources[kind].patientColumn;
  if (column === null || patientIds.length === 0) return Promise.resolve([]);
  return selectRecords(db, kind, `${column} = ANY($1::uuid[]) ORDER BY id`, [patientIds]);
}
