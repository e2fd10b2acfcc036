import { getInstrument, isFollowUpWeek } from '../../shared/clinical/index';
import { accessLog } from '../audit/audit';
import { currentEnrolment, programmeOverview } from '../care/programme';
import { loadPatientRecords } from '../data/records';
import { html } from './html';
import { formatDate, formatInstant } from './i18n';
import { patientOf, readOwn, sendPage, tr, type PageRoutes } from './plugin';

/** How many access-log entries the page shows. */
const ACCESS_LOG_ROWS = 200;

/** The patient's view of their record: progress and scores, and who has seen it. */
export const recordPages: PageRoutes = (app, { db, content }) => {
  app.get('/mitt-program', async (request, reply) => {
    const caller = patientOf(request);
    const me = caller.principal.id;
    const t = tr(request);
    const language = request.language;
    const enrolment = await currentEnrolment(db, me);
    const view = await readOwn(db, caller, 'programme', async (tx) => ({
      overview: enrolment?.status === 'active' ? await programmeOverview(tx, me, new Date()) : null,
      responses: (await loadPatientRecords(tx, 'questionnaireResponse', [me]))
        .filter((r) => r.enrolmentId === enrolment?.id)
        .sort((a, b) => a.week - b.week || a.instrumentId.localeCompare(b.instrumentId)),
    }));
    const instrumentIds = [...new Set(view.responses.map((r) => r.instrumentId))];
    const weeks = [...new Set(view.responses.map((r) => r.week))];
    const overview = view.overview;
    return sendPage(request, reply, {
      title: t('programme.title'),
      section: 'programme',
      body: html`${
          enrolment &&
          html`<dl class="card">
            <dt>${t('programme.programmeName')}</dt>
            <dd>${t(`programme.names.${enrolment.programme}`)}</dd>
            ${
              enrolment.startDate &&
              html`<dt>${t('programme.started')}</dt>
                <dd>${formatDate(language, enrolment.startDate)}</dd>`
            }
            ${
              enrolment.plannedEndDate &&
              html`<dt>${t('programme.plannedEnd')}</dt>
                <dd>${formatDate(language, enrolment.plannedEndDate)}</dd>`
            }
          </dl>`
        }
        ${
          overview &&
          html`<h2>${t('programme.modules')}</h2>
            <div class="scroll" tabindex="0" role="region" aria-label="${t('programme.modules')}">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t('programme.moduleCol')}</th>
                    <th scope="col">${t('programme.dueCol')}</th>
                    <th scope="col">${t('programme.statusCol')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${overview.modules.map(
                    (m) =>
                      html`<tr>
                        <td>
                          ${m.moduleNo}.
                          ${content.module(overview.enrolment.programme, m.moduleNo)?.title ?? m.title}
                        </td>
                        <td>${m.dueWeek}</td>
                        <td>
                          ${
                            m.completedAt
                              ? t('programme.read', { date: formatInstant(language, m.completedAt) })
                              : m.available
                                ? t('programme.open')
                                : t('programme.locked', { week: m.dueWeek })
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        }
        <h2>${t('programme.scores')}</h2>
        ${
          view.responses.length === 0
            ? html`<p>${t('programme.noScores')}</p>`
            : html`<div class="scroll" tabindex="0" role="region" aria-label="${t('programme.scores')}">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${t('programme.weekCol')}</th>
                      ${instrumentIds.map(
                        (id) =>
                          html`<th scope="col">${id.toUpperCase()} (0–${getInstrument(id)?.max ?? ''})</th>`,
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    ${weeks.map(
                      (week) =>
                        html`<tr>
                          <th scope="row">
                            ${week === 0 ? t('programme.baseline') : isFollowUpWeek(week) ? t('programme.followUp') : week}
                          </th>
                          ${instrumentIds.map(
                            (id) =>
                              html`<td>
                                ${view.responses.find((r) => r.week === week && r.instrumentId === id)?.total ?? '–'}
                              </td>`,
                          )}
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }`,
    });
  });

  app.get('/innsyn', async (request, reply) => {
    const caller = patientOf(request);
    const t = tr(request);
    const entries = await accessLog(db, caller.principal.id, ACCESS_LOG_ROWS);
    const action = (name: string) =>
      t(`accessLog.actions.${name}`, { defaultValue: t('accessLog.actions.other') });
    // Resource names are dotted ('sync.pull'), which i18next would read as nesting: keys use dashes.
    const resource = (name: string) =>
      t(`accessLog.resources.${name.split(':')[0]!.replaceAll('.', '-')}`, {
        defaultValue: t('accessLog.resources.other'),
      });
    return sendPage(request, reply, {
      title: t('accessLog.title'),
      section: 'accessLog',
      body: html`<p>${t('accessLog.intro')}</p>
        ${
          entries.length === 0
            ? html`<p>${t('accessLog.none')}</p>`
            : html`<div class="scroll" tabindex="0" role="region" aria-label="${t('accessLog.title')}">
                <table class="stack">
                  <thead>
                    <tr>
                      <th scope="col">${t('accessLog.when')}</th>
                      <th scope="col">${t('accessLog.who')}</th>
                      <th scope="col">${t('accessLog.role')}</th>
                      <th scope="col">${t('accessLog.what')}</th>
                      <th scope="col">${t('accessLog.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${entries.map(
                      (entry) =>
                        html`<tr>
                          <td data-label="${t('accessLog.when')}">
                            ${formatInstant(request.language, entry.at)}
                          </td>
                          <td data-label="${t('accessLog.who')}">${entry.actorName}</td>
                          <td data-label="${t('accessLog.role')}">
                            ${t(`accessLog.roles.${entry.actorRole}`, { defaultValue: entry.actorRole })}
                          </td>
                          <td data-label="${t('accessLog.what')}">
                            ${action(entry.action)}: ${resource(entry.resource)}
                          </td>
                          <td data-label="${t('accessLog.reason')}">
                            ${
                              entry.reason
                                ? t(`accessLog.grantReasons.${entry.reason}`)
                                : entry.actorRole === 'team_lead'
                                  ? t('accessLog.reasonOversight')
                                  : t('accessLog.reasonCare')
                            }
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }`,
    });
  });
};
