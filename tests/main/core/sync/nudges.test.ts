import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortalClient } from '../../../../src/main/core/sync/http';
import { NudgeListener } from '../../../../src/main/core/sync/nudges';
import { type FakeRoute, json, startFakePortal } from './support/fake-portal';
import { MemoryVault } from './support/memory-vault';
import { waitFor } from './support/wait';

/** The nudge stream's reconnect policy, against a loopback fake that refuses and drops on cue. */

const principal = { id: randomUUID(), kind: 'staff', role: 'therapist', displayName: 'Terapeut' };
const tokens = (n: number) => ({ accessToken: `at${n}`, refreshToken: `rt${n}`, expiresIn: 600, principal });

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listenTo(events: FakeRoute, refresh: FakeRoute) {
  const portal = await startFakePortal({
    'POST /api/v1/auth/login': (_req, res) => json(res, 200, tokens(1)),
    'POST /api/v1/auth/refresh': refresh,
    'GET /api/v1/sync/events': events,
  });
  cleanups.push(portal.close);
  const client = createPortalClient({ baseUrl: portal.url, vault: new MemoryVault() });
  await client.login({ username: 'terapeut', password: 'pw' });
  const calls = { nudges: 0, ended: [] as string[], live: [] as boolean[] };
  const listener = new NudgeListener({
    client,
    backoff: { baseMs: 10, capMs: 20, random: () => 0.5 },
    onNudge: () => (calls.nudges += 1),
    onSessionEnded: (failure) => calls.ended.push(failure.kind),
    onLiveChange: (live) => calls.live.push(live),
  });
  cleanups.push(() => listener.stop());
  listener.start();
  return { portal, calls };
}

const openStream: FakeRoute = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write('event: pull\ndata: {}\n\n');
};

describe('nudge listener', () => {
  it('refreshes the token after a 401, reconnects, and passes each pull event on', async () => {
    const refresh = vi.fn<FakeRoute>((_req, res) => json(res, 200, tokens(2)));
    const { calls } = await listenTo(
      (req, res) => (req.authorization === 'Bearer at2' ? openStream(req, res) : json(res, 401, {})),
      refresh,
    );

    // One nudge for connecting (catch up on what was missed), one for the event.
    await waitFor('nudges', () => calls.nudges >= 2);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls.live).toContain(true);
  });

  it('reconnects after the stream drops and catches up on connecting', async () => {
    let connections = 0;
    const { calls } = await listenTo(
      (req, res) => {
        connections += 1;
        openStream(req, res);
        if (connections === 1) setTimeout(() => res.socket?.destroy(), 20);
      },
      (_req, res) => json(res, 200, tokens(2)),
    );

    await waitFor('second connection', () => connections >= 2 && calls.live.at(-1));
    expect(calls.live).toEqual([true, false, true]);
    expect(calls.nudges).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['refresh_token_expired', 'expired'],
    ['session_revoked', 'revoked'],
  ])('stops and reports the session ended when the refresh is refused with %s', async (code, kind) => {
    const { calls } = await listenTo(
      (_req, res) => json(res, 401, {}),
      (_req, res) => json(res, 401, { error: { code, message: 'x' } }),
    );

    await waitFor('session ended', () => calls.ended.length >= 1);
    expect(calls.ended).toEqual([kind]);
    expect(calls.nudges).toBe(0);
  });
});
