import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  NUDGE_EVENT,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
} from '../../shared/contracts/sync';
import type { PortalContext } from '../context';
import { HttpError } from '../errors';
import { decodeCursor } from '../sync/cursor';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import { authenticate, callerOf } from './authenticate';
import { errorResponses } from './schemas';

/** Comment lines keep proxies from closing an idle event stream. */
const HEARTBEAT_MS = 25_000;
/** How long a disconnected EventSource waits before reconnecting. */
const RECONNECT_MS = 3_000;
/** A push may carry up to PUSH_BATCH_MAX mutations; long messages need more than the default body limit. */
const PUSH_BODY_LIMIT = 2 * 1024 * 1024;

export const syncRoutes: FastifyPluginAsyncZod<PortalContext> = async (
  app,
  { db, sessions, epoch, nudges },
) => {
  const staffOnly = authenticate(db, sessions, 'staff');
  const streams = new Set<ServerResponse>();

  app.post(
    '/api/v1/sync/pull',
    {
      preHandler: staffOnly,
      schema: {
        summary: 'Changes the caller may see after a cursor, in commit order, paged',
        body: PullRequest,
        response: { 200: PullResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { cursor: text, limit } = request.body;
      const cursor = text === null ? null : decodeCursor(text);
      if (text !== null && cursor === null) throw new HttpError(400, 'invalid_cursor', 'cursor is not valid');
      const caller = callerOf(request);
      const { response, heldBack } = await pull(db, caller, epoch, cursor, limit);
      if (heldBack) nudges.nudgeSoon(caller.principal.id);
      return response;
    },
  );

  app.post(
    '/api/v1/sync/push',
    {
      preHandler: staffOnly,
      bodyLimit: PUSH_BODY_LIMIT,
      schema: {
        summary: 'Apply a batch of mutations, each exactly once, each answered on its own',
        body: PushRequest,
        response: { 200: PushResponse, ...errorResponses },
      },
    },
    async (request) => ({ results: await push(db, callerOf(request), request.body.mutations) }),
  );

  app.get(
    '/api/v1/sync/events',
    {
      preHandler: staffOnly,
      schema: {
        summary: `Server-sent events: \`${NUDGE_EVENT}\` means pull now (also sent on connect)`,
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { principal } = callerOf(request);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const nudge = () => stream.write(`event: ${NUDGE_EVENT}\ndata: {}\n\n`);
      stream.write(`retry: ${RECONNECT_MS}\n\n`);
      // Whatever happened while disconnected is caught up by pulling at once.
      nudge();
      const unsubscribe = nudges.subscribe(principal.id, nudge);
      const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
      streams.add(stream);
      stream.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
        streams.delete(stream);
      });
    },
  );

  // Open event streams would otherwise hold the server open on shutdown.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
};
