import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncEngine } from '../../../../src/main/core/sync/engine';
import type { Mutation } from '../../../../src/shared/contracts/sync';
import { type FakeRoute, json, startFakePortal } from './support/fake-portal';
import { InMemorySyncStoreDouble } from './support/in-memory-store-double';
import { MemoryVault } from './support/memory-vault';
import { waitFor } from './support/wait';

/*
 * The engine's control flow against a loopback fake and an in-memory store double: ordering,
 * backoff, guards. The behaviour end to end is tested with the real portal and cache elsewhere.
 */

const principal = { id: randomUUID(), kind: 'staff', role: 'therapist', displayName: 'Terapeut' };
const tokens = { accessToken: 'at', refreshToken: 'rt', expiresIn: 600, principal };
const teamId = randomUUID();
const team = (name: string) => ({
  op: 'upsert',
  entity: 'team',
  record: { id: teamId, name, updatedAt: '2026-01-01T00:00:00.000Z' },
});
const page = (changes: unknown[], cursor: string, hasMore = false) => ({
  kind: 'changes',
  changes,
  cursor,
  hasMore,
});
const note = (): Mutation => ({
  id: randomUUID(),
  type: 'note.add',
  payload: { noteId: randomUUID(), patientId: randomUUID(), body: 'x' },
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(routes: Record<string, FakeRoute>, backoffRandom = 0.5) {
  const portal = await startFakePortal({
    'POST /api/v1/auth/login': (_req, res) => json(res, 200, tokens),
    ...routes,
  });
  const engine = new SyncEngine({
    portalUrl: portal.url,
    vault: new MemoryVault(),
    nudges: false,
    backoff: { baseMs: 10, capMs: 40, random: () => backoffRandom },
  });
  cleanups.push(portal.close, () => engine.stop());
  await engine.signIn({ username: 'terapeut', password: 'pw' });
  return { portal, engine, store: new InMemorySyncStoreDouble() };
}

describe('sync engine control flow', () => {
  it('pushes before it pulls, and a rejected mutation does not hold back the next', async () => {
    const order: string[] = [];
    const { engine, store } = await setUp({
      'POST /api/v1/sync/push': (req, res) => {
        order.push('push');
        const [first, second] = (req.body as { mutations: Mutation[] }).mutations;
        json(res, 200, {
          results: [
            { id: first?.id, status: 'rejected', code: 'forbidden', message: 'not your patient' },
            { id: second?.id, status: 'applied' },
          ],
        });
      },
      'POST /api/v1/sync/pull': (_req, res) => {
        order.push('pull');
        json(res, 200, page([], 'c1'));
      },
    });
    store.enqueue(note());
    store.enqueue(note());

    engine.start(store);
    const status = await engine.syncNow();

    expect(order.slice(0, 2)).toEqual(['push', 'pull']);
    expect(status).toMatchObject({ pending: 0, rejected: 1, lastError: null, online: true });
    expect(store.rejectedMutations()[0]?.result.code).toBe('forbidden');
  });

  it('on a refused cursor drops the synced data and rebuilds from scratch, restarting progress', async () => {
    const { engine, store } = await setUp({
      'POST /api/v1/sync/pull': (req, res) => {
        const { cursor } = req.body as { cursor: string | null };
        if (cursor === 'expired') return json(res, 200, { kind: 'resync', reason: 'cursor too old' });
        json(res, 200, page([team('Team Bergen')], 'fresh'));
      },
    });
    store.applyPage([], 'expired');
    store.setMeta('sync.initial.complete', 'yes');

    engine.start(store);
    const status = await engine.syncNow();

    expect(store.resets).toBe(1);
    expect(store.getCursor()).toBe('fresh');
    expect(store.records.get(`team:${teamId}`)).toMatchObject({ name: 'Team Bergen' });
    expect(status.initialSync).toEqual({ running: false, pagesDone: 1, changesApplied: 1 });
  });

  it('backs off while the portal is unreachable and recovers without a nudge', async () => {
    const attempts: number[] = [];
    const statuses: (boolean | null)[] = [];
    const { engine, store } = await setUp({
      'POST /api/v1/sync/pull': (_req, res) => {
        attempts.push(performance.now());
        if (attempts.length <= 3) return void res.socket?.destroy();
        json(res, 200, page([], 'c1'));
      },
    });
    engine.onStatus((status) => statuses.push(status.online));

    engine.start(store);
    await waitFor('recovery', () => engine.status().lastSyncAt);

    expect(attempts).toHaveLength(4);
    // random() = 0.5 of windows 10, 20, 40 ms: at least 5, 10, 20 ms between attempts.
    const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] ?? 0));
    expect(gaps.map((gap, i) => gap >= [5, 10, 20][i]! - 1)).toEqual([true, true, true]);
    expect(statuses).toContain(false);
    expect(engine.status()).toMatchObject({ online: true, lastError: null });
  });

  it('counts a transport failure against the pushed mutations and keeps them queued', async () => {
    const { engine, store } = await setUp({
      'POST /api/v1/sync/push': (_req, res) => void res.socket?.destroy(),
      'POST /api/v1/sync/pull': (_req, res) => json(res, 200, page([], 'c1')),
    });
    store.enqueue(note());

    engine.start(store);
    const status = await engine.syncNow();

    expect(status).toMatchObject({ online: false, pending: 1 });
    expect(store.pendingMutations(10)[0]?.attempts).toBeGreaterThanOrEqual(1);
  });

  it('refuses a page that does not advance the cursor instead of looping', async () => {
    let pulls = 0;
    const { engine, store } = await setUp({
      'POST /api/v1/sync/pull': (_req, res) => {
        pulls += 1;
        json(res, 200, page([], 'same', true));
      },
    });
    store.applyPage([], 'same');

    engine.start(store);
    const status = await engine.syncNow();

    expect(status.lastError?.code).toBe('cursor-stuck');
    expect(pulls).toBeLessThanOrEqual(2);
  });

  it('reports a store failing outside push and pull instead of crashing the process', async () => {
    const { engine, store } = await setUp({
      'POST /api/v1/sync/pull': (_req, res) => json(res, 200, page([], 'c1')),
    });
    engine.start(store);
    await engine.syncNow();
    store.getMeta = () => {
      throw new Error('The database connection is not open');
    };

    const status = await engine.syncNow();

    expect(status).toMatchObject({ syncing: false, lastError: { code: 'internal' } });
    expect(status.lastError?.message).not.toContain('database');
  });

  it.each([
    ['refresh_token_expired', 'expired', 'session-expired'],
    ['invalid_token', 'expired', 'session-expired'],
    ['refresh_token_reused', 'revoked', 'revoked'],
    ['account_inactive', 'revoked', 'revoked'],
  ])('reports a refresh refused with %s once, as %s, and stops', async (code, kind, shown) => {
    const { engine, store } = await setUp({
      'POST /api/v1/auth/refresh': (_req, res) => json(res, 401, { error: { code, message: 'refused' } }),
      'POST /api/v1/sync/pull': (_req, res) => json(res, 401, {}),
    });
    const onSessionEnded = vi.fn();
    engine.onSessionEnded(onSessionEnded);

    engine.start(store);
    await waitFor('stop', () => !engine.status().running);
    await engine.syncNow();

    expect(onSessionEnded).toHaveBeenCalledTimes(1);
    expect(onSessionEnded.mock.calls[0]![0]).toMatchObject({ kind, code });
    expect(engine.status().lastError?.code).toBe(shown);
  });
});
