import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id } from '../../shared/contracts/domain';
import { assignTherapist } from '../care/enrolments';
import type { PortalContext } from '../context';
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
      await db.transaction((tx) =>
        assignTherapist(tx, caller, { enrolmentId: request.params.enrolmentId, ...request.body }),
      );
      return { ok: true as const };
    },
  );
};
