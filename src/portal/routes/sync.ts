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
import { REVOKE_CHANNEL } from '../auth/tokens';
import type { PortalContext } from '../context';
import { HttpError } from '../errors';
import { decodeCursor } from '../sync/cursor';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import { callerOf } from './bearerAuth';
import { errorResponses } from './schemas';

/** Comment lines keep proxies from closing an idle event stream. */
const HEARTBEAT_MS = 25_000;
/** How long a disconnected EventSource waits before reconnecting. */
const RECONNECT_MS = 3_000;
/** Changes held back longer than this point at a transaction left open: worth a warning (README). */
const HELD_BACK_WARN_SECONDS = 30;
/** ...at most this often per instance, as every nudged pull would otherwise repeat it. */
const HELD_BACK_WARN_EVERY_MS = 60_000;
/** A push may carry up to PUSH_BATCH_MAX mutations; long messages need more than the default body limit. */
const PUSH_BODY_LIMIT = 2 * 1024 * 1024;

export const syncRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db, epoch, nudges }) => {
  const streams = new Set<ServerResponse>();
  /** Open streams by session family, so that revoking a family (logout, stolen refresh token) ends them. */
  const streamsOfFamily = new Map<string, Set<ServerResponse>>();
  const endFamily = (familyId: string) => {
    for (const stream of streamsOfFamily.get(familyId) ?? []) stream.end();
  };
  await db.listen(REVOKE_CHANNEL, endFamily, () => {
    // A revocation may have been missed while the listening connection was down: ask again.
    db.query<{ family_id: string }>(
      'SELECT DISTINCT family_id FROM session WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NOT NULL',
      [[...streamsOfFamily.keys()]],
    ).then(
      (revoked) => revoked.rows.forEach((row) => endFamily(row.family_id)),
      (error: unknown) => app.log.warn({ err: String(error) }, 'could not recheck event streams'),
    );
  });
  let lastHeldWarning = 0;

  app.post(
    '/api/v1/sync/pull',
    {
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
      const { response, heldBackSeconds } = await pull(db, caller, epoch, cursor, limit);
      if (heldBackSeconds !== null) nudges.nudgeSoon(caller.principal.id);
      if (heldBackSeconds !== null && heldBackSeconds > HELD_BACK_WARN_SECONDS) {
        if (Date.now() - lastHeldWarning > HELD_BACK_WARN_EVERY_MS) {
          lastHeldWarning = Date.now();
          request.log.warn(
            { heldBackSeconds },
            'sync changes held back behind a long-running transaction (see idle_in_transaction_session_timeout)',
          );
        }
      }
      return response;
    },
  );

  app.post(
    '/api/v1/sync/push',
    {
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
      schema: {
        summary: `Server-sent events: \`${NUDGE_EVENT}\` means pull now (also sent on connect)`,
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { principal } = callerOf(request);
      const found = await db.query<{ family_id: string; expires_at: Date }>(
        'SELECT family_id, access_expires_at AS expires_at FROM session WHERE id = $1 AND revoked_at IS NULL',
        [principal.sessionId],
      );
      const session = found.rows[0];
      if (!session) throw new HttpError(401, 'unauthorized', 'a valid access token is required');
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
      // The stream lives no longer than the token that opened it; the client reconnects with a fresh one.
      const expiry = setTimeout(() => stream.end(), Math.max(0, session.expires_at.getTime() - Date.now()));
      streams.add(stream);
      let family = streamsOfFamily.get(session.family_id);
      if (!family) streamsOfFamily.set(session.family_id, (family = new Set()));
      family.add(stream);
      stream.on('close', () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(expiry);
        streams.delete(stream);
        family.delete(stream);
        if (family.size === 0) streamsOfFamily.delete(session.family_id);
      });
    },
  );

  // Open event streams would otherwise hold the server open on shutdown.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
};
