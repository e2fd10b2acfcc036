import {
  ClinicPatientInfo,
  ClinicStaffSettings,
  defaultClinicPatientInfo,
  defaultClinicStaffSettings,
  type Clinic,
  type ClinicSettings,
} from '../../shared/contracts/admin';
import type { Caller } from '../auth/principal';
import { audit } from '../audit/audit';
import { followDefaultCapacity } from '../care/capacity';
import { CareError } from '../care/errors';
import type { Queryable } from '../db/db';

/**
 * The portal's clinic. A portal serves one clinic: `create-admin` makes it in an empty database,
 * the demo seed brings its own.
 */
export async function theClinic(db: Queryable): Promise<Clinic> {
  const found = await db.query<Clinic>('SELECT id, name FROM clinic ORDER BY id LIMIT 1');
  const clinic = found.rows[0];
  if (!clinic) throw new CareError('misconfigured', 'the portal has no clinic yet: run create-admin');
  return clinic;
}

/** A stored setting this schema no longer reads falls back to the defaults, never half-applied. */
function storedOr<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  fallback: T,
): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/** The clinic's settings, with the service defaults for any it has not set. */
export async function clinicSettings(db: Queryable, clinicId: string): Promise<ClinicSettings> {
  const found = await db.query<{ staff_settings: unknown; patient_info: unknown }>(
    'SELECT staff_settings, patient_info FROM clinic WHERE id = $1',
    [clinicId],
  );
  const row = found.rows[0];
  return {
    staff: storedOr(ClinicStaffSettings, row?.staff_settings, defaultClinicStaffSettings),
    patientInfo: storedOr(ClinicPatientInfo, row?.patient_info, defaultClinicPatientInfo),
  };
}

/** Replaces the clinic's settings (validated by the caller's schema), audited as configuration. */
export async function saveClinicSettings(
  tx: Queryable,
  caller: Caller,
  clinicId: string,
  settings: ClinicSettings,
): Promise<void> {
  await tx.query('UPDATE clinic SET staff_settings = $2, patient_info = $3 WHERE id = $1', [
    clinicId,
    settings.staff,
    settings.patientInfo,
  ]);
  await followDefaultCapacity(tx, settings.staff.defaultCaseloadCapacity);
  await audit(tx, caller, [{ patientId: null, action: 'update', resource: `clinic.settings:${clinicId}` }]);
}
