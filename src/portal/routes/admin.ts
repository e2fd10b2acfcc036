import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultRiskRuleConfig, RiskRuleConfig } from '../../shared/clinical/index';
import { Id, StaffMember, Team } from '../../shared/contracts/domain';
import { requireRole } from '../access/scope';
import { audit } from '../audit/audit';
import { listSecurityEvents } from '../audit/securityEvents';
import { clinicRiskRules } from '../care/riskRules';
import type { PortalContext } from '../context';
import { notFound } from '../errors';
import { loadRecords } from '../data/records';
import { callerOf } from './bearerAuth';
import { errorResponses } from './schemas';

const Clinic = z.object({ id: Id, name: z.string() });
const RiskRules = z.object({
  /** True when the clinic has no config of its own and the service defaults apply. */
  isDefault: z.boolean(),
  config: RiskRuleConfig,
});

/** Configuration for administrators: the organisation, never clinical content. Behind a staff token (app.ts). */
export const adminRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db }) => {
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

  const ClinicParams = z.strictObject({ clinicId: Id });

  app.get(
    '/api/v1/admin/clinics/:clinicId/risk-rules',
    {
      schema: {
        summary: "Administrator: the clinic's risk-flag rules (the service defaults when it has none)",
        params: ClinicParams,
        response: { 200: RiskRules, ...errorResponses },
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
        response: { 200: RiskRules, ...errorResponses },
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
