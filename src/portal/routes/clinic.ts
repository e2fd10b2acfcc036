import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ClinicStaffSettings } from '../../shared/contracts/admin';
import { clinicSettings, theClinic } from '../admin/clinic';
import type { PortalContext } from '../context';
import { errorResponses } from './schemas';

/**
 * What every workstation applies for its signed-in staff member, whatever the role: the clinic's
 * idle lock, reply deadline and default capacity. Configuration, no patient data. Behind a staff
 * token (app.ts).
 */
export const clinicRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db }) => {
  app.get(
    '/api/v1/clinic/staff-settings',
    {
      schema: {
        summary: "Any staff member: the clinic's settings for its staff and workstations",
        response: { 200: ClinicStaffSettings, ...errorResponses },
      },
    },
    async () => (await clinicSettings(db, (await theClinic(db)).id)).staff,
  );
};
