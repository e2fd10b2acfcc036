import { ClinicPatientInfo, defaultClinicPatientInfo } from '../../shared/contracts/admin';
import type { Queryable } from '../db/db';

/** The patient's clinic's settings, and the patient's own local DPS when one is on record. */
export async function patientClinicInfo(
  db: Queryable,
  patientId: string,
): Promise<ClinicPatientInfo & { patientLocalDps: string | null }> {
  const found = await db.query<{ patient_info: unknown; local_dps: string | null }>(
    `SELECT c.patient_info, p.local_dps FROM patient p JOIN team t ON t.id = p.team_id
       JOIN clinic c ON c.id = t.clinic_id WHERE p.id = $1`,
    [patientId],
  );
  const row = found.rows[0];
  // A stored setting this schema no longer reads falls back to the defaults rather than hiding the
  // help text: 113 and 116 117 are always shown.
  const parsed = ClinicPatientInfo.safeParse(row?.patient_info);
  return {
    ...(parsed.success ? parsed.data : defaultClinicPatientInfo),
    patientLocalDps: row?.local_dps ?? null,
  };
}
