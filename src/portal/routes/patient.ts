import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Answers, type InstrumentDefinition } from '../../shared/clinical/index';
import {
  Enrolment,
  GrantReason,
  Homework,
  Id,
  Message,
  Patient,
  QuestionnaireResponse,
  QuestionnaireWeek,
} from '../../shared/contracts/domain';
import { accessLog, audit } from '../audit/audit';
import type { Caller } from '../auth/principal';
import { markMessagesRead, sendMessage } from '../care/messages';
import { markModuleRead, submitHomework, withdrawHomework } from '../care/modules';
import { programmeOverview } from '../care/programme';
import { questionnairesDue, submitQuestionnaire } from '../care/questionnaires';
import type { PortalContext } from '../context';
import type { Queryable } from '../db/db';
import { HomeworkAnswer, MessageBody } from '../../shared/contracts/fields';
import {
  acceptedLanguages,
  definitionInLanguage,
  type InstrumentTextLibrary,
} from '../instruments/textLibrary';
import { loadPatientRecords, loadRecords } from '../data/records';
import { callerOf } from './bearerAuth';
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
  /** The standard reason of an opened record (GrantReason); null for the patient's own care team. */
  reason: GrantReason.nullable(),
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

/**
 * The patient's own portal: everything is about the caller, so there are no patient ids to guess.
 * Registered behind a patient's access token (app.ts).
 */
export const patientRoutes: FastifyPluginAsyncZod<
  PortalContext & { instrumentText: InstrumentTextLibrary }
> = async (app, { db, instrumentText }) => {
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
        const { enrolment, week, modules } = await programmeOverview(tx, me(caller), new Date());
        return { enrolment, week, modules };
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
      await db.transaction((tx) => markModuleRead(tx, caller, request.params.moduleNo, new Date()));
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
      return db.transaction((tx) => submitHomework(tx, caller, request.body, new Date()));
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
      await db.transaction((tx) => withdrawHomework(tx, caller, request.params.homeworkId));
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
          200: z.object({
            /** Weekly (week 1-14, 0 before the start), prescreening (0), or the follow-up (15). */
            occasion: z.enum(['weekly', 'prescreening', 'follow-up']),
            week: QuestionnaireWeek,
            questionnaires: z.array(WeeklyQuestionnaire),
          }),
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
        const due = await questionnairesDue(tx, me(caller), new Date());
        return {
          occasion: due.occasion.kind,
          week: due.occasion.week,
          questionnaires: due.instruments.map(({ instrumentId, answered }) =>
            weeklyQuestionnaire(
              instrumentId,
              answered,
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
      await db.transaction((tx) => markMessagesRead(tx, caller, me(caller), request.body.messageIds));
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
