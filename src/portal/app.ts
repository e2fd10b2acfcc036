import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { loadProgrammeContent, type ProgrammeContent } from './content/programmeContent';
import type { PortalContext } from './context';
import { DbUnavailableError } from './db/db';
import { type Refusal, recordRefusal } from './audit/securityEvents';
import { CareError } from './care/errors';
import { httpErrorOf } from './errors';
import { builtInInstrumentText, type InstrumentTextLibrary } from './instruments/textLibrary';
import { PAGES_PATH, patientPages } from './pages/index';
import { adminRoutes } from './routes/admin';
import { authRoutes, logoutRoutes } from './routes/auth';
import { clinicRoutes } from './routes/clinic';
import { requireBearer } from './routes/bearerAuth';
import { healthRoutes } from './routes/health';
import { patientRoutes } from './routes/patient';
import { referralRoutes } from './routes/referrals';
import { syncRoutes } from './routes/sync';
import { teamRoutes } from './routes/team';

/** The demo programmes that ship with the code (resources/programmes), from src/portal and out/main alike. */
export const DEFAULT_PROGRAMME_CONTENT_DIR = fileURLToPath(
  new URL('../../resources/programmes', import.meta.url),
);

/**
 * Every response, API and pages alike: a CSP that allows nothing but this origin's stylesheet,
 * forms and images (no script at all), no framing, no referrer.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/** Bodies beyond this are refused with 413 (push raises its own limit). */
export const BODY_LIMIT = 64 * 1024;

const errorBody = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * The portal's HTTP surface on a given database. Listening is the caller's business (server.ts).
 * Questionnaire text comes from `instrumentText`; without one, only the built-in English text.
 * The patient pages show `programmeContent`; without it, the demo programmes.
 */
export async function buildPortal(
  context: PortalContext,
  logger: Logger,
  instrumentText: InstrumentTextLibrary = builtInInstrumentText(),
  programmeContent?: ProgrammeContent,
) {
  const content = programmeContent ?? (await loadProgrammeContent(DEFAULT_PROGRAMME_CONTENT_DIR));
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT,
    // Request ids are ours: they go into the audit log, so a client must not choose them.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Responses are built from contract types and checked by the tests; validating every record of
  // every pull again at runtime would cost more than the rest of the request. Schemas still document.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('caller', null);
  // The id in the logs and the audit log, handed back so a support case can be traced. No answer
  // may be kept by a browser or a proxy cache: they carry tokens and health data (a route that
  // serves a public asset says otherwise itself).
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send(
        errorBody(
          'invalid_request',
          'request does not match its schema',
          error.validation.map((issue) => ({ path: issue.instancePath, message: issue.message })),
        ),
      );
    }
    // A route's own refusal, or a clinical use case's (care/), answered with its HTTP status.
    const refusal = httpErrorOf(error);
    if (refusal) {
      if (
        error instanceof CareError &&
        request.caller &&
        (refusal.statusCode === 403 || refusal.statusCode === 404)
      ) {
        await recordRefusalOf(request, refusal.statusCode === 403 ? 'forbidden' : 'not-found');
      }
      return reply.status(refusal.statusCode).send(errorBody(refusal.code, refusal.message, refusal.details));
    }
    if (error instanceof DbUnavailableError) {
      request.log.warn('database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(errorBody('unavailable', 'service temporarily unavailable'));
    }
    const status = error.statusCode ?? 500;
    if (status === 413)
      return reply.status(413).send(errorBody('payload_too_large', 'request body is too large'));
    if (status === 429)
      return reply.status(429).send(errorBody('rate_limited', 'too many requests; slow down'));
    if (status >= 400 && status < 500) {
      const code =
        status === 400 ? 'invalid_request' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return reply.status(status).send(errorBody(code, error.message));
    }
    request.log.error({ err: { type: error.name, code: error.code } }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'internal error'));
  });
  /** A refused attempt on patient data or configuration, recorded for the administrators. */
  async function recordRefusalOf(request: FastifyRequest, reason: Refusal['reason']): Promise<void> {
    const params = Object.values((request.params ?? {}) as Record<string, unknown>);
    const targetId = params.find((value): value is string => typeof value === 'string') ?? null;
    try {
      await recordRefusal(context.db, request.caller!, {
        action: `${request.method} ${request.routeOptions.url ?? ''}`,
        targetId,
        reason,
      });
    } catch (recordError) {
      // The refusal stands either way; an unrecorded one is worth a warning, never a 500.
      request.log.warn({ err: { type: (recordError as Error).name } }, 'could not record a refused attempt');
    }
  }

  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send(errorBody('not_found', 'no such route')),
  );

  await app.register(swagger, {
    openapi: {
      info: { title: 'eMestring portal', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // Limits are checked once the body is parsed, so the login limit can key on the username.
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(helmet, SECURITY_HEADERS);

  for (const routes of [healthRoutes, authRoutes]) await app.register(routes, context);
  // Authentication once per group of routes: each group is its own encapsulated context.
  await app.register(async (staff) => {
    requireBearer(staff, context, 'staff');
    for (const routes of [syncRoutes, teamRoutes, referralRoutes, clinicRoutes, adminRoutes])
      await staff.register(routes, context);
  });
  await app.register(async (patient) => {
    requireBearer(patient, context, 'patient');
    await patient.register(patientRoutes, { ...context, instrumentText });
  });
  await app.register(async (signedIn) => {
    requireBearer(signedIn, context, 'any');
    await signedIn.register(logoutRoutes, context);
  });
  await app.register((pages, deps: Parameters<typeof patientPages>[1]) => patientPages(pages, deps), {
    prefix: PAGES_PATH,
    db: context.db,
    content,
    instrumentText,
    loginRateLimit: context.loginRateLimit,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
