import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../shared/contracts/domain';
import { requirePatientAccess, requireRole } from '../access/scope';
import { audit } from '../audit/audit';
import type { PortalContext } from '../context';
import { HttpError, notFound } from '../errors';
import { logChanges, logScopeChange, staffWithAccess } from '../data/changes';
import { callerOf } from './bearerAuth';
import { Ok, errorResponses } from './schemas';

export const teamRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db }) => {
  app.post(
    '/api/v1/team/enrolments/:enrolmentId/assign',
    {
      schema: {
        summary: "Team lead: assign an enrolment to a therapist of the patient's team",
        params: z.strictObject({ enrolmentId: Id }),
        body: z.strictObject({ therapistId: Id }),
        response: { 200: Ok, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireRole(caller.principal, 'team_lead');
      await db.transaction(async (tx) => {
        const found = await tx.query<{ patient_id: string; team_id: string }>(
          `SELECT e.patient_id, p.team_id FROM enrolment e JOIN patient p ON p.id = e.patient_id
            WHERE e.id = $1 FOR UPDATE OF e`,
          [request.params.enrolmentId],
        );
        const enrolment = found.rows[0];
        if (!enrolment) throw notFound('enrolment');
        await requirePatientAccess(tx, caller.principal, enrolment.patient_id);
        const therapist = await tx.query(
          `SELECT 1 FROM staff s JOIN staff_team st ON st.staff_id = s.id
            WHERE s.id = $1 AND st.team_id = $2 AND s.role = 'therapist' AND s.active`,
          [request.body.therapistId, enrolment.team_id],
        );
        if (therapist.rowCount === 0) {
          throw new HttpError(409, 'invalid_therapist', 'not an active therapist of this team');
        }
        const before = await staffWithAccess(tx, enrolment.patient_id);
        await tx.query('UPDATE enrolment SET therapist_id = $2, updated_at = now() WHERE id = $1', [
          request.params.enrolmentId,
          request.body.therapistId,
        ]);
        const after = await staffWithAccess(tx, enrolment.patient_id);
        await logChanges(tx, [
          {
            op: 'upsert',
            entity: 'enrolment',
            id: request.params.enrolmentId,
            patientId: enrolment.patient_id,
          },
        ]);
        await logScopeChange(tx, enrolment.patient_id, before, after);
        await audit(tx, caller, [
          { patientId: enrolment.patient_id, action: 'update', resource: 'enrolment.assign' },
        ]);
      });
      return { ok: true as const };
    },
  );
};
