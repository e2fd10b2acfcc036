import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/principal';
import type { PortalContext } from '../context';
import { HttpError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

/** Who a group of routes is for: staff (the workstation), patients, or anyone signed in. */
export type CallerKind = 'staff' | 'patient' | 'any';

/**
 * Admits to every route of this encapsulated context only callers with a live access token of the
 * given principal kind. Called once per context (app.ts), so no route can forget it. A preHandler,
 * like the route checks it replaces: a request that fails its schema is answered 400 first.
 */
export function requireBearer(
  scope: FastifyInstance,
  { db, sessions }: Pick<PortalContext, 'db' | 'sessions'>,
  kind: CallerKind,
): void {
  scope.addHook('preHandler', async (request, reply) => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const principal = token ? await sessions.principalFor(db, token) : null;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized', 'a valid access token is required');
    }
    if (kind !== 'any' && principal.kind !== kind) throw new HttpError(403, 'forbidden', `only for ${kind}`);
    request.caller = { principal, requestId: request.id };
  });
}

/** The caller established by `requireBearer`; routes only call this behind it. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new HttpError(401, 'unauthorized', 'a valid access token is required');
  return request.caller;
}
