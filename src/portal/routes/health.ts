import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../shared/contracts/auth';
import type { PortalContext } from '../context';
import { demoProfileOf } from '../seed/seed';

export const healthRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db }) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['postgres', 'pglite']),
            /** The database holds the demo clinic (published passwords), not a real one. */
            demo: z.boolean(),
          }),
          503: ApiError,
        },
      },
    },
    async () => {
      // The one query is the database ping.
      const demo = (await demoProfileOf(db)) !== null;
      return { status: 'ok' as const, database: db.kind, demo };
    },
  );
};
