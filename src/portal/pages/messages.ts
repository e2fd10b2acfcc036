import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { patientClinicInfo } from '../care/clinicInfo';
import { MessageBody, TEXT_MAX } from '../../shared/contracts/fields';
import { markMessagesRead, sendMessage } from '../care/messages';
import { loadPatientRecords } from '../data/records';
import { csrfField, formFields, FORM_BODY_LIMIT, notice, textArea, textProblem } from './forms';
import { html } from './html';
import { formatInstant } from './i18n';
import { patientOf, readOwn, sendPage, tr, type PageRoutes, type Rerender } from './plugin';
import { PAGES_PATH } from './session';

/** The thread with the care team: asynchronous, with the clinic's usual reply time. */
export const messagePages: PageRoutes = (app, { db }) => {
  const threadPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      draft?: string;
      error?: string | null;
      problem?: string | null;
      sent?: boolean;
      status?: number;
    } = {},
  ) => {
    const caller = patientOf(request);
    const me = caller.principal.id;
    const t = tr(request);
    const { messages, staffNames } = await readOwn(db, caller, 'message', async (tx) => {
      const messages = (await loadPatientRecords(tx, 'message', [me])).sort((a, b) =>
        a.sentAt.localeCompare(b.sentAt),
      );
      const names = await tx.query<{ id: string; display_name: string }>(
        'SELECT id, display_name FROM staff WHERE id = ANY($1::uuid[])',
        [[...new Set(messages.flatMap((m) => (m.authorStaffId ? [m.authorStaffId] : [])))]],
      );
      // Opening the thread is reading it: the care team's messages are marked read.
      const unread = messages.filter((m) => m.authorKind === 'staff' && m.readAt === null).map((m) => m.id);
      if (unread.length > 0) await markMessagesRead(tx, caller, me, unread);
      return { messages, staffNames: new Map(names.rows.map((row) => [row.id, row.display_name])) };
    });
    const info = await patientClinicInfo(db, me);
    return sendPage(request, reply, {
      title: t('messages.title'),
      section: 'messages',
      status: options.status,
      body: html`${notice(options.problem, 'error')}${options.sent && notice(t('messages.sent'))}
        <p>${t('messages.intro', { days: info.replyWithinWorkingDays })}</p>
        ${
          messages.length === 0
            ? html`<p>${t('messages.none')}</p>`
            : html`<ol class="thread">
                ${messages.map(
                  (m) =>
                    html`<li class="${m.authorKind === 'patient' ? 'mine' : ''}">
                      <span class="meta"
                        >${
                          m.authorKind === 'patient'
                            ? t('messages.you')
                            : staffNames.get(m.authorStaffId ?? '')
                              ? t('messages.therapist', { name: staffNames.get(m.authorStaffId ?? '') })
                              : t('messages.careTeam')
                        },
                        ${formatInstant(request.language, m.sentAt)}${m.authorKind === 'staff' && m.readAt === null ? html` <span class="badge">${t('messages.unread')}</span>` : ''}</span
                      >${m.body}
                    </li>`,
                )}
              </ol>`
        }
        <form method="post" action="${PAGES_PATH}/meldinger" class="card">
          ${csrfField(reply)}
          ${textArea(t, { name: 'melding', label: t('messages.write'), value: options.draft ?? '', max: TEXT_MAX.message, rows: 6, error: options.error })}
          <div class="actions"><button type="submit">${t('messages.send')}</button></div>
        </form>`,
    });
  };

  app.get('/meldinger', (request, reply) =>
    threadPage(request, reply, { sent: (request.query as { sendt?: string }).sendt !== undefined }),
  );

  const rerender: Rerender = (request, reply, problem, status) =>
    threadPage(request, reply, { draft: formFields(request.body).melding, problem, status });

  app.post(
    '/meldinger',
    { bodyLimit: FORM_BODY_LIMIT, config: { rerender }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const t = tr(request);
      const caller = patientOf(request);
      const draft = formFields(request.body).melding ?? '';
      const error = textProblem(t, draft, MessageBody, TEXT_MAX.message);
      if (error)
        return threadPage(request, reply, { draft, error, problem: t('common.errorSummary'), status: 400 });
      await db.transaction((tx) =>
        sendMessage(tx, caller, { id: randomUUID(), patientId: caller.principal.id, body: draft.trim() }),
      );
      return reply.redirect(`${PAGES_PATH}/meldinger?sendt`, 303);
    },
  );
};
