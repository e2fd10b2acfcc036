import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Answers, moduleSchedules } from '../../shared/clinical/index';
import {
  Enrolment,
  Homework,
  Id,
  Message,
  Patient,
  QuestionnaireResponse,
} from '../../shared/contracts/domain';
import { accessLog, audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { markMessagesRead, sendMessage } from '../care/messages';
import { activeProgramme } from '../care/programme';
import { submitQuestionnaire } from '../care/questionnaires';
import type { PortalContext } from '../context';
import type { Queryable } from '../db/db';
import { HttpError, notFound } from '../errors';
import { logChanges } from '../sync/changes';
import { loadPatientRecords, loadRecords } from '../sync/records';
import { authenticate, callerOf } from './authenticate';
import { Ok, errorResponses } from './schemas';

const Body = z.string().trim().min(1).max(20_000);
const ModuleNo = z.coerce.number().int().min(1).max(9);
const ProgrammeWeek = z.union([z.number().int(), z.enum(['not-started', 'ended'])]);

const ProgrammeView = z.object({
  enrolment: Enrolment,
  week: ProgrammeWeek,
  modules: z.array(
    z.object({
      moduleNo: z.number().int(),
      dueWeek: z.number().int(),
      available: z.boolean(),
      openedAt: z.string().nullable(),
      completedAt: z.string().nullable(),
    }),
  ),
});

const AccessLogEntry = z.object({
  at: z.string(),
  actorRole: z.string(),
  actorName: z.string(),
  action: z.string(),
  resource: z.string(),
});

/** The patient's own portal: everything is about the caller, so there are no patient ids to guess. */
export const patientRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db, sessions }) => {
  app.addHook('preHandler', authenticate(db, sessions, 'patient'));
  const me = (caller: Caller) => caller.principal.id;
  /** A read of the patient's record: audited in the same transaction that reads it. */
  const read = <T>(caller: Caller, resource: string, fn: (tx: Queryable) => Promise<T>) =>
    db.transaction(async (tx) => {
      const result = await fn(tx);
      await audit(tx, caller, [{ patientId: me(caller), action: 'read', resource }]);
      return result;
    });

  app.get(
    '/api/v1/patient/me',
    {
      schema: {
        summary: 'The patient and their active enrolment',
        response: { 200: z.object({ patient: Patient, enrolment: Enrolment.nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return read(caller, 'patient', async (tx) => {
        const [patient] = await loadRecords(tx, 'patient', [me(caller)]);
        const enrolments = await loadPatientRecords(tx, 'enrolment', [me(caller)]);
        return { patient: patient!, enrolment: enrolments.find((e) => e.status === 'active') ?? null };
      });
    },
  );

  app.get(
    '/api/v1/patient/me/programme',
    {
      schema: {
        summary: 'The current programme week and its modules',
        response: { 200: ProgrammeView, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return read(caller, 'programme', async (tx) => {
        const { enrolment, week, availableModules } = await activeProgramme(tx, me(caller), new Date());
        const progress = await loadPatientRecords(tx, 'moduleProgress', [me(caller)]);
        return {
          enrolment,
          week,
          modules: moduleSchedules[enrolment.programme].map(({ moduleNo, dueWeek }) => {
            const done = progress.find((p) => p.enrolmentId === enrolment.id && p.moduleNo === moduleNo);
            return {
              moduleNo,
              dueWeek,
              available: moduleNo <= availableModules,
              openedAt: done?.openedAt ?? null,
              completedAt: done?.completedAt ?? null,
            };
          }),
        };
      });
    },
  );

  app.post(
    '/api/v1/patient/me/modules/:moduleNo/read',
    {
      schema: {
        summary: 'Mark a module read',
        params: z.strictObject({ moduleNo: ModuleNo }),
        response: { 200: Ok, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await db.transaction(async (tx) => {
        const { enrolment, availableModules } = await activeProgramme(tx, me(caller), new Date());
        if (request.params.moduleNo > availableModules) {
          throw new HttpError(409, 'module_not_available', 'this module is not open yet');
        }
        const upserted = await tx.query<{ id: string }>(
          `INSERT INTO module_progress (id, patient_id, enrolment_id, module_no, opened_at, completed_at)
           VALUES ($1, $2, $3, $4, now(), now())
           ON CONFLICT (enrolment_id, module_no) DO UPDATE
             SET completed_at = coalesce(module_progress.completed_at, now()),
                 opened_at = coalesce(module_progress.opened_at, now()), updated_at = now()
           RETURNING id`,
          [randomUUID(), me(caller), enrolment.id, request.params.moduleNo],
        );
        await logChanges(tx, [
          { op: 'upsert', entity: 'moduleProgress', id: upserted.rows[0]!.id, patientId: me(caller) },
        ]);
        await audit(tx, caller, [{ patientId: me(caller), action: 'update', resource: 'moduleProgress' }]);
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/patient/me/homework',
    {
      schema: {
        summary: 'Submit homework for an open module',
        body: z.strictObject({ moduleNo: z.number().int().min(1).max(9), body: Body }),
        response: { 200: Homework, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return db.transaction(async (tx) => {
        const { enrolment, availableModules } = await activeProgramme(tx, me(caller), new Date());
        if (request.body.moduleNo > availableModules) {
          throw new HttpError(409, 'module_not_available', 'this module is not open yet');
        }
        const id = randomUUID();
        await tx.query(
          `INSERT INTO homework (id, patient_id, enrolment_id, module_no, body, submitted_at)
           VALUES ($1, $2, $3, $4, $5, now())`,
          [id, me(caller), enrolment.id, request.body.moduleNo, request.body.body],
        );
        await logChanges(tx, [{ op: 'upsert', entity: 'homework', id, patientId: me(caller) }]);
        await audit(tx, caller, [{ patientId: me(caller), action: 'create', resource: 'homework' }]);
        const [homework] = await loadRecords(tx, 'homework', [id]);
        return homework!;
      });
    },
  );

  app.delete(
    '/api/v1/patient/me/homework/:homeworkId',
    {
      schema: {
        summary: 'Withdraw a homework answer',
        params: z.strictObject({ homeworkId: Id }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await db.transaction(async (tx) => {
        const deleted = await tx.query('DELETE FROM homework WHERE id = $1 AND patient_id = $2', [
          request.params.homeworkId,
          me(caller),
        ]);
        if (deleted.rowCount === 0) throw notFound('homework');
        await logChanges(tx, [
          { op: 'delete', entity: 'homework', id: request.params.homeworkId, patientId: me(caller) },
        ]);
        await audit(tx, caller, [{ patientId: me(caller), action: 'delete', resource: 'homework' }]);
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/patient/me/questionnaires',
    {
      schema: {
        summary: "Submit this week's questionnaire (complete answers); the server scores it",
        body: z.strictObject({ instrumentId: z.string().min(1).max(50), answers: Answers }),
        response: {
          200: z.object({ response: QuestionnaireResponse, followUp: z.enum(['none', 'risk', 'urgent']) }),
          409: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return db.transaction((tx) => submitQuestionnaire(tx, caller, request.body, new Date()));
    },
  );

  app.get(
    '/api/v1/patient/me/messages',
    {
      schema: {
        summary: 'Messages with the care team',
        response: { 200: z.array(Message), ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return read(caller, 'message', async (tx) =>
        (await loadPatientRecords(tx, 'message', [me(caller)])).sort((a, b) =>
          a.sentAt.localeCompare(b.sentAt),
        ),
      );
    },
  );

  app.post(
    '/api/v1/patient/me/messages',
    {
      schema: {
        summary: 'Write to the care team',
        body: z.strictObject({ body: Body }),
        response: { 200: Message, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return db.transaction(async (tx) => {
        const id = randomUUID();
        await sendMessage(tx, caller, { id, patientId: me(caller), body: request.body.body });
        const [message] = await loadRecords(tx, 'message', [id]);
        return message!;
      });
    },
  );

  app.post(
    '/api/v1/patient/me/messages/read',
    {
      schema: {
        summary: 'Mark messages from the care team read',
        body: z.strictObject({ messageIds: z.array(Id).min(1).max(500) }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await db.transaction(async (tx) => {
        if (!(await markMessagesRead(tx, caller, me(caller), request.body.messageIds)))
          throw notFound('message');
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/patient/me/access-log',
    {
      schema: {
        summary: 'Who has accessed my record (Normen): staff reads and writes, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(AccessLogEntry), ...errorResponses },
      },
    },
    async (request) => accessLog(db, me(callerOf(request)), request.query.limit),
  );
};
