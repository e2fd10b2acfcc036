import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Answers, PROGRAMME_INSTRUMENTS, type InstrumentDefinition } from '../../shared/clinical/index';
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
import { activeProgramme, questionnaireWeek } from '../care/programme';
import { submitQuestionnaire } from '../care/questionnaires';
import type { PortalContext } from '../context';
import type { Queryable } from '../db/db';
import { HomeworkAnswer, MessageBody } from '../../shared/contracts/fields';
import { HttpError, notFound } from '../errors';
import {
  acceptedLanguages,
  definitionInLanguage,
  type InstrumentTextLibrary,
} from '../instruments/textLibrary';
import { logChanges } from '../sync/changes';
import { loadPatientRecords, loadRecords } from '../sync/records';
import { authenticate, callerOf } from './authenticate';
import { Ok, errorResponses } from './schemas';

const ModuleNo = z.coerce.number().int().min(1).max(9);
const ProgrammeWeek = z.union([z.number().int(), z.enum(['not-started', 'ended'])]);

const ProgrammeView = z.object({
  enrolment: Enrolment,
  week: ProgrammeWeek,
  modules: z.array(
    z.object({
      moduleNo: z.number().int(),
      title: z.string(),
      summary: z.string(),
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

const LanguageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/);

const QuestionnaireText = z.object({
  language: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  copyright: z.string().nullable(),
  groups: z.array(z.object({ linkId: z.string(), text: z.string().nullable() })),
  items: z.array(
    z.object({
      linkId: z.string(),
      groupLinkId: z.string().nullable(),
      text: z.string().nullable(),
      options: z.array(z.object({ value: z.number().int(), label: z.string().nullable() })),
    }),
  ),
});

const WeeklyQuestionnaire = z.object({
  instrumentId: z.string(),
  answered: z.boolean(),
  /** Null when the instrument's text is licensed and the clinic has supplied none: never invented. */
  text: QuestionnaireText.nullable(),
  /** Why there is no text, as a code the client translates. */
  textUnavailable: z.enum(['licensed-text-not-supplied']).nullable(),
});

function weeklyQuestionnaire(
  instrumentId: string,
  answered: boolean,
  definition: InstrumentDefinition | undefined,
): z.infer<typeof WeeklyQuestionnaire> {
  if (!definition) {
    return {
      instrumentId,
      answered,
      text: null,
      textUnavailable: 'licensed-text-not-supplied',
    };
  }
  return {
    instrumentId,
    answered,
    text: {
      language: definition.language!,
      title: definition.title,
      description: definition.description ?? null,
      copyright: definition.copyright ?? null,
      groups: definition.groups.map((group) => ({ linkId: group.linkId, text: group.text ?? null })),
      items: definition.items.map((item) => ({
        linkId: item.linkId,
        groupLinkId: item.groupLinkId ?? null,
        text: item.text ?? null,
        options: item.options.map((option) => ({ value: option.value, label: option.label ?? null })),
      })),
    },
    textUnavailable: null,
  };
}

/** The patient's own portal: everything is about the caller, so there are no patient ids to guess. */
export const patientRoutes: FastifyPluginAsyncZod<
  PortalContext & { instrumentText: InstrumentTextLibrary }
> = async (app, { db, sessions, instrumentText }) => {
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
        const modules = await tx.query<{
          module_no: number;
          title: string;
          summary: string;
          due_week: number;
        }>('SELECT module_no, title, summary, due_week FROM module WHERE programme = $1 ORDER BY module_no', [
          enrolment.programme,
        ]);
        return {
          enrolment,
          week,
          modules: modules.rows.map(({ module_no: moduleNo, title, summary, due_week: dueWeek }) => {
            const done = progress.find((p) => p.enrolmentId === enrolment.id && p.moduleNo === moduleNo);
            return {
              moduleNo,
              title,
              summary,
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
          `INSERT INTO module_progress (id, patient_id, enrolment_id, programme, module_no, opened_at, completed_at)
           VALUES ($1, $2, $3, $5, $4, now(), now())
           ON CONFLICT (enrolment_id, module_no) DO UPDATE
             SET completed_at = coalesce(module_progress.completed_at, now()),
                 opened_at = coalesce(module_progress.opened_at, now()), updated_at = now()
           RETURNING id`,
          [randomUUID(), me(caller), enrolment.id, request.params.moduleNo, enrolment.programme],
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
        body: z.strictObject({ moduleNo: z.number().int().min(1).max(9), body: HomeworkAnswer }),
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

  app.get(
    '/api/v1/patient/me/questionnaires',
    {
      schema: {
        summary:
          "This week's questionnaires, with their text in the patient's language where the clinic has it",
        querystring: z.strictObject({ lang: LanguageTag.optional() }),
        response: {
          200: z.object({ week: z.number().int(), questionnaires: z.array(WeeklyQuestionnaire) }),
          409: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const preferred = [
        ...(request.query.lang ? [request.query.lang] : []),
        ...acceptedLanguages(request.headers['accept-language']),
      ];
      return read(caller, 'questionnaires', async (tx) => {
        const programme = await activeProgramme(tx, me(caller), new Date());
        const week = questionnaireWeek(programme);
        const answered = await tx.query<{ instrument_id: string }>(
          'SELECT instrument_id FROM questionnaire_response WHERE enrolment_id = $1 AND week = $2',
          [programme.enrolment.id, week],
        );
        return {
          week,
          questionnaires: PROGRAMME_INSTRUMENTS[programme.enrolment.programme].map((instrumentId) =>
            weeklyQuestionnaire(
              instrumentId,
              answered.rows.some((row) => row.instrument_id === instrumentId),
              definitionInLanguage(instrumentText, instrumentId, preferred),
            ),
          ),
        };
      });
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
        body: z.strictObject({ body: MessageBody }),
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
