import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ApiError,
  LoginRequest,
  RefreshRefusal,
  type RefreshRefusalCode,
  RefreshRequest,
  TokenResponse,
} from '../../shared/contracts/auth';
import { principalById } from '../auth/principalLookup';
import { localPasswordProvider } from '../auth/identity';
import { type RefreshOutcome, issueTokens, revokeSessionOf, rotateRefreshToken } from '../auth/tokens';
import type { PortalContext } from '../context';
import { HttpError } from '../errors';
import { callerOf } from './bearerAuth';
import { Ok } from './schemas';

/** Each refused refresh says why, so the workstation can tell an ordinary expiry from a revocation. */
const REFUSALS: Record<Exclude<RefreshOutcome<unknown>['kind'], 'rotated'>, [RefreshRefusalCode, string]> = {
  unknown: [RefreshRefusal.unknown, 'refresh token is not valid'],
  expired: [RefreshRefusal.expired, 'refresh token has expired; sign in again'],
  revoked: [RefreshRefusal.revoked, 'this session was ended'],
  reused: [RefreshRefusal.reused, 'refresh token already used; all sessions revoked'],
  inactive: [RefreshRefusal.inactive, 'account is not active'],
};

/** Signing in and refreshing: open to anyone, so rate-limited. */
export const authRoutes: FastifyPluginAsyncZod<PortalContext> = async (
  app,
  { db, sessions, loginRateLimit },
) => {
  // Per address over every username: one address cannot walk a list of names. The per-name
  // limit below is tighter, so one noisy client cannot lock everyone else out of logging in.
  const perAddress = app.createRateLimit({
    max: loginRateLimit.maxPerAddress,
    timeWindow: loginRateLimit.timeWindowMs,
    keyGenerator: (request) => request.ip,
  });
  app.post(
    '/api/v1/auth/login',
    {
      preHandler: async (request) => {
        const limit = await perAddress(request);
        if (!limit.isAllowed && limit.isExceeded) {
          throw new HttpError(429, 'rate_limited', 'too many requests; slow down');
        }
      },
      config: {
        rateLimit: {
          max: loginRateLimit.max,
          timeWindow: loginRateLimit.timeWindowMs,
          keyGenerator: (request) => `${request.ip}|${(request.body as { username?: unknown })?.username}`,
        },
      },
      schema: {
        summary: 'Log in with a local account',
        body: LoginRequest,
        response: { 200: TokenResponse, 400: ApiError, 401: ApiError, 423: ApiError, 429: ApiError },
      },
    },
    async (request) => {
      // The lockout counter must survive a failed login, so the verdict is committed before answering.
      const outcome = await db.transaction((tx) => localPasswordProvider.verify(tx, request.body));
      if (outcome.kind === 'locked')
        throw new HttpError(423, 'account_locked', 'too many failed logins; try later');
      if (outcome.kind === 'rejected')
        throw new HttpError(401, 'invalid_credentials', 'wrong username or password');
      return db.transaction(async (tx) => {
        const principal = await principalById(tx, outcome.principalId);
        if (!principal) throw new HttpError(401, 'invalid_credentials', 'account is not active');
        return { ...(await issueTokens(tx, outcome.principalId)), principal };
      });
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      schema: {
        summary: 'Trade a refresh token for a new token pair (the old refresh token is spent)',
        body: RefreshRequest,
        response: { 200: TokenResponse, 400: ApiError, 401: ApiError },
      },
    },
    async (request) => {
      const outcome = await db.transaction((tx) =>
        rotateRefreshToken(tx, request.body.refreshToken, principalById),
      );
      if (outcome.kind === 'rotated') return { ...outcome.tokens, principal: outcome.principal };
      if (outcome.kind === 'reused') sessions.evictFamily(outcome.familyId);
      const [code, message] = REFUSALS[outcome.kind];
      throw new HttpError(401, code, message);
    },
  );
};

/** Ending a session: for any signed-in caller, behind their access token (app.ts). */
export const logoutRoutes: FastifyPluginAsyncZod<PortalContext> = async (app, { db, sessions }) => {
  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        summary: 'Revoke this session and every token of its family',
        response: { 200: Ok, 401: ApiError },
      },
    },
    async (request) => {
      const familyId = await db.transaction((tx) =>
        revokeSessionOf(tx, callerOf(request).principal.sessionId),
      );
      if (familyId) sessions.evictFamily(familyId);
      return { ok: true as const };
    },
  );
};
