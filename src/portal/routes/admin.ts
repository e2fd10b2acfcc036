import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StaffMember, Team } from '../../shared/contracts/domain';
import { requireRole } from '../access/scope';
import type { PortalContext } from '../context';
import { loadRecords } from '../sync/records';
import { authenticate, callerOf } from './authenticate';
import { errorResponses } from './schemas';

/** Configuration for administrators: the organisation, never clinical content. */
export const adminRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db, sessions }) => {
  app.get(
    '/api/v1/admin/organisation',
    {
      preHandler: authenticate(db, sessions, 'staff'),
      schema: {
        summary: 'Administrator: teams and staff',
        response: { 200: z.object({ teams: z.array(Team), staff: z.array(StaffMember) }), ...errorResponses },
      },
    },
    async (request) => {
      requireRole(callerOf(request).principal, 'admin');
      const ids = async (table: string) =>
        (await db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((row) => row.id);
      return {
        teams: await loadRecords(db, 'team', await ids('team')),
        staff: await loadRecords(db, 'staff', await ids('staff')),
      };
    },
  );
};
