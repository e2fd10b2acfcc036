import { EventSource } from 'eventsource';
import { NUDGE_EVENT } from '../../../shared/contracts/sync';
import { type BackoffPolicy, backoffDelay } from './backoff';
import { type SyncFailure, endsSession, isSyncFailure } from './errors';
import type { PortalClient } from './http';

export interface NudgeListenerOptions {
  client: PortalClient;
  backoff: BackoffPolicy;
  /** The portal asked us to pull, or the stream (re)connected and may have missed nudges. */
  onNudge(): void;
  /** The portal refused the refresh token (kind 'expired' or 'revoked'). */
  onSessionEnded(failure: SyncFailure): void;
  /** The stream connected (true) or dropped (false). */
  onLiveChange(live: boolean): void;
}

const EVENTS_PATH = '/api/v1/sync/events';

/**
 * Listens on the portal's server-sent events and turns each `pull` event into a nudge. The
 * reconnect policy is ours, not the library's: every drop closes the stream and reconnects after
 * a jittered exponential delay, refreshing the access token first when the portal said 401.
 */
export class NudgeListener {
  private source: EventSource | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private stopped = true;

  constructor(private readonly options: NudgeListenerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.source?.close();
    this.source = null;
    this.options.onLiveChange(false);
  }

  private connect(): void {
    const { client } = this.options;
    const source = new EventSource(client.urlOf(EVENTS_PATH), {
      // The token is fetched per connection attempt, so a reconnect uses the refreshed one.
      fetch: async (url, init) => {
        const token = await client.accessToken();
        return fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
      },
    });
    this.source = source;
    source.addEventListener('open', () => {
      this.failures = 0;
      this.options.onLiveChange(true);
      // Nudges sent while we were disconnected are lost: catch up now.
      this.options.onNudge();
    });
    source.addEventListener(NUDGE_EVENT, () => this.options.onNudge());
    source.addEventListener('error', (event) => {
      source.close();
      if (this.source !== source || this.stopped) return;
      this.source = null;
      this.options.onLiveChange(false);
      this.scheduleReconnect(event.code === 401);
    });
  }

  private scheduleReconnect(unauthorized: boolean): void {
    this.failures += 1;
    const delay = backoffDelay(this.failures, this.options.backoff);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped) return;
      void this.reconnect(unauthorized);
    }, delay);
  }

  private async reconnect(unauthorized: boolean): Promise<void> {
    if (unauthorized) {
      try {
        await this.options.client.refreshAccessToken();
      } catch (error) {
        if (isSyncFailure(error) && endsSession(error)) {
          this.stop();
          this.options.onSessionEnded(error);
          return;
        }
        // Offline: try again later; the connection attempt itself will tell.
      }
    }
    if (!this.stopped) this.connect();
  }
}
