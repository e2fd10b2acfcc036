import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Cache } from '../../../../src/main/core/cache/cache';
import { T0, at } from './support/records';

let dir: string;
let cache: Cache;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-local-'));
  cache = Cache.open({ path: join(dir, 'c.sqlite'), key: randomBytes(32) });
});
afterEach(async () => {
  await cache.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reads every round state in one lookup, the same as one by one', () => {
  const [done, snoozed, oldSnooze, untouched] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  cache.local.setRound(done, 2, { status: 'done', at: T0 });
  cache.local.setRound(snoozed, 2, { status: 'snoozed', until: at(2), since: T0 });
  cache.local.setRound(oldSnooze, 3, { status: 'snoozed', until: at(1) });
  cache.local.setRound(done, 3, { status: 'done', at: T0 });
  cache.local.setRound(done, 3, { status: 'open' });

  const rounds = cache.local.rounds();
  for (const [patientId, week] of [
    [done, 2],
    [done, 3],
    [snoozed, 2],
    [oldSnooze, 3],
    [untouched, 2],
  ] as const) {
    expect(rounds(patientId, week), `${patientId}:${week}`).toEqual(cache.local.round(patientId, week));
  }
  expect(rounds(done, 2)).toEqual({ status: 'done', at: T0 });
  expect(rounds(snoozed, 2)).toEqual({ status: 'snoozed', until: at(2), since: T0 });
  expect(rounds(oldSnooze, 3)).toEqual({ status: 'snoozed', until: at(1) });
  expect(rounds(done, 3)).toEqual({ status: 'open' });
  expect(rounds(untouched, 2)).toEqual({ status: 'open' });
});

it('knows which patients have a draft', () => {
  const [kept, discarded] = [randomUUID(), randomUUID()];
  cache.local.saveDraft({ patientId: kept, body: 'Utkast', updatedAt: T0 });
  cache.local.saveDraft({ patientId: discarded, body: 'Borte', updatedAt: T0 });
  cache.local.discardDraft(discarded);
  expect(cache.local.patientsWithDraft()).toEqual(new Set([kept]));
});
