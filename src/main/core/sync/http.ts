import axios, {
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { z } from 'zod';
import {
  LoginRequest,
  type Principal,
  REFRESH_GRACE_SECONDS,
  RefreshRefusal,
  TokenResponse,
} from '../../../shared/contracts/auth';
import { PullRequest, type PullResponse, PushRequest, PushResponse } from '../../../shared/contracts/sync';
import { SyncFailure, toSyncFailure } from './errors';
import { validatePullResponse, validated } from './validation';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The access token this request was sent with; tells a stale 401 from a fresh one. */
    sentWithToken?: string | null;
    /** Set on the one retry after a refresh, so a second 401 is final. */
    retriedAfterRefresh?: boolean;
  }
}

/** Where the refresh token lives between runs: the OS keychain in the app. */
export interface RefreshTokenVault {
  readRefreshToken(): Promise<string | null>;
  writeRefreshToken(token: string): Promise<void>;
  deleteRefreshToken(): Promise<void>;
}

export interface PortalClientOptions {
  /** The portal's origin, e.g. https://portal.example.no */
  baseUrl: string;
  vault: RefreshTokenVault;
  /** Per-request timeout; a timeout counts as offline. */
  timeoutMs?: number;
  /**
   * Called when the portal refuses our refresh token for good: kind 'expired' (sign in again,
   * nothing is lost) or 'revoked' (the portal ended the session). Never for being offline.
   */
  onSessionEnded?: (failure: SyncFailure) => void;
}

/** What the client has transferred, for the benchmark and diagnostics (sizes only, never content). */
export interface TransferStats {
  requests: number;
  bytesReceived: number;
}

export interface PortalClient {
  /** Sign in with portal credentials; keeps the access token in memory and the refresh token in the vault. */
  login(credentials: LoginRequest): Promise<Principal>;
  /** Restore a session from the vault's refresh token (app restart); null when there is none. */
  resume(): Promise<Principal | null>;
  /** End the session at the portal (best effort) and forget both tokens. */
  logout(): Promise<void>;
  /** `signal` cancels the request (engine stopped). */
  pull(request: PullRequest, signal?: AbortSignal): Promise<PullResponse>;
  push(request: PushRequest, signal?: AbortSignal): Promise<PushResponse>;
  /**
   * Any other authenticated API call (the administrator's screens), with the same token refresh;
   * the answer is validated by `schema`. Failures are SyncFailures (kind 'rejected' with the
   * portal's error code for a refusal).
   */
  request<T extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    body: unknown,
    schema: T,
  ): Promise<z.infer<T>>;
  /** A valid access token for a request made outside axios (the nudge stream). */
  accessToken(): Promise<string>;
  /** Force a refresh (single-flight), e.g. after the nudge stream was refused with 401. */
  refreshAccessToken(): Promise<string>;
  urlOf(path: string): string;
  transferStats(): TransferStats;
  /** The portal's clock minus this computer's, from the Date header of its answers; 0 before the first. */
  serverClockOffsetMs(): number;
}

const API = '/api/v1';
const DEFAULT_TIMEOUT_MS = 30_000;

export function createPortalClient(options: PortalClientOptions): PortalClient {
  const stats: TransferStats = { requests: 0, bytesReceived: 0 };
  // The body is kept as text so every answer is parsed and validated here, in one place.
  const common = {
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    responseType: 'text' as const,
    transformResponse: [(data: unknown) => data],
    headers: { 'Content-Type': 'application/json' },
  };
  const authHttp = axios.create(common);
  const apiHttp = axios.create(common);
  const clock = { offsetMs: 0 };
  for (const instance of [authHttp, apiHttp]) {
    countBytes(instance, stats);
    trackServerClock(instance, clock);
  }

  let accessToken: string | null = null;
  let refreshing: Promise<TokenResponse> | null = null;

  async function adoptTokens(tokens: TokenResponse): Promise<void> {
    accessToken = tokens.accessToken;
    await options.vault.writeRefreshToken(tokens.refreshToken);
  }

  async function forgetTokens(): Promise<void> {
    accessToken = null;
    await options.vault.deleteRefreshToken();
  }

  /** The refresh token whose last refresh got no answer: the portal may have rotated it already. */
  let unanswered: string | null = null;

  async function refreshOnce(): Promise<TokenResponse> {
    const refreshToken = await options.vault.readRefreshToken();
    if (!refreshToken) throw new SyncFailure('expired', 'no-session', 'Not signed in to the portal');
    let tokens: TokenResponse;
    try {
      tokens = await refreshWithinGrace(refreshToken);
    } catch (error) {
      const failure = toSyncFailure(error);
      const ended = sessionEndOf(failure, refreshToken === unanswered);
      if (!ended) throw failure;
      // The token is dead either way; the cache and the outbox are the workstation's to decide on.
      await forgetTokens();
      options.onSessionEnded?.(ended);
      throw ended;
    }
    unanswered = null;
    await adoptTokens(tokens);
    return tokens;
  }

  /**
   * A refresh whose answer was lost may already have rotated the token at the portal, which hands
   * the same new pair to a repeat within REFRESH_GRACE_SECONDS but treats a later one as theft.
   * So such a refresh is retried at once, within the window, not at the next sync cycle.
   */
  async function refreshWithinGrace(refreshToken: string): Promise<TokenResponse> {
    const deadline = Date.now() + REFRESH_GRACE_SECONDS * 1000 - REFRESH_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(authHttp, `${API}/auth/refresh`, { refreshToken }, TokenResponse, {
          timeout: REFRESH_TIMEOUT_MS,
        });
      } catch (error) {
        const failure = toSyncFailure(error);
        if (!mayHaveReachedPortal(failure)) throw failure;
        unanswered = refreshToken;
        const pause = REFRESH_RETRY_PAUSES_MS[attempt];
        if (pause === undefined || Date.now() + pause > deadline) throw failure;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  function refreshSession(): Promise<TokenResponse> {
    // Single flight: concurrent 401s share one refresh, since the portal rotates refresh tokens and
    // presenting a replaced one revokes the whole session family.
    refreshing ??= refreshOnce().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function refreshAccessToken(): Promise<string> {
    return (await refreshSession()).accessToken;
  }

  async function currentAccessToken(): Promise<string> {
    return accessToken ?? refreshAccessToken();
  }

  apiHttp.interceptors.request.use(async (config) => {
    const token = await currentAccessToken();
    config.sentWithToken = token;
    config.headers.set(bearer(token));
    return config;
  });

  apiHttp.interceptors.response.use(undefined, async (error: unknown) => {
    if (!axios.isAxiosError(error) || error.response?.status !== 401 || !error.config) throw error;
    const config: InternalAxiosRequestConfig = error.config;
    if (config.retriedAfterRefresh) {
      // Refused with a token just issued: an anomaly to show and retry, not a reason to wipe the cache.
      throw new SyncFailure('rejected', 'unauthorized', 'The portal refused the session', 401);
    }
    // Another request may already have refreshed since this one was sent: reuse its token.
    if (config.sentWithToken === accessToken) accessToken = null;
    await currentAccessToken();
    return apiHttp.request({ ...config, retriedAfterRefresh: true });
  });

  return {
    async login(credentials) {
      const tokens = await call(
        authHttp,
        `${API}/auth/login`,
        LoginRequest.parse(credentials),
        TokenResponse,
      );
      await adoptTokens(tokens);
      return tokens.principal;
    },
    async resume() {
      if (!(await options.vault.readRefreshToken())) return null;
      return (await refreshSession()).principal;
    },
    async logout() {
      try {
        // The portal revokes the session family of the access token presented.
        if (accessToken) await authHttp.post(`${API}/auth/logout`, {}, { headers: bearer(accessToken) });
      } catch {
        // Offline or already revoked: the local session ends regardless.
      } finally {
        await forgetTokens();
      }
    },
    pull: async (request, signal) =>
      validatePullResponse(
        await postJson(apiHttp, `${API}/sync/pull`, PullRequest.parse(request), { signal }),
      ),
    push: (request, signal) =>
      call(apiHttp, `${API}/sync/push`, PushRequest.parse(request), PushResponse, { signal }),
    async request(method, path, body, schema) {
      let response: AxiosResponse<string>;
      try {
        // Every request says JSON, and the portal refuses an empty JSON body: a POST without one
        // (deactivate, reset a password) sends an empty object, as logout does.
        const data = body ?? (method === 'GET' ? undefined : {});
        response = await apiHttp.request<string>({ method, url: `${API}${path}`, data });
      } catch (error) {
        throw toSyncFailure(error);
      }
      return validated(schema, parseJson(response));
    },
    accessToken: currentAccessToken,
    refreshAccessToken,
    urlOf: (path) => new URL(path, options.baseUrl).toString(),
    transferStats: () => ({ ...stats }),
    serverClockOffsetMs: () => clock.offsetMs,
  };
}

/** A refresh gets this long for its answer, so a lost one is retried inside the grace window. */
const REFRESH_TIMEOUT_MS = 3_000;
const REFRESH_RETRY_PAUSES_MS = [200, 800, 2_000];

/** Errors raised before a request left this computer: the portal cannot have rotated anything. */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

function mayHaveReachedPortal(failure: SyncFailure): boolean {
  return failure.transient && !NEVER_SENT.has(failure.code) && failure.httpStatus !== 429;
}

/**
 * The portal's word that a refresh token is dead (src/portal/routes/auth.ts), as the workstation
 * must act on it: an expired or unknown token only asks for the password again; a revoked family
 * or deactivated account ends the session. A reuse of the very token whose refresh went unanswered
 * is our own lost answer come back after the grace window: the portal has revoked the family, but
 * nobody stole anything, so it too only asks for the password. Null for anything else (offline,
 * rate-limited, refused for another reason): that never ends a session.
 */
function sessionEndOf(failure: SyncFailure, ownLostAnswer: boolean): SyncFailure | null {
  if (failure.httpStatus !== 401) return null;
  const ended = (kind: 'expired' | 'revoked') =>
    new SyncFailure(kind, failure.code, SESSION_END_MESSAGES[kind], 401);
  switch (failure.code) {
    case RefreshRefusal.expired:
    case RefreshRefusal.unknown:
      return ended('expired');
    case RefreshRefusal.reused:
      return ended(ownLostAnswer ? 'expired' : 'revoked');
    case RefreshRefusal.revoked:
    case RefreshRefusal.inactive:
      return ended('revoked');
    default:
      return null;
  }
}

const SESSION_END_MESSAGES = {
  expired: 'The session with the portal has expired; sign in again',
  revoked: 'The portal ended this session',
} as const;

function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** POST a JSON body and read the JSON answer (not yet validated). */
async function postJson(
  http: AxiosInstance,
  path: string,
  body: unknown,
  config: Pick<AxiosRequestConfig, 'signal' | 'timeout'> = {},
): Promise<unknown> {
  let response: AxiosResponse<string>;
  try {
    response = await http.post<string>(path, body, config);
  } catch (error) {
    throw toSyncFailure(error);
  }
  return parseJson(response);
}

function parseJson(response: AxiosResponse<string>): unknown {
  try {
    return JSON.parse(response.data);
  } catch {
    throw new SyncFailure('malformed', 'not-json', 'The portal sent an unreadable answer', response.status);
  }
}

async function call<T extends z.ZodType>(
  http: AxiosInstance,
  path: string,
  body: unknown,
  schema: T,
  config?: Pick<AxiosRequestConfig, 'signal' | 'timeout'>,
): Promise<z.infer<T>> {
  return validated(schema, await postJson(http, path, body, config));
}

/**
 * Learn the portal's clock from each answer's Date header (HTTP dates have whole seconds, so the
 * middle of that second is taken). A workstation clock set hours wrong then still computes the
 * programme week, the round, snoozes and inactivity on the clinic's time.
 */
function trackServerClock(instance: AxiosInstance, clock: { offsetMs: number }): void {
  const learn = (headers: unknown) => {
    const date = (headers as Record<string, unknown> | undefined)?.date;
    const serverMs = typeof date === 'string' ? Date.parse(date) : Number.NaN;
    if (Number.isFinite(serverMs)) clock.offsetMs = serverMs + 500 - Date.now();
  };
  instance.interceptors.response.use(
    (response) => {
      learn(response.headers);
      return response;
    },
    (error: unknown) => {
      if (axios.isAxiosError(error)) learn(error.response?.headers);
      throw error;
    },
  );
}

function countBytes(instance: AxiosInstance, stats: TransferStats): void {
  const count = (data: unknown) => {
    stats.requests += 1;
    if (typeof data === 'string') stats.bytesReceived += Buffer.byteLength(data);
  };
  instance.interceptors.response.use(
    (response) => {
      count(response.data);
      return response;
    },
    (error: unknown) => {
      if (axios.isAxiosError(error)) count(error.response?.data);
      throw error;
    },
  );
}
