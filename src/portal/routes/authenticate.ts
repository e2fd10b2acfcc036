import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/principal';
import type { SessionCache } from '../auth/sessionCache';
import type { Db } from '../db/db';
import { HttpError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

/** A preHandler that admits only callers with a live access token of the given principal kind. */
export function authenticate(db: Db, sessions: SessionCache, kind: 'staff' | 'patient' | 'any') {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const principal = token ? await sessions.principalFor(db, token) : null;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized', 'a valid access token is required');
    }
    if (kind !== 'any' && principal.kind !== kind) throw new HttpError(403, 'forbidden', `only for ${kind}`);
    request.caller = { principal, requestId: request.id };
  };
}

/** The caller established by `authenticate`; routes only call this behind it. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new HttpError(401, 'unauthorized', 'a valid access token is required');
  return request.caller;
}
