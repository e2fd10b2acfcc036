import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultRiskRuleConfig, RiskRuleConfig } from '../../shared/clinical/index';
import {
  Clinic,
  ClinicRiskRules,
  ClinicSettings,
  NewStaffRequest,
  Organisation,
  StaffAccount,
  StaffWithLink,
  TeamRequest,
} from '../../shared/contracts/admin';
import { Id, StaffMember, Team } from '../../shared/contracts/domain';
import { clinicSettings, saveClinicSettings, theClinic } from '../admin/clinic';
import { createStaffAccount, deactivateStaff, listStaffAccounts, resetStaffPassword } from '../admin/staff';
import { createTeam, renameTeam } from '../admin/teams';
import { requireRole } from '../access/scope';
import { audit } from '../audit/audit';
import { listSecurityEvents } from '../audit/securityEvents';
import { clinicRiskRules } from '../care/riskRules';
import type { PortalContext } from '../context';
import { notFound } from '../errors';
import { loadRecords } from '../data/records';
import { callerOf } from './bearerAuth';
import { errorResponses } from './schemas';

/** Configuration for administrators: the organisation, never clinical content. Behind a staff token (app.ts). */
export const adminRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db, sessions }) => {
  app.addHook('preHandler', async (request) => requireRole(callerOf(request), 'admin'));

  app.get(
    '/api/v1/admin/organisation',
    {
      schema: {
        summary: 'Administrator: clinics, teams and staff',
        response: {
          200: z.object({ clinics: z.array(Clinic), teams: z.array(Team), staff: z.array(StaffMember) }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const ids = async (table: string) =>
        (await db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((row) => row.id);
      return {
        clinics: (await db.query<z.infer<typeof Clinic>>('SELECT id, name FROM clinic ORDER BY id')).rows,
        teams: await loadRecords(db, 'team', await ids('team')),
        staff: await loadRecords(db, 'staff', await ids('staff')),
      };
    },
  );

  app.get(
    '/api/v1/admin/security-events',
    {
      schema: {
        summary: 'Administrator: refused attempts on patient data or configuration, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: {
          200: z.object({
            events: z.array(
              z.object({
                at: z.string(),
                actorId: Id,
                actorRole: z.string(),
                action: z.string(),
                targetId: z.string().nullable(),
                reason: z.enum(['forbidden', 'not-found']),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ events: await listSecurityEvents(db, request.query.limit) }),
  );

  app.get(
    '/api/v1/admin/clinic',
    {
      schema: {
        summary: 'Administrator: the clinic, its teams, its staff accounts and its settings',
        response: { 200: Organisation, ...errorResponses },
      },
    },
    async () => {
      const clinic = await theClinic(db);
      const teamIds = (await db.query<{ id: string }>('SELECT id FROM team ORDER BY name, id')).rows;
      return {
        clinic,
        teams: await loadRecords(
          db,
          'team',
          teamIds.map((row) => row.id),
        ),
        staff: await listStaffAccounts(db),
        settings: await clinicSettings(db, clinic.id),
      };
    },
  );

  app.post(
    '/api/v1/admin/teams',
    {
      schema: {
        summary: 'Administrator: a new team',
        body: TeamRequest,
        response: { 200: Team, ...errorResponses },
      },
    },
    async (request) => db.transaction((tx) => createTeam(tx, callerOf(request), request.body.name)),
  );

  app.patch(
    '/api/v1/admin/teams/:teamId',
    {
      schema: {
        summary: 'Administrator: rename a team',
        params: z.strictObject({ teamId: Id }),
        body: TeamRequest,
        response: { 200: Team, ...errorResponses },
      },
    },
    async (request) =>
      db.transaction((tx) => renameTeam(tx, callerOf(request), request.params.teamId, request.body.name)),
  );

  const StaffParams = z.strictObject({ staffId: Id });
  const conflict = { 409: errorResponses[400] };

  app.post(
    '/api/v1/admin/staff',
    {
      schema: {
        summary:
          'Administrator: a new staff account, with a one-time setup link for its owner to choose a password',
        body: NewStaffRequest,
        response: { 200: StaffWithLink, ...conflict, ...errorResponses },
      },
    },
    async (request) => db.transaction((tx) => createStaffAccount(tx, callerOf(request), request.body)),
  );

  app.post(
    '/api/v1/admin/staff/:staffId/deactivate',
    {
      schema: {
        summary: 'Administrator: deactivate a staff account; every session it has ends',
        params: StaffParams,
        response: { 200: StaffAccount, ...conflict, ...errorResponses },
      },
    },
    async (request) => {
      const account = await db.transaction((tx) =>
        deactivateStaff(tx, callerOf(request), request.params.staffId),
      );
      // Ended at once here; other instances evict on the revocation's NOTIFY.
      sessions.evictPrincipal(request.params.staffId);
      return account;
    },
  );

  app.post(
    '/api/v1/admin/staff/:staffId/reset-password',
    {
      schema: {
        summary: 'Administrator: end the password and sessions of a staff account and issue a new setup link',
        params: StaffParams,
        response: { 200: StaffWithLink, ...conflict, ...errorResponses },
      },
    },
    async (request) => {
      const account = await db.transaction((tx) =>
        resetStaffPassword(tx, callerOf(request), request.params.staffId),
      );
      sessions.evictPrincipal(request.params.staffId);
      return account;
    },
  );

  app.get(
    '/api/v1/admin/settings',
    {
      schema: {
        summary: "Administrator: the clinic's settings",
        response: { 200: ClinicSettings, ...errorResponses },
      },
    },
    async () => clinicSettings(db, (await theClinic(db)).id),
  );

  app.put(
    '/api/v1/admin/settings',
    {
      schema: {
        summary: "Administrator: replace the clinic's settings (staff and patient-facing)",
        body: ClinicSettings,
        response: { 200: ClinicSettings, ...errorResponses },
      },
    },
    async (request) =>
      db.transaction(async (tx) => {
        const clinic = await theClinic(tx);
        await saveClinicSettings(tx, callerOf(request), clinic.id, request.body);
        return clinicSettings(tx, clinic.id);
      }),
  );

  const ClinicParams = z.strictObject({ clinicId: Id });

  app.get(
    '/api/v1/admin/clinics/:clinicId/risk-rules',
    {
      schema: {
        summary: "Administrator: the clinic's risk-flag rules (the service defaults when it has none)",
        params: ClinicParams,
        response: { 200: ClinicRiskRules, ...errorResponses },
      },
    },
    async (request) => {
      const exists = await db.query('SELECT risk_rules IS NULL AS "isDefault" FROM clinic WHERE id = $1', [
        request.params.clinicId,
      ]);
      const row = exists.rows[0] as { isDefault: boolean } | undefined;
      if (!row) throw notFound('clinic');
      return { isDefault: row.isDefault, config: await clinicRiskRules(db, request.params.clinicId) };
    },
  );

  app.put(
    '/api/v1/admin/clinics/:clinicId/risk-rules',
    {
      schema: {
        summary: "Administrator: replace the clinic's risk-flag rules; null restores the service defaults",
        params: ClinicParams,
        body: z.strictObject({ config: RiskRuleConfig.nullable() }),
        response: { 200: ClinicRiskRules, ...errorResponses },
      },
    },
    async (request) => {
      const { config } = request.body;
      await db.transaction(async (tx) => {
        const updated = await tx.query('UPDATE clinic SET risk_rules = $2 WHERE id = $1', [
          request.params.clinicId,
          config,
        ]);
        if (updated.rowCount === 0) throw notFound('clinic');
        // Configuration, not a patient's record: the entry names what changed, never clinical content.
        await audit(tx, callerOf(request), [
          { patientId: null, action: 'update', resource: `clinic.risk-rules:${request.params.clinicId}` },
        ]);
      });
      return { isDefault: config === null, config: config ?? defaultRiskRuleConfig };
    },
  );
};
