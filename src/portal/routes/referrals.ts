import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReferralCreated, ReferralRequest } from '../../shared/contracts/admin';
import { registerReferral } from '../care/referrals';
import type { PortalContext } from '../context';
import { callerOf } from './bearerAuth';
import { errorResponses } from './schemas';

export const referralRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db }) => {
  app.post(
    '/api/v1/referrals',
    {
      schema: {
        summary:
          "Team lead or administrator: register a referred patient; answers the patient's one-time setup link",
        body: ReferralRequest,
        response: { 200: ReferralCreated, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (request) => db.transaction((tx) => registerReferral(tx, callerOf(request), request.body)),
  );
};
