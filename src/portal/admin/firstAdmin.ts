import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { NewPassword, OrganisationName, PersonName, Username } from '../../shared/contracts/fields';
import { hashPassword } from '../auth/passwords';
import { audit } from '../audit/audit';
import { CareError } from '../care/errors';
import type { Db } from '../db/db';
import { demoProfileOf } from '../seed/seed';
import { insertStaff } from './staff';

export const FirstAdminRequest = z.strictObject({
  username: Username,
  displayName: PersonName,
  password: NewPassword,
  /** The clinic's name; needed only while the database has no clinic. */
  clinicName: OrganisationName.optional(),
});
export type FirstAdminRequest = z.infer<typeof FirstAdminRequest>;

/**
 * An administrator created from the command line by whoever runs the portal (who holds the
 * database's credentials anyway): the first one of a new clinic, or another when every
 * administrator is locked out. Creates the clinic too in an empty database. Refused on a demo
 * database, whose accounts all have published passwords. Audited with the new administrator as
 * the actor and a request id that names the command.
 */
export async function createAdministrator(db: Db, request: FirstAdminRequest): Promise<{ staffId: string }> {
  const passwordHash = await hashPassword(request.password);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7341002)');
    if ((await demoProfileOf(tx)) !== null) {
      throw new CareError(
        'conflict',
        'this database holds the demo clinic; create administrators in a real one',
      );
    }
    const clinics = await tx.query('SELECT 1 FROM clinic LIMIT 1');
    if (clinics.rowCount === 0) {
      if (!request.clinicName)
        throw new CareError('invalid', 'the database has no clinic yet: give its name (--clinic)');
      await tx.query('INSERT INTO clinic (id, name) VALUES ($1, $2)', [randomUUID(), request.clinicName]);
    }
    const staffId = await insertStaff(
      tx,
      { username: request.username, displayName: request.displayName, role: 'admin', teamId: null },
      passwordHash,
    );
    const caller = {
      principal: {
        id: staffId,
        kind: 'staff' as const,
        role: 'admin' as const,
        displayName: request.displayName,
        sessionId: '',
      },
      requestId: `cli:create-admin:${randomUUID()}`,
    };
    await audit(tx, caller, [{ patientId: null, action: 'create', resource: `staff:${staffId}` }]);
    return { staffId };
  });
}
