import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/portal/db/db';
import {
  HELD_BACK_RETRY_MS,
  NUDGE_MAX_DELAY_MS,
  NUDGE_QUIET_MS,
  NudgeHub,
} from '../../src/portal/sync/nudge';

/**
 * The nudge debouncing on a fake clock. A database's notifications arrive whenever its commits
 * do, so timing cannot be controlled through a real one; sync.test.ts proves on PGlite and
 * PostgreSQL that a commit reaches a subscribed workstation over server-sent events.
 */
function notifications() {
  let deliver: (payload: string) => void = () => undefined;
  let resume: () => void = () => undefined;
  const db = {
    async listen(_channel: string, onPayload: (payload: string) => void, onResume?: () => void) {
      deliver = onPayload;
      resume = onResume ?? (() => undefined);
    },
  } as unknown as Db;
  return { db, notify: (payload: unknown) => deliver(JSON.stringify(payload)), resume: () => resume() };
}

let hub: NudgeHub;
let source: ReturnType<typeof notifications>;
const sent = { a: 0, b: 0 };

beforeEach(async () => {
  vi.useFakeTimers();
  source = notifications();
  hub = new NudgeHub();
  await hub.start(source.db);
  for (const staffId of ['a', 'b'] as const) {
    sent[staffId] = 0;
    hub.subscribe(staffId, () => (sent[staffId] += 1));
  }
});
afterEach(() => {
  hub.stop();
  vi.useRealTimers();
});

describe('nudges', () => {
  it('turn a burst of commits into one nudge once it has been quiet', () => {
    for (let i = 0; i < 5; i++) {
      source.notify(['a']);
      vi.advanceTimersByTime(NUDGE_QUIET_MS / 5);
    }
    expect(sent.a).toBe(0);
    vi.advanceTimersByTime(NUDGE_QUIET_MS);
    expect(sent).toEqual({ a: 1, b: 0 });
  });

  it('never hold a busy stream back longer than the maximum delay', () => {
    // A commit every 40 ms for a second: never quiet for 50 ms.
    for (let elapsed = 0; elapsed < 1000; elapsed += 40) {
      source.notify(['a']);
      vi.advanceTimersByTime(40);
    }
    vi.advanceTimersByTime(NUDGE_MAX_DELAY_MS);
    expect(sent.a).toBeGreaterThanOrEqual(Math.floor(1000 / NUDGE_MAX_DELAY_MS));
    expect(sent.a).toBeLessThanOrEqual(Math.ceil(1000 / NUDGE_MAX_DELAY_MS) + 1);
  });

  it('reach everyone for a broadcast, nobody for a malformed payload', () => {
    source.notify('*');
    source.notify({ not: 'a list' });
    vi.advanceTimersByTime(NUDGE_MAX_DELAY_MS);
    expect(sent).toEqual({ a: 1, b: 1 });
  });

  it('reach every subscriber once when listening resumes after a lost connection', () => {
    source.resume();
    vi.advanceTimersByTime(NUDGE_MAX_DELAY_MS);
    expect(sent).toEqual({ a: 1, b: 1 });
  });

  it('come again after a pause when a pull found changes held back', () => {
    hub.nudgeSoon('a');
    vi.advanceTimersByTime(HELD_BACK_RETRY_MS - 1);
    expect(sent.a).toBe(0);
    vi.advanceTimersByTime(1);
    expect(sent.a).toBe(1);
  });
});
