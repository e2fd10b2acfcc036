import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { FOLLOW_UP_MONTHS, getInstrument, type InstrumentDefinition } from '../../shared/clinical/index';
import type { QuestionnaireResponse } from '../../shared/contracts/domain';
import { patientClinicInfo } from '../care/clinicInfo';
import { questionnairesDue, submitQuestionnaire } from '../care/questionnaires';
import { CareError } from '../care/errors';
import type { QuestionnaireOccasion } from '../care/programme';
import { notFound } from '../errors';
import { definitionInLanguage } from '../instruments/textLibrary';
import { selectRecords } from '../data/records';
import { csrfField, formFields, notice } from './forms';
import { html, type Html } from './html';
import { patientOf, readOwn, sendPage, tr, type PageDeps, type PageRoutes, type Rerender } from './plugin';
import { PAGES_PATH } from './session';

type WithInstrument = FastifyRequest<{ Params: { instrumentId: string } }>;
type OccasionKind = QuestionnaireOccasion['kind'];

/** Where each occasion's questionnaires are listed, and a result page leads back to. */
const listPath: Record<OccasionKind, string> = {
  weekly: `${PAGES_PATH}/skjema`,
  prescreening: `${PAGES_PATH}/for-start`,
  'follow-up': `${PAGES_PATH}/oppfolging`,
};

/** Whether a response answers a suicidal-thoughts item above its lowest value. */
export const answersRiskItem = (definition: InstrumentDefinition, answers: Record<string, number>) =>
  definition.riskItems.some((linkId) => {
    const item = definition.items.find((i) => i.linkId === linkId);
    return item !== undefined && (answers[linkId] ?? item.min) > item.min;
  });

/** The help text shown with every response that answers the suicidal-thoughts item above 0. */
async function safetyText(deps: PageDeps, t: TFunction, patientId: string): Promise<Html> {
  const info = await patientClinicInfo(deps.db, patientId);
  const dps = [info.patientLocalDps, info.localPsychiatricCentre].filter(Boolean).join(', ');
  return html`<section class="safety" role="alert" aria-labelledby="h-safety">
    <h2 id="h-safety">${t('questionnaire.safetyTitle')}</h2>
    <p>${t('questionnaire.safetyTherapist')}</p>
    <p>${t('questionnaire.safetyNotEmergency')}</p>
    <p><strong>${t('questionnaire.safetyNow')}</strong></p>
    <ul>
      <li>${t('questionnaire.safety113')}</li>
      <li>${t('questionnaire.safety116117')}</li>
      <li>${dps ? t('questionnaire.safetyDps', { dps }) : t('questionnaire.safetyDpsDefault')}</li>
    </ul>
  </section>`;
}

/** Titles come from the instrument text; without text the id is all we may show. */
const titleOf = (definition: InstrumentDefinition | undefined, instrumentId: string) =>
  definition?.language ? definition.title : instrumentId.toUpperCase();

/**
 * This week's questionnaires (prescreening's while referred, the follow-up's after the end): the
 * list, the form with every item required, and the result in plain words with the safety text
 * whenever it applies.
 */
export const questionnairePages: PageRoutes = (app, deps) => {
  const { db, instrumentText } = deps;
  const definitionFor = (request: FastifyRequest, instrumentId: string) =>
    definitionInLanguage(instrumentText, instrumentId, [request.language]);

  const questionnaireList = async (request: FastifyRequest, reply: FastifyReply, page: OccasionKind) => {
    const caller = patientOf(request);
    const t = tr(request);
    const due = await readOwn(db, caller, 'questionnaires', (tx) =>
      questionnairesDue(tx, caller.principal.id, new Date()),
    );
    if (due.occasion.kind !== page) return reply.redirect(listPath[due.occasion.kind], 303);
    const allDone = due.instruments.every((q) => q.answered);
    const list = html`<ul class="card">
      ${due.instruments.map(
        (q) =>
          html`<li>
            <a href="${PAGES_PATH}/skjema/${q.instrumentId}${q.answered ? '/resultat' : ''}"
              >${titleOf(definitionFor(request, q.instrumentId), q.instrumentId)}</a
            >: ${q.answered ? t('week.answered') : t('week.notAnswered')}
          </li>`,
      )}
    </ul>`;
    if (page === 'prescreening') {
      return sendPage(request, reply, {
        title: t('prescreening.title'),
        section: 'week',
        body: html`${
            allDone
              ? notice(t('prescreening.done'))
              : html`<p>${t('prescreening.intro')}</p>
                  <p>${t('questionnaire.prescreeningIntro')}</p>`
          }
          ${list}
          <p>${t('prescreening.next')}</p>`,
      });
    }
    if (page === 'follow-up') {
      return sendPage(request, reply, {
        title: t('followUp.title'),
        section: 'week',
        body: html`${
            allDone
              ? notice(t('followUp.done'))
              : html`<p>${t('followUp.intro', { months: FOLLOW_UP_MONTHS })}</p>`
          }
          ${list}
          <p>${t('followUp.next')}</p>`,
      });
    }
    return sendPage(request, reply, {
      title: t('questionnaire.listTitle'),
      section: 'week',
      body: html`<p>${t('questionnaire.listIntro', { week: due.occasion.week })}</p>
        ${list}`,
    });
  };

  app.get('/skjema', (request, reply) => questionnaireList(request, reply, 'weekly'));
  app.get('/for-start', (request, reply) => questionnaireList(request, reply, 'prescreening'));
  app.get('/oppfolging', (request, reply) => questionnaireList(request, reply, 'follow-up'));

  /** The instrument, if it is one the patient answers now. */
  const dueInstrument = async (request: FastifyRequest) => {
    const { instrumentId } = request.params as { instrumentId: string };
    const due = await questionnairesDue(db, patientOf(request).principal.id, new Date());
    const entry = due.instruments.find((q) => q.instrumentId === instrumentId);
    if (!entry) throw notFound('questionnaire');
    return { ...entry, occasion: due.occasion, definition: definitionFor(request, instrumentId) };
  };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      values?: Record<string, string>;
      missing?: string[];
      problem?: string | null;
      status?: number;
    } = {},
  ) => {
    const t = tr(request);
    const due = await dueInstrument(request);
    if (due.answered) return reply.redirect(`${PAGES_PATH}/skjema/${due.instrumentId}/resultat`, 303);
    const { definition } = due;
    const title = titleOf(definition, due.instrumentId);
    if (!definition) {
      return sendPage(request, reply, {
        title,
        section: 'week',
        body: html`${notice(t('questionnaire.textMissing'))}`,
      });
    }
    const values = options.values ?? {};
    const missing = new Set(options.missing ?? []);
    const foreign =
      definition.language !== request.language && !definition.language?.startsWith(request.language);
    const itemField = (item: InstrumentDefinition['items'][number], index: number) => {
      const id = `q-${item.linkId}`;
      const invalid = missing.has(item.linkId);
      return html`<fieldset
        id="${id}"
        class="options${invalid ? ' invalid' : ''}"
        ${invalid ? html` aria-describedby="${id}-error"` : ''}
      >
        <legend>${index + 1}. ${item.text ?? t('questionnaire.item', { no: index + 1 })}</legend>
        ${invalid && html`<span class="field-error" id="${id}-error">${t('questionnaire.itemMissing')}</span>`}
        ${item.options.map(
          (option) =>
            html`<label
              ><input
                type="radio"
                name="${id}"
                value="${option.value}"
                ${values[id] === String(option.value) ? html` checked` : ''}
              />
              ${option.value}${option.label ? html` – ${option.label}` : ''}</label
            >`,
        )}
      </fieldset>`;
    };
    let groupShown: string | undefined;
    return sendPage(request, reply, {
      title,
      section: 'week',
      status: options.status,
      body: html`${notice(options.problem, 'error')}
        ${
          missing.size > 0 &&
          html`<div class="error" role="alert">
            <p>${t('questionnaire.missing', { count: missing.size })}</p>
            <ul>
              ${[...missing].map(
                (linkId) =>
                  html`<li>
                    <a href="#q-${linkId}"
                      >${t('questionnaire.item', { no: definition.items.findIndex((i) => i.linkId === linkId) + 1 })}</a
                    >
                  </li>`,
              )}
            </ul>
          </div>`
        }
        ${foreign && notice(t('questionnaire.englishOnly'))}
        <form method="post" action="${PAGES_PATH}/skjema/${due.instrumentId}" lang="${definition.language}">
          ${csrfField(reply)}
          <input type="hidden" name="uke" value="${due.occasion.week}" />
          ${definition.description && html`<p>${definition.description}</p>`}
          ${definition.items.map((item, index) => {
            const group =
              item.groupLinkId && item.groupLinkId !== groupShown
                ? definition.groups.find((g) => g.linkId === item.groupLinkId)
                : undefined;
            groupShown = item.groupLinkId;
            return html`${group && html`<h2>${group.text}</h2>`}${itemField(item, index)}`;
          })}
          <div class="actions"><button type="submit">${t('questionnaire.submit')}</button></div>
          ${definition.copyright && html`<p class="muted">${definition.copyright}</p>`}
        </form>`,
    });
  };

  app.get('/skjema/:instrumentId', (request: WithInstrument, reply) => formPage(request, reply));

  const rerender: Rerender = (request, reply, problem, status) =>
    formPage(request, reply, { values: formFields(request.body), problem, status });

  app.post(
    '/skjema/:instrumentId',
    { config: { rerender }, preHandler: app.csrfProtection },
    async (request: WithInstrument, reply) => {
      const t = tr(request);
      const posted = formFields(request.body);
      const due = await dueInstrument(request);
      const definition = getInstrument(due.instrumentId);
      if (!definition || !due.definition) throw notFound('questionnaire');
      // A form from an earlier week (left open over the change of week) is stale: nothing is stored.
      if (posted.uke !== String(due.occasion.week))
        return rerender(request, reply, t('common.staleForm'), 409);
      const answers: Record<string, number> = {};
      const missing: string[] = [];
      for (const item of definition.items) {
        const raw = posted[`q-${item.linkId}`];
        const value = raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
        if (Number.isInteger(value) && value >= item.min && value <= item.max) answers[item.linkId] = value;
        else missing.push(item.linkId);
      }
      if (missing.length > 0) return formPage(request, reply, { values: posted, missing, status: 400 });
      try {
        await db.transaction((tx) =>
          submitQuestionnaire(
            tx,
            patientOf(request),
            { instrumentId: due.instrumentId, answers },
            new Date(),
          ),
        );
      } catch (error) {
        if (error instanceof CareError && error.code === 'already_submitted') {
          return reply.redirect(`${PAGES_PATH}/skjema/${due.instrumentId}/resultat`, 303);
        }
        throw error;
      }
      return reply.redirect(`${PAGES_PATH}/skjema/${due.instrumentId}/resultat`, 303);
    },
  );

  app.get('/skjema/:instrumentId/resultat', async (request: WithInstrument, reply) => {
    const caller = patientOf(request);
    const t = tr(request);
    const due = await dueInstrument(request);
    const definition = getInstrument(due.instrumentId)!;
    const [response] = await readOwn(db, caller, `questionnaire:${due.instrumentId}`, (tx) =>
      selectRecords(tx, 'questionnaireResponse', 'enrolment_id = $1 AND instrument_id = $2 AND week = $3', [
        due.occasion.enrolment.id,
        due.instrumentId,
        due.occasion.week,
      ]),
    );
    if (!response) return reply.redirect(`${PAGES_PATH}/skjema/${due.instrumentId}`, 303);
    return sendPage(request, reply, {
      title: t('questionnaire.resultTitle', { title: titleOf(due.definition, due.instrumentId) }),
      section: 'week',
      body: await resultBody(deps, t, caller.principal.id, definition, response, due.occasion.kind),
    });
  });
};

async function resultBody(
  deps: PageDeps,
  t: TFunction,
  patientId: string,
  definition: InstrumentDefinition,
  response: QuestionnaireResponse,
  occasion: OccasionKind,
): Promise<Html> {
  return html`${answersRiskItem(definition, response.answers) && (await safetyText(deps, t, patientId))}
    <section class="card" aria-labelledby="h-result">
      <h2 id="h-result">${t('questionnaire.meaningIntro')}</h2>
      <p data-testid="score">${t('questionnaire.total', { total: response.total, max: definition.max })}</p>
      <p>${t(`questionnaire.bands.${response.band}`, { defaultValue: t('questionnaire.bands.other') })}</p>
      <p class="muted">${t('questionnaire.notDiagnosis')}</p>
    </section>
    <p>
      <a href="${listPath[occasion]}">${t('common.back')}</a>
    </p>`;
}
