import axios, { type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { z } from 'zod';
import { LoginRequest, type Principal, TokenResponse } from '../../../shared/contracts/auth';
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
  /** Called once when the portal refuses our refresh token: the account is signed out or revoked. */
  onRevoked?: () => void;
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

  async function refreshOnce(): Promise<TokenResponse> {
    const refreshToken = await options.vault.readRefreshToken();
    if (!refreshToken) throw new SyncFailure('revoked', 'no-session', 'Not signed in');
    let tokens: TokenResponse;
    try {
      tokens = await call(authHttp, `${API}/auth/refresh`, { refreshToken }, TokenResponse);
    } catch (error) {
      const failure = toSyncFailure(error);
      // Only the portal's own word that the token is dead ends the session (and wipes the cache);
      // being offline, a rate limit or any other refusal must never sign anyone out.
      if (isRevocation(failure)) {
        await forgetTokens();
        options.onRevoked?.();
        throw new SyncFailure('revoked', failure.code, 'The portal ended this session', failure.httpStatus);
      }
      throw failure;
    }
    await adoptTokens(tokens);
    return tokens;
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
      validatePullResponse(await postJson(apiHttp, `${API}/sync/pull`, PullRequest.parse(request), signal)),
    push: (request, signal) =>
      call(apiHttp, `${API}/sync/push`, PushRequest.parse(request), PushResponse, signal),
    accessToken: currentAccessToken,
    refreshAccessToken,
    urlOf: (path) => new URL(path, options.baseUrl).toString(),
    transferStats: () => ({ ...stats }),
    serverClockOffsetMs: () => clock.offsetMs,
  };
}

/** The codes src/portal/routes/auth.ts answers a dead refresh token with (always with 401). */
const REVOCATION_CODES: ReadonlySet<string> = new Set(['invalid_token', 'refresh_token_reused']);

function isRevocation(failure: SyncFailure): boolean {
  return failure.httpStatus === 401 && REVOCATION_CODES.has(failure.code);
}

function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

/** POST a JSON body and read the JSON answer (not yet validated). */
async function postJson(
  http: AxiosInstance,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  let response: AxiosResponse<string>;
  try {
    response = await http.post<string>(path, body, { signal });
  } catch (error) {
    throw toSyncFailure(error);
  }
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
  signal?: AbortSignal,
): Promise<z.infer<T>> {
  return validated(schema, await postJson(http, path, body, signal));
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
