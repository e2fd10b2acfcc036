import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DraftText, HomeworkAnswer, TEXT_MAX } from '../../shared/contracts/fields';
import { homeworkDraft, markModuleRead, saveHomeworkDraft, submitHomework } from '../care/modules';
import { activeProgramme } from '../care/programme';
import { HOMEWORK_FIELD_MAX, type ModuleContent } from '../content/programmeContent';
import { notFound } from '../errors';
import { loadPatientRecords } from '../data/records';
import { csrfField, formFields, FORM_BODY_LIMIT, notice, textArea, textProblem } from './forms';
import { html, trustedHtml } from './html';
import { formatInstant } from './i18n';
import { patientOf, readOwn, sendPage, tr, type PageDeps, type PageRoutes, type Rerender } from './plugin';
import { PAGES_PATH } from './session';

/** One field of a homework form: may be left empty; never holds what submitting would refuse. */
const HOMEWORK_FIELD = DraftText(HOMEWORK_FIELD_MAX);

const ModuleParams = z.object({ no: z.coerce.number().int().min(1).max(9) });
type WithModule = FastifyRequest<{ Params: { no: string } }>;

/** The module's content, if the patient's programme has it open now; otherwise "not found". */
async function openModule(deps: PageDeps, request: FastifyRequest): Promise<ModuleContent> {
  const params = ModuleParams.safeParse(request.params);
  if (!params.success) throw notFound('module');
  const state = await activeProgramme(deps.db, patientOf(request).principal.id, new Date());
  const found = deps.content.module(state.enrolment.programme, params.data.no);
  if (!found || params.data.no > state.availableModules) throw notFound('module');
  return found;
}

/** A homework answer as the therapist reads it: each question, then what the patient wrote. */
export const homeworkBody = (module: ModuleContent, fields: Record<string, string>): string =>
  module.homework.fields
    .filter((field) => (fields[field.id] ?? '').trim() !== '')
    .map((field) => `${field.label}\n${fields[field.id]!.trim()}`)
    .join('\n\n');

/** The module to read, with "mark as read", and its homework: a form with a draft, and what was handed in. */
export const modulePages: PageRoutes = (app, deps) => {
  const { db } = deps;

  app.get('/modul/:no', async (request: WithModule, reply) => {
    const caller = patientOf(request);
    const t = tr(request);
    const module = await openModule(deps, request);
    const progress = await readOwn(db, caller, 'moduleProgress', (tx) =>
      loadPatientRecords(tx, 'moduleProgress', [caller.principal.id]),
    );
    const state = await activeProgramme(db, caller.principal.id, new Date());
    const done = progress.find((p) => p.enrolmentId === state.enrolment.id && p.moduleNo === module.moduleNo);
    return sendPage(request, reply, {
      title: `${t('module.moduleNo', { no: module.moduleNo })}: ${module.title}`,
      section: 'week',
      body: html`<article class="module card" lang="${module.language}">${trustedHtml(module.html)}</article>
        ${
          done?.completedAt
            ? html`<p>${t('module.readAt', { date: formatInstant(request.language, done.completedAt) })}</p>`
            : html`<form method="post" action="${PAGES_PATH}/modul/${module.moduleNo}/lest">
                ${csrfField(reply)}
                <div class="actions"><button type="submit">${t('module.markRead')}</button></div>
              </form>`
        }
        <p>
          <a class="button" href="${PAGES_PATH}/hjemmeoppgave/${module.moduleNo}"
            >${t('module.toHomework')}</a
          >
        </p>`,
    });
  });

  app.post('/modul/:no/lest', { preHandler: app.csrfProtection }, async (request: WithModule, reply) => {
    const module = await openModule(deps, request);
    await db.transaction((tx) => markModuleRead(tx, patientOf(request), module.moduleNo, new Date()));
    return reply.redirect(`${PAGES_PATH}/modul/${module.moduleNo}`, 303);
  });

  const homeworkPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      values?: Record<string, string>;
      errors?: Record<string, string | null>;
      problem?: string | null;
      message?: string | null;
      status?: number;
    } = {},
  ) => {
    const caller = patientOf(request);
    const t = tr(request);
    const module = await openModule(deps, request);
    const { enrolment } = await activeProgramme(db, caller.principal.id, new Date());
    const { draft, handedIn } = await readOwn(db, caller, 'homework', async (tx) => ({
      draft: await homeworkDraft(tx, enrolment.id, module.moduleNo),
      handedIn: (await loadPatientRecords(tx, 'homework', [caller.principal.id]))
        .filter((h) => h.enrolmentId === enrolment.id && h.moduleNo === module.moduleNo)
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)),
    }));
    const values = options.values ?? draft?.fields ?? {};
    return sendPage(request, reply, {
      title: t('homework.title', { title: module.homework.title }),
      section: 'week',
      status: options.status,
      body: html`${notice(options.problem, 'error')}${notice(options.message)}
        ${
          !options.values &&
          draft &&
          html`<p class="muted">
            ${t('homework.draftSaved', { date: formatInstant(request.language, draft.updatedAt) })}
          </p>`
        }
        <form
          method="post"
          action="${PAGES_PATH}/hjemmeoppgave/${module.moduleNo}"
          class="card"
          lang="${module.language}"
        >
          ${csrfField(reply)}
          ${module.homework.fields.map((field) =>
            textArea(t, {
              name: field.id,
              label: field.label,
              hint: field.hint,
              value: values[field.id] ?? '',
              max: HOMEWORK_FIELD_MAX,
              rows: field.lines,
              error: options.errors?.[field.id] ?? null,
            }),
          )}
          <div class="actions">
            <button type="submit" name="handling" value="lever">${t('homework.submit')}</button>
            <button type="submit" name="handling" value="utkast" class="secondary">
              ${t('homework.saveDraft')}
            </button>
          </div>
        </form>
        <section aria-labelledby="h-earlier">
          <h2 id="h-earlier">${t('homework.earlier')}</h2>
          ${
            handedIn.length === 0
              ? html`<p>${t('homework.none')}</p>`
              : handedIn.map(
                  (h) =>
                    html`<article class="card">
                      <p class="muted">
                        ${t('homework.deliveredAt', { date: formatInstant(request.language, h.submittedAt) })}
                      </p>
                      <div class="answer">${h.body}</div>
                    </article>`,
                )
          }
        </section>`,
    });
  };

  app.get('/hjemmeoppgave/:no', async (request: WithModule, reply) => {
    const query = request.query as { levert?: string };
    const t = tr(request);
    return homeworkPage(request, reply, {
      message: query.levert !== undefined ? t('homework.submitted') : null,
    });
  });

  const rerender: Rerender = (request, reply, problem, status) =>
    homeworkPage(request, reply, { values: formFields(request.body), problem, status });

  app.post(
    '/hjemmeoppgave/:no',
    { bodyLimit: FORM_BODY_LIMIT, config: { rerender }, preHandler: app.csrfProtection },
    async (request: WithModule, reply) => {
      const t = tr(request);
      const caller = patientOf(request);
      const module = await openModule(deps, request);
      const posted = formFields(request.body);
      const fields = Object.fromEntries(module.homework.fields.map((f) => [f.id, posted[f.id] ?? '']));
      const errors = Object.fromEntries(
        module.homework.fields.map((f) => [
          f.id,
          textProblem(t, fields[f.id]!, HOMEWORK_FIELD, HOMEWORK_FIELD_MAX, false),
        ]),
      );
      const refuse = (problem: string) =>
        homeworkPage(request, reply, { values: fields, errors, problem, status: 400 });
      if (Object.values(errors).some(Boolean)) return refuse(t('common.errorSummary'));
      if (posted.handling === 'utkast') {
        await db.transaction((tx) =>
          saveHomeworkDraft(tx, caller, { moduleNo: module.moduleNo, fields }, new Date()),
        );
        return reply.redirect(`${PAGES_PATH}/hjemmeoppgave/${module.moduleNo}?lagret`, 303);
      }
      const body = homeworkBody(module, fields);
      if (body === '') return refuse(t('homework.fieldRequired'));
      const problem = textProblem(t, body, HomeworkAnswer, TEXT_MAX.homework);
      if (problem) return refuse(problem);
      await db.transaction((tx) =>
        submitHomework(tx, caller, { moduleNo: module.moduleNo, body }, new Date()),
      );
      return reply.redirect(`${PAGES_PATH}/hjemmeoppgave/${module.moduleNo}?levert`, 303);
    },
  );
};
