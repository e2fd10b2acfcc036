import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NewPassword } from '../../shared/contracts/fields';
import { setupLinkOwner, useSetupLink } from '../admin/setupLinks';
import { principalById } from '../auth/principalLookup';
import { hashPassword } from '../auth/passwords';
import { audit } from '../audit/audit';
import { csrfField, formFields, notice } from './forms';
import { html } from './html';
import { sendPage, tr, type PageRoutes, type Rerender } from './plugin';
import { PAGES_PATH, setSessionCookie, startWebSession } from './session';

/** A setup token as issued (admin/setupLinks.ts); anything else is not looked up at all. */
const Token = z.string().regex(/^su_[A-Za-z0-9_-]{43}$/);

/**
 * The one-time setup page (`/pasient/oppsett?t=...`): a new or reset account's owner, staff or
 * patient, chooses their own password. A patient is signed in to the pages at once; staff go on
 * to the workstation. Open without a session: the link is the proof. In the pages' one frame
 * (sendPage), like every other page.
 */
export const setupPages: PageRoutes = (app, { db }) => {
  const form = (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    username: string,
    problem: string | null = null,
    status = 200,
  ) => {
    const t = tr(request);
    return sendPage(request, reply, {
      title: t('setup.title'),
      section: null,
      status,
      body: html`${notice(problem, 'error')}
        <p>${t('setup.intro')}</p>
        <form method="post" action="${PAGES_PATH}/oppsett" class="card">
          ${csrfField(reply)}
          <input type="hidden" name="t" value="${token}" />
          <div class="field">
            <label for="username">${t('signIn.username')}</label>
            <input
              type="text"
              id="username"
              name="username"
              autocomplete="username"
              readonly
              value="${username}"
            />
          </div>
          <div class="field">
            <label for="password"
              >${t('setup.password')}<span class="hint" id="password-hint">${t('setup.rule')}</span></label
            >
            <input
              type="password"
              id="password"
              name="password"
              autocomplete="new-password"
              minlength="12"
              required
              aria-describedby="password-hint"
            />
          </div>
          <div class="field">
            <label for="repeat">${t('setup.repeat')}</label>
            <input type="password" id="repeat" name="repeat" autocomplete="new-password" required />
          </div>
          <div class="actions"><button type="submit">${t('setup.submit')}</button></div>
        </form>`,
    });
  };

  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(request, reply, {
      title: tr(request)('setup.invalidTitle'),
      body: html`<p>${tr(request)('setup.invalid')}</p>`,
      section: null,
      status: 404,
    });

  /** The form again with a problem, for a live link; the page for a dead one. */
  const again = async (request: FastifyRequest, reply: FastifyReply, problem: string, status: number) => {
    const token = Token.safeParse(formFields(request.body).t);
    const owner = token.success ? await setupLinkOwner(db, token.data) : null;
    if (!token.success || !owner) return invalidLink(request, reply);
    return form(request, reply, token.data, owner.username, problem, status);
  };
  const rerender: Rerender = (request, reply, problem, status) => again(request, reply, problem, status);

  app.get('/oppsett', async (request: FastifyRequest<{ Querystring: { t?: string } }>, reply) => {
    const token = Token.safeParse(request.query.t);
    const owner = token.success ? await setupLinkOwner(db, token.data) : null;
    if (!token.success || !owner) return invalidLink(request, reply);
    return form(request, reply, token.data, owner.username);
  });

  app.post(
    '/oppsett',
    { bodyLimit: 16 * 1024, config: { rerender }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const t = tr(request);
      const fields = formFields(request.body);
      const token = Token.safeParse(fields.t);
      if (!token.success) return invalidLink(request, reply);
      const password = NewPassword.safeParse(fields.password ?? '');
      if (!password.success) return again(request, reply, t('setup.tooWeak'), 400);
      if (fields.repeat !== password.data) return again(request, reply, t('setup.mismatch'), 400);
      const passwordHash = await hashPassword(password.data);
      const done = await db.transaction(async (tx) => {
        const owner = await useSetupLink(tx, token.data, passwordHash);
        if (!owner) return null;
        const principal = (await principalById(tx, owner.principalId))!;
        await audit(tx, { principal: { ...principal, sessionId: '' }, requestId: request.id }, [
          {
            patientId: owner.kind === 'patient' ? owner.principalId : null,
            action: 'update',
            resource: 'account.password',
          },
        ]);
        return {
          owner,
          session: owner.kind === 'patient' ? await startWebSession(tx, owner.principalId) : null,
        };
      });
      if (!done) return invalidLink(request, reply);
      if (done.session) {
        setSessionCookie(request, reply, done.session);
        return reply.redirect(PAGES_PATH, 303);
      }
      return sendPage(request, reply, {
        title: t('setup.doneTitle'),
        body: html`<div class="notice" role="status">
          <p>${t('setup.staffDone', { username: done.owner.username })}</p>
        </div>`,
        section: null,
      });
    },
  );
};
