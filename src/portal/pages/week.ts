import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  FOLLOW_UP_MONTHS,
  followUpDate,
  localDateOf,
  programmeCalendar,
  PROGRAMME_WEEKS,
} from '../../shared/clinical/index';
import type { Enrolment } from '../../shared/contracts/domain';
import { currentEnrolment, programmeOverview } from '../care/programme';
import { questionnairesDue } from '../care/questionnaires';
import { loadPatientRecords } from '../data/records';
import { html } from './html';
import { formatDate, formatInstant } from './i18n';
import { patientOf, readOwn, sendPage, tr, type PageRoutes } from './plugin';
import { PAGES_PATH } from './session';

/** "This week": where the patient is, and what the week asks of them. */
export const weekPages: PageRoutes = (app, { db, content }) => {
  const noProgrammePage = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(request, reply, {
      title: tr(request)('week.title'),
      section: 'week',
      body: html`<p>${tr(request)('noProgramme.body')}</p>`,
    });

  /** After the programme: when the follow-up opens, and from that day the follow-up questionnaires. */
  const endedPage = async (request: FastifyRequest, reply: FastifyReply, enrolment: Enrolment, now: Date) => {
    const caller = patientOf(request);
    const t = tr(request);
    const opens = followUpDate(enrolment);
    const due =
      opens !== null && localDateOf(now) >= opens
        ? await readOwn(db, caller, 'questionnaires', (tx) => questionnairesDue(tx, caller.principal.id, now))
        : null;
    const answered = due?.instruments.every((q) => q.answered) ?? false;
    return sendPage(request, reply, {
      title: t('week.title'),
      section: 'week',
      body: html`<p>${t('week.ended')}</p>
        ${
          due
            ? html`<section class="card" aria-labelledby="h-follow-up">
                <h2 id="h-follow-up">${t('followUp.title')}</h2>
                <p>${answered ? t('followUp.done') : t('followUp.due')}</p>
                <p><a href="${PAGES_PATH}/oppfolging">${t('followUp.open')}</a></p>
              </section>`
            : opens &&
              html`<p>
                ${t('week.followUp', { months: FOLLOW_UP_MONTHS, date: formatDate(request.language, opens) })}
              </p>`
        }`,
    });
  };

  app.get('/', async (request, reply) => {
    const caller = patientOf(request);
    const me = caller.principal.id;
    const t = tr(request);
    const language = request.language;
    const enrolment = await currentEnrolment(db, me);
    if (enrolment && (enrolment.status === 'referred' || enrolment.status === 'assessment')) {
      return reply.redirect(`${PAGES_PATH}/for-start`, 303);
    }
    const now = new Date();
    if (!enrolment || enrolment.status !== 'active') {
      return enrolment ? endedPage(request, reply, enrolment, now) : noProgrammePage(request, reply);
    }
    const view = await readOwn(db, caller, 'programme', async (tx) => {
      const overview = await programmeOverview(tx, me, now);
      if (overview.week === 'ended') return { overview, ended: true as const };
      const due = await questionnairesDue(tx, me, now);
      const homework = await loadPatientRecords(tx, 'homework', [me]);
      const messages = await loadPatientRecords(tx, 'message', [me]);
      const feedback = await loadPatientRecords(tx, 'weeklyFeedback', [me]);
      const drafts = await tx.query<{ module_no: number }>(
        'SELECT module_no FROM homework_draft WHERE enrolment_id = $1',
        [overview.enrolment.id],
      );
      return { overview, due, homework, messages, feedback, drafts: drafts.rows.map((r) => r.module_no) };
    });
    // An active programme past week 14 that nobody has closed yet reads as ended, follow-up included.
    if ('ended' in view) return endedPage(request, reply, view.overview.enrolment, now);
    const { overview } = view;
    if (overview.week === 'not-started') {
      return sendPage(request, reply, {
        title: t('week.title'),
        section: 'week',
        body: html`<p>
          ${t('week.notStarted', { date: formatDate(language, overview.enrolment.startDate!) })}
        </p>`,
      });
    }
    const week = overview.week as number;
    const calendar = programmeCalendar(overview.enrolment.programme, overview.enrolment.startDate!, now);
    const moduleNo = calendar.module?.moduleNo ?? null;
    const module = moduleNo === null ? null : overview.modules.find((m) => m.moduleNo === moduleNo);
    const moduleContent =
      moduleNo === null ? undefined : content.module(overview.enrolment.programme, moduleNo);
    const handedIn = view.homework
      .filter((h) => h.enrolmentId === overview.enrolment.id && h.moduleNo === moduleNo)
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))[0];
    const unread = view.messages.filter((m) => m.authorKind === 'staff' && m.readAt === null).length;
    const feedbackGiven = view.feedback.some(
      (f) => f.enrolmentId === overview.enrolment.id && f.week === week - 1,
    );

    return sendPage(request, reply, {
      title: t('week.title'),
      section: 'week',
      body: html`<p class="muted">${t('week.weekOf', { week, weeks: PROGRAMME_WEEKS })}</p>
        <section class="card" aria-labelledby="h-module">
          <h2 id="h-module">${t('week.module')}</h2>
          ${
            module && moduleContent
              ? html`<p>
                    <a href="${PAGES_PATH}/modul/${module.moduleNo}"
                      >${t('module.moduleNo', { no: module.moduleNo })}: ${moduleContent.title}</a
                    >
                  </p>
                  <p>${module.completedAt ? t('week.moduleRead') : t('week.moduleUnread')}</p>`
              : html`<p>${t('week.allModulesDue')}</p>`
          }
        </section>
        ${
          module &&
          moduleContent &&
          html`<section class="card" aria-labelledby="h-homework">
            <h2 id="h-homework">${t('week.homework')}</h2>
            <p>
              <a href="${PAGES_PATH}/hjemmeoppgave/${module.moduleNo}">${moduleContent.homework.title}</a>
            </p>
            <p>
              ${
                handedIn
                  ? t('week.homeworkDone', { date: formatInstant(language, handedIn.submittedAt) })
                  : view.drafts.includes(module.moduleNo)
                    ? t('week.homeworkDraft')
                    : t('week.homeworkTodo')
              }
            </p>
          </section>`
        }
        <section class="card" aria-labelledby="h-questionnaires">
          <h2 id="h-questionnaires">${t('week.questionnaires')}</h2>
          <ul>
            ${view.due.instruments.map(
              (q) =>
                html`<li>
                  <a href="${PAGES_PATH}/skjema/${q.instrumentId}">${q.instrumentId.toUpperCase()}</a>:
                  ${q.answered ? t('week.answered') : t('week.notAnswered')}
                </li>`,
            )}
          </ul>
        </section>
        <section class="card" aria-labelledby="h-therapist">
          <h2 id="h-therapist">${t('week.therapist')}</h2>
          <p>${unread > 0 ? t('week.newMessages', { count: unread }) : t('week.noNewMessages')}</p>
          ${feedbackGiven && html`<p>${t('week.feedbackGiven')}</p>`}
          <p><a href="${PAGES_PATH}/meldinger">${t('nav.messages')}</a></p>
        </section>`,
    });
  });
};
