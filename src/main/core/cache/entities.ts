import type { EntityKind, EntityRecord } from '../../../shared/contracts/domain';

/** One column copied out of the record, so queries can filter and sort on it. */
export interface ColumnSpec {
  column: string;
  /** The record field the column mirrors. */
  field: string;
}

export interface EntitySpec {
  table: string;
  /** Field holding the patient id, for records that belong to one patient. */
  patientField: string | null;
  columns: readonly ColumnSpec[];
  /** Whether local commands change these records (they then get an overlay view, see overlay.ts). */
  local: boolean;
}

const col = (column: string, field: string): ColumnSpec => ({ column, field });

/**
 * How each synced record kind is stored: one table per kind holding the validated record as
 * JSON plus the columns the queries filter and sort on. The column list drives the insert
 * statement; the migrations (migrations/) are frozen SQL, and tests/main/core/cache/schema.test.ts
 * checks they give every kind these columns. Changing a list here needs a new migration.
 */
export const entitySpecs: Readonly<Record<EntityKind, EntitySpec>> = {
  team: { table: 'team', patientField: null, columns: [], local: false },
  staff: {
    table: 'staff',
    patientField: null,
    columns: [col('role', 'role'), col('active', 'active')],
    local: false,
  },
  patient: { table: 'patient', patientField: 'id', columns: [col('team_id', 'teamId')], local: false },
  enrolment: {
    table: 'enrolment',
    patientField: 'patientId',
    columns: [
      col('status', 'status'),
      col('therapist_id', 'therapistId'),
      col('start_date', 'startDate'),
      col('planned_end_date', 'plannedEndDate'),
      col('updated_at', 'updatedAt'),
    ],
    local: false,
  },
  moduleProgress: {
    table: 'module_progress',
    patientField: 'patientId',
    columns: [col('module_no', 'moduleNo'), col('opened_at', 'openedAt'), col('completed_at', 'completedAt')],
    local: false,
  },
  homework: {
    table: 'homework',
    patientField: 'patientId',
    columns: [col('submitted_at', 'submittedAt')],
    local: false,
  },
  message: {
    table: 'message',
    patientField: 'patientId',
    columns: [
      col('author_kind', 'authorKind'),
      col('sent_at', 'sentAt'),
      col('read_at', 'readAt'),
      col('answered_at', 'answeredAt'),
    ],
    local: true,
  },
  questionnaireResponse: {
    table: 'questionnaire_response',
    patientField: 'patientId',
    columns: [
      col('instrument_id', 'instrumentId'),
      col('week', 'week'),
      col('total', 'total'),
      col('band', 'band'),
      col('submitted_at', 'submittedAt'),
    ],
    local: false,
  },
  flag: {
    table: 'flag',
    patientField: 'patientId',
    columns: [col('severity', 'severity'), col('status', 'status'), col('raised_at', 'raisedAt')],
    local: true,
  },
  clinicalNote: {
    table: 'clinical_note',
    patientField: 'patientId',
    columns: [col('created_at', 'createdAt')],
    local: true,
  },
  weeklyFeedback: {
    table: 'weekly_feedback',
    patientField: 'patientId',
    columns: [col('week', 'week'), col('given_at', 'givenAt')],
    local: true,
  },
  /** Held instead of the record's text-bearing kinds while only overseeing the patient. */
  overview: { table: 'patient_overview', patientField: 'patientId', columns: [], local: false },
  accessGrant: {
    table: 'access_grant',
    patientField: 'patientId',
    columns: [col('expires_at', 'expiresAt')],
    local: false,
  },
  therapistTime: { table: 'therapist_time', patientField: 'patientId', columns: [], local: false },
};

export const entityKinds = Object.keys(entitySpecs) as EntityKind[];

/** SQLite has no booleans: store them as 1/0, as json_extract does. */
function sqlValue(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as string | number;
}

/** The row values for a record, in the order of `insertSql`. */
export function rowOf<K extends EntityKind>(kind: K, record: EntityRecord<K>): (string | number | null)[] {
  const spec = entitySpecs[kind];
  const fields = record as Record<string, unknown>;
  return [
    record.id,
    spec.patientField === null ? null : sqlValue(fields[spec.patientField]),
    ...spec.columns.map((c) => sqlValue(fields[c.field])),
    JSON.stringify(record),
  ];
}

export function insertSql(kind: EntityKind): string {
  const spec = entitySpecs[kind];
  const columns = ['id', 'patient_id', ...spec.columns.map((c) => c.column), 'json'];
  return `INSERT OR REPLACE INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}
