import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Caller } from '../auth/principal';
import { localPasswordProvider } from '../auth/identity';
import type { ProgrammeContent } from '../content/programmeContent';
import type { LoginRateLimit } from '../context';
import { audit } from '../audit/audit';
import { DbUnavailableError, type Db, type Queryable } from '../db/db';
import { CareError } from '../care/errors';
import { HttpError, httpErrorOf } from '../errors';
import type { InstrumentTextLibrary } from '../instruments/textLibrary';
import { acceptedLanguages } from '../instruments/textLibrary';
import { csrfField, formFields, FORM_BODY_LIMIT, notice } from './forms';
import { html, type Html } from './html';
import { formatDate, isLanguage, LANGUAGE_COOKIE, translatorFor, type Language } from './i18n';
import { layout, type Section } from './layout';
import {
  clearSessionCookie,
  endWebSession,
  IDLE_MINUTES,
  isLoopback,
  PAGES_PATH,
  SESSION_COOKIE,
  setSessionCookie,
  startWebSession,
  webSessionCaller,
} from './session';
import { setupPages } from './setup';
import { STYLESHEET } from './style';

export interface PageDeps {
  db: Db;
  content: ProgrammeContent;
  instrumentText: InstrumentTextLibrary;
  loginRateLimit: LoginRateLimit;
}

/** Renders a form again after a refusal: with what was typed and a message, writing nothing. */
export type Rerender = (
  request: FastifyRequest,
  reply: FastifyReply,
  problem: string,
  status: number,
) => Promise<unknown>;

declare module 'fastify' {
  interface FastifyRequest {
    patient: Caller | null;
    language: Language;
  }
  interface FastifyContextConfig {
    /** How this form page shows itself again when its post is refused before the handler runs. */
    rerender?: Rerender;
  }
}

export interface PageInput {
  title: string;
  body: Html;
  section: Section;
  status?: number;
}

/** Sends a whole page in the patient's language; pages are never cached (they hold patient data). */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: PageInput): FastifyReply {
  const t = translatorFor(request.language);
  return reply
    .status(page.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      layout({
        t,
        language: request.language,
        title: page.title,
        body: page.body,
        section: page.section,
        signedIn: request.patient !== null,
        csrfToken: request.patient ? reply.generateCsrf() : undefined,
        path: request.url.split('?')[0]!,
      }),
    );
}

export const tr = (request: FastifyRequest) => translatorFor(request.language);

/** The signed-in patient; only for routes behind `requirePatient`. */
export function patientOf(request: FastifyRequest): Caller {
  if (!request.patient) throw new HttpError(401, 'unauthorized', 'not signed in');
  return request.patient;
}

function languageOf(request: FastifyRequest): Language {
  const chosen = request.cookies[LANGUAGE_COOKIE];
  if (isLanguage(chosen)) return chosen;
  for (const tag of acceptedLanguages(request.headers['accept-language'])) {
    const base = tag.split('-')[0]!.toLowerCase();
    if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
    if (base === 'en') return 'en';
  }
  return 'nb';
}

const SignIn = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1000),
});

export type PageRoutes = (app: FastifyInstance, deps: PageDeps) => void;

/**
 * The patient's side of the programme as server-rendered pages under /pasient: no client script,
 * one stylesheet, every form with a CSRF token, a cookie session that ends after IDLE_MINUTES idle.
 * Register with `{ prefix: PAGES_PATH }`; `pages` add the signed-in patient's routes.
 */
export async function pageShell(app: FastifyInstance, deps: PageDeps, pages: readonly PageRoutes[]) {
  const { db, loginRateLimit } = deps;
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  await app.register(csrf, {
    cookieKey: 'mestring_csrf',
    cookieOpts: { path: PAGES_PATH, sameSite: 'strict', httpOnly: true },
  });
  app.decorateRequest('patient', null);
  app.decorateRequest('language', 'nb');

  app.addHook('onRequest', async (request) => {
    request.language = languageOf(request);
    if (request.url === `${PAGES_PATH}/style.css`) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.patient = await webSessionCaller(db, token, request.id);
  });
  // The CSRF cookie must be Secure off loopback, like the session cookie.
  app.addHook('onSend', async (request, reply) => {
    const cookies = reply.getHeader('set-cookie');
    if (!isLoopback(request) && cookies) {
      const list = Array.isArray(cookies) ? cookies : [String(cookies)];
      reply.header(
        'set-cookie',
        list.map((c) => (/;\s*Secure/i.test(c) ? c : `${c}; Secure`)),
      );
    }
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const t = tr(request);
    const rerender = request.routeOptions.config?.rerender;
    if (error.code?.startsWith('FST_CSRF') && rerender) {
      return rerender(request, reply, t('common.staleForm'), 403);
    }
    if (error.statusCode === 429 && rerender) return rerender(request, reply, t('signIn.rateLimited'), 429);
    if (error instanceof CareError && error.code === 'no_active_programme') {
      return sendPage(request, reply, {
        title: t('noProgramme.title'),
        body: html`<p>${t('noProgramme.body')}</p>`,
        section: 'week',
      });
    }
    if (error instanceof CareError && error.code === 'programme_ended') {
      // A questionnaire asked for between the end and the follow-up: when it opens, not an error.
      const { followUpFrom } = error.details as { followUpFrom: string | null };
      return sendPage(request, reply, {
        title: t('followUp.title'),
        body: html`<p>${t('week.ended')}</p>
          ${followUpFrom && html`<p>${t('followUp.notYet', { date: formatDate(request.language, followUpFrom) })}</p>`}`,
        section: 'week',
      });
    }
    if (error instanceof DbUnavailableError) {
      request.log.warn('database unavailable');
      reply.header('retry-after', '5');
      return sendPage(request, reply, {
        title: t('common.unavailable'),
        body: html``,
        section: null,
        status: 503,
      });
    }
    const status = httpErrorOf(error)?.statusCode ?? error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: { type: error.name, code: error.code } }, 'page failed');
    return sendPage(request, reply, {
      title: status === 404 ? t('common.notFound') : t('common.error'),
      body: html`<p><a href="${PAGES_PATH}">${t('nav.week')}</a></p>`,
      section: null,
      status: status >= 400 ? status : 500,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendPage(request, reply, {
      title: tr(request)('common.notFound'),
      body: html`<p><a href="${PAGES_PATH}">${tr(request)('nav.week')}</a></p>`,
      section: null,
      status: 404,
    }),
  );

  app.get('/style.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  );

  app.get(
    '/sprak/:language',
    async (
      request: FastifyRequest<{ Params: { language: string }; Querystring: { neste?: string } }>,
      reply,
    ) => {
      const { language } = request.params;
      const next = request.query.neste ?? PAGES_PATH;
      // Only back to a page of ours: never an open redirect.
      const target = /^\/pasient(\/[a-z0-9/-]*)?$/.test(next) ? next : PAGES_PATH;
      if (isLanguage(language)) {
        reply.setCookie(LANGUAGE_COOKIE, language, {
          path: PAGES_PATH,
          sameSite: 'lax',
          httpOnly: true,
          secure: !isLoopback(request),
          maxAge: 365 * 24 * 3600,
        });
      }
      return reply.redirect(target, 303);
    },
  );

  // Sign in. Rate-limited per address and name, and per address over all names, like the API.
  const perAddress = app.createRateLimit({
    max: loginRateLimit.maxPerAddress,
    timeWindow: loginRateLimit.timeWindowMs,
    keyGenerator: (request) => `pages|${request.ip}`,
  });
  const signInPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { message?: string | null; error?: string | null; username?: string; status?: number } = {},
  ) => {
    const t = tr(request);
    return sendPage(request, reply, {
      title: t('signIn.title'),
      section: null,
      status: options.status,
      body: html`${notice(options.error, 'error')}${notice(options.message)}
        <p>${t('signIn.intro')}</p>
        <form method="post" action="${PAGES_PATH}/logg-inn" class="card">
          ${csrfField(reply)}
          <div class="field">
            <label for="username">${t('signIn.username')}</label>
            <input
              type="text"
              id="username"
              name="username"
              autocomplete="username"
              required
              value="${options.username ?? ''}"
            />
          </div>
          <div class="field">
            <label for="password">${t('signIn.password')}</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required />
          </div>
          <div class="actions"><button type="submit">${t('signIn.submit')}</button></div>
        </form>
        <p class="muted">${t('signIn.idPorten')}</p>`,
    });
  };
  const rerenderSignIn: Rerender = async (request, reply, problem, status) =>
    signInPage(request, reply, { error: problem, username: formFields(request.body).username, status });

  app.get(
    '/logg-inn',
    async (request: FastifyRequest<{ Querystring: { utlopt?: string; ut?: string } }>, reply) => {
      const t = tr(request);
      if (request.patient) return reply.redirect(PAGES_PATH, 303);
      const message =
        request.query.utlopt !== undefined
          ? t('signIn.idle', { minutes: IDLE_MINUTES })
          : request.query.ut !== undefined
            ? t('signIn.signedOut')
            : null;
      return signInPage(request, reply, { message });
    },
  );

  app.post(
    '/logg-inn',
    {
      bodyLimit: 16 * 1024,
      config: {
        rerender: rerenderSignIn,
        rateLimit: {
          max: loginRateLimit.max,
          timeWindow: loginRateLimit.timeWindowMs,
          keyGenerator: (request) => `pages|${request.ip}|${formFields(request.body).username}`,
        },
      },
      preHandler: [
        app.csrfProtection,
        async (request) => {
          const limit = await perAddress(request);
          if (!limit.isAllowed && limit.isExceeded) {
            throw Object.assign(new Error('rate limited'), { statusCode: 429 });
          }
        },
      ],
    },
    async (request, reply) => {
      const t = tr(request);
      const fields = formFields(request.body);
      const parsed = SignIn.safeParse(fields);
      if (!parsed.success) {
        return signInPage(request, reply, {
          error: t('signIn.rejected'),
          username: fields.username,
          status: 400,
        });
      }
      const outcome = await db.transaction((tx) => localPasswordProvider.verify(tx, parsed.data));
      if (outcome.kind === 'locked') {
        return signInPage(request, reply, {
          error: t('signIn.locked'),
          username: parsed.data.username,
          status: 423,
        });
      }
      if (outcome.kind === 'rejected') {
        return signInPage(request, reply, {
          error: t('signIn.rejected'),
          username: parsed.data.username,
          status: 401,
        });
      }
      const kind = await db.query<{ kind: string }>('SELECT kind FROM account WHERE principal_id = $1', [
        outcome.principalId,
      ]);
      if (kind.rows[0]?.kind !== 'patient') {
        return signInPage(request, reply, {
          error: t('signIn.staff'),
          username: parsed.data.username,
          status: 403,
        });
      }
      const token = await db.transaction((tx) => startWebSession(tx, outcome.principalId));
      setSessionCookie(request, reply, token);
      return reply.redirect(PAGES_PATH, 303);
    },
  );

  app.post('/logg-ut', { preHandler: app.csrfProtection }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endWebSession(db, token);
    clearSessionCookie(request, reply);
    return reply.redirect(`${PAGES_PATH}/logg-inn?ut`, 303);
  });

  // A one-time setup link (a new or reset account) needs no session: the link is the proof.
  setupPages(app, deps);

  // Everything else is the signed-in patient's own.
  await app.register(async (signedIn) => {
    signedIn.addHook('preHandler', async (request, reply) => {
      if (request.patient?.principal.kind === 'patient') return;
      const hadSession = request.cookies[SESSION_COOKIE] !== undefined;
      if (hadSession) clearSessionCookie(request, reply);
      return reply.redirect(`${PAGES_PATH}/logg-inn${hadSession ? '?utlopt' : ''}`, 303);
    });
    for (const register of pages) register(signedIn, deps);
  });
}

/** A read of the patient's own record, audited in the transaction that reads it (as the API does). */
export const readOwn = <T>(db: Db, caller: Caller, resource: string, fn: (tx: Queryable) => Promise<T>) =>
  db.transaction(async (tx) => {
    const result = await fn(tx);
    await audit(tx, caller, [{ patientId: caller.principal.id, action: 'read', resource }]);
    return result;
  });
