import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flag, Message } from '../../../../src/shared/contracts/domain';
import type { Change, Mutation } from '../../../../src/shared/contracts/sync';
import type { Cache } from '../../../../src/main/core/cache/cache';
import type { CacheDatabase } from '../../../../src/main/core/cache/database';
import { openEncryptedWithHandle } from './support/open';
import { at, flag, message, patient, patientHistory, staff, team, up } from './support/records';

let dir: string;
let cache: Cache;
/** The database below the cache, to count what the parts keep in their tables. */
let db: CacheDatabase;
const t = team();
const therapist = staff(t.id);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-sync-'));
  ({ cache, db } = openEncryptedWithHandle(join(dir, 'c.sqlite'), randomBytes(32)));
  cache.synced.applyPage([up('team', t), up('staff', therapist)], 'c0');
});
afterEach(async () => {
  await cache.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string, patientId?: string) =>
  (
    db
      .prepare(`SELECT count(*) AS n FROM ${table}${patientId ? ' WHERE patient_id = ?' : ''}`)
      .get(...(patientId ? [patientId] : [])) as { n: number }
  ).n;

const visible = <T>(table: string, id: string) => {
  const row = db.prepare(`SELECT json, pending FROM visible_${table} WHERE id = ?`).get(id) as
    { json: string; pending: number } | undefined;
  return row ? { record: JSON.parse(row.json) as T, pending: row.pending === 1 } : undefined;
};

function sendMessage(patientId: string, body = 'Takk for meldingen') {
  const record: Message = message(patientId, {
    authorKind: 'staff',
    authorStaffId: therapist.id,
    body,
    sentAt: at(1),
  });
  const mutation: Mutation = {
    id: randomUUID(),
    type: 'message.send',
    payload: { messageId: record.id, patientId, body },
  };
  cache.queueLocalChange({
    mutation,
    patientId,
    overlay: [{ entity: 'message', record, confirm: 'exists' }],
  });
  return { mutation, record };
}

function acknowledge(f: Flag) {
  const mutation: Mutation = {
    id: randomUUID(),
    type: 'flag.acknowledge',
    payload: { flagId: f.id, note: 'Ringte pasienten' },
  };
  const record: Flag = {
    ...f,
    status: 'acknowledged',
    acknowledgedBy: therapist.id,
    acknowledgedAt: at(1),
    acknowledgeNote: 'Ringte pasienten',
  };
  cache.queueLocalChange({
    mutation,
    patientId: f.patientId,
    overlay: [{ entity: 'flag', record, confirm: 'acknowledged' }],
  });
  return mutation;
}

describe('applyPage', () => {
  it('stores upserts, applies deletes and moves the cursor', () => {
    const { patient: p, changes } = patientHistory(t.id, therapist.id);
    cache.synced.applyPage(changes, 'c1');
    expect(cache.synced.getCursor()).toBe('c1');
    expect(count('message', p.id)).toBe(6);
    const m = changes.find(
      (c): c is Extract<Change, { entity: 'message'; op: 'upsert' }> =>
        c.op === 'upsert' && c.entity === 'message',
    );
    cache.synced.applyPage([{ op: 'delete', entity: 'message', id: m!.record.id }], 'c2');
    expect(count('message', p.id)).toBe(5);
  });

  it('applies nothing of a page that fails midway, and keeps the old cursor', () => {
    const { changes } = patientHistory(t.id, therapist.id);
    cache.synced.applyPage(changes.slice(0, 2), 'c1');
    const before = count('questionnaire_response');
    const broken = {
      op: 'upsert',
      entity: 'no-such-entity',
      record: { id: randomUUID() },
    } as unknown as Change;
    const page = [...changes.slice(2, 10), broken, ...changes.slice(10)];
    expect(() => cache.synced.applyPage(page, 'c2')).toThrow();
    expect(cache.synced.getCursor()).toBe('c1');
    expect(count('questionnaire_response')).toBe(before);
    expect(count('module_progress')).toBe(0);
  });

  it('applies a large page in chunks with the same result, yielding to the event loop between them', async () => {
    const changes = Array.from({ length: 5 }, () => patientHistory(t.id, therapist.id).changes).flat();
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    await cache.synced.applyPageInChunks(changes, 'c9', 7);
    clearInterval(ticker);
    expect(cache.synced.getCursor()).toBe('c9');
    expect(count('message')).toBe(5 * 6);
    expect(count('patient')).toBe(5);
    expect(turns).toBeGreaterThan(0);
  });

  it('tells listeners which patients a page touched', () => {
    const { patient: p, changes } = patientHistory(t.id, therapist.id);
    const seen: string[][] = [];
    cache.synced.onApplied((effect) => seen.push([...effect.patientIds]));
    cache.synced.applyPage(changes, 'c1');
    expect(seen).toEqual([[p.id]]);
  });
});

describe('push answers', () => {
  it('tell listeners about the patients whose visible records may have changed', () => {
    const p = patient(t.id);
    cache.synced.applyPage([up('patient', p)], 'c1');
    const { mutation } = sendMessage(p.id);
    const seen: string[][] = [];
    cache.synced.onApplied((effect) => seen.push([...effect.patientIds]));
    cache.synced.recordResults([
      { id: mutation.id, status: 'rejected', code: 'forbidden', message: 'no access' },
    ]);
    cache.synced.recordResults([{ id: mutation.id, status: 'applied' }]);
    expect(seen).toEqual([[p.id]]);
  });
});

describe('drop-patient', () => {
  it("removes every synced row, overlay, draft and round state of that patient and nobody else's", () => {
    const gone = patientHistory(t.id, therapist.id);
    const stays = patientHistory(t.id, therapist.id);
    const f = flag(gone.patient.id);
    cache.synced.applyPage([...gone.changes, ...stays.changes, up('flag', f)], 'c1');
    const { mutation } = sendMessage(gone.patient.id);
    cache.local.saveDraft({ patientId: gone.patient.id, body: 'utkast', updatedAt: at(1) });
    cache.local.setRound(gone.patient.id, 3, { status: 'done', at: at(1) });

    cache.synced.applyPage([{ op: 'drop-patient', patientId: gone.patient.id }], 'c2');

    for (const table of [
      'patient',
      'enrolment',
      'module_progress',
      'homework',
      'message',
      'questionnaire_response',
      'flag',
      'overlay',
      'draft',
      'round',
    ]) {
      expect(count(table, table === 'patient' ? undefined : gone.patient.id), table).toBe(
        table === 'patient' ? 1 : 0,
      );
    }
    expect(db.prepare('SELECT id FROM patient').all()).toEqual([{ id: stays.patient.id }]);
    expect(count('message', stays.patient.id)).toBe(6);
    // The unsent reply is still waiting for the portal's answer.
    expect(cache.synced.pendingMutations(10).map((m) => m.mutation.id)).toEqual([mutation.id]);
  });
});

describe('pending local changes during pulls (sync property 5)', () => {
  it('keeps a locally sent message visible through pulls until the portal confirms it', () => {
    const p = patient(t.id);
    cache.synced.applyPage([up('patient', p)], 'c1');
    const { mutation, record } = sendMessage(p.id);
    cache.synced.applyPage([up('message', message(p.id))], 'c2');
    expect(visible<Message>('message', record.id)).toMatchObject({
      pending: true,
      record: { body: record.body },
    });

    cache.synced.recordResults([{ id: mutation.id, status: 'applied' }]);
    // Applied, but not pulled yet: still shown, never a gap.
    expect(visible('message', record.id)?.pending).toBe(true);

    const echoed = { ...record, sentAt: at(1.5), updatedAt: at(1.5) };
    cache.synced.applyPage([up('message', echoed)], 'c3');
    expect(visible<Message>('message', record.id)).toEqual({ pending: false, record: echoed });
    expect(count('overlay')).toBe(0);
  });

  it('keeps a locally acknowledged flag acknowledged when a pull brings the flag again', () => {
    const p = patient(t.id);
    const f = flag(p.id);
    cache.synced.applyPage([up('patient', p), up('flag', f)], 'c1');
    const mutation = acknowledge(f);
    cache.synced.applyPage(
      [up('flag', { ...f, details: { value: 2, threshold: 1 }, updatedAt: at(0.5) })],
      'c2',
    );
    expect(visible<Flag>('flag', f.id)).toMatchObject({ pending: true, record: { status: 'acknowledged' } });

    // Applied, and a pull brings an older version still 'open' (committed before the ack): not a confirmation.
    cache.synced.recordResults([{ id: mutation.id, status: 'applied' }]);
    cache.synced.applyPage([up('flag', { ...f, updatedAt: at(0.6) })], 'c3');
    expect(visible<Flag>('flag', f.id)?.record.status).toBe('acknowledged');

    const confirmed = {
      ...f,
      status: 'acknowledged' as const,
      acknowledgedBy: therapist.id,
      acknowledgedAt: at(1),
      acknowledgeNote: 'Ringte pasienten',
      updatedAt: at(1),
    };
    cache.synced.applyPage([up('flag', confirmed)], 'c4');
    expect(visible<Flag>('flag', f.id)).toEqual({ pending: false, record: confirmed });
  });

  it('confirms at once when the pulled record already showed the change before the push was answered', () => {
    const p = patient(t.id);
    cache.synced.applyPage([up('patient', p)], 'c1');
    const { mutation, record } = sendMessage(p.id);
    // The first push's answer was lost; a pull brought the message; the retry is answered 'applied'.
    cache.synced.applyPage([up('message', record)], 'c2');
    expect(visible('message', record.id)?.pending).toBe(true);
    cache.synced.recordResults([{ id: mutation.id, status: 'applied' }]);
    expect(visible('message', record.id)?.pending).toBe(false);
  });

  it('shows the portal state again, and lists the refusal, when a change is rejected', () => {
    const p = patient(t.id);
    const f = flag(p.id, { status: 'resolved', resolvedAt: at(0.5) });
    cache.synced.applyPage([up('patient', p), up('flag', { ...f, status: 'open', resolvedAt: null })], 'c1');
    const mutation = acknowledge({ ...f, status: 'open', resolvedAt: null });
    cache.synced.applyPage([up('flag', f)], 'c2');
    cache.synced.recordResults([
      { id: mutation.id, status: 'rejected', code: 'conflict', message: 'already resolved' },
    ]);
    expect(visible<Flag>('flag', f.id)).toEqual({ pending: false, record: f });
    expect(cache.synced.rejectedMutations()).toMatchObject([
      { mutation: { id: mutation.id }, result: { code: 'conflict' } },
    ]);
    expect(cache.synced.pendingMutations(10)).toEqual([]);
  });

  it('keeps pending changes, drafts and round state through a full resync', async () => {
    const p = patient(t.id);
    cache.synced.applyPage([up('patient', p)], 'c1');
    const { record } = sendMessage(p.id);
    cache.local.saveDraft({ patientId: p.id, body: 'utkast', updatedAt: at(1) });
    await cache.synced.resetSyncedData();
    expect(cache.synced.getCursor()).toBeNull();
    expect(count('patient')).toBe(0);
    expect(visible('message', record.id)?.pending).toBe(true);
    expect(cache.local.draft(p.id)?.body).toBe('utkast');
    expect(cache.synced.pendingMutations(10)).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('hands out mutations in the order they were made, up to the limit', () => {
    const p = patient(t.id);
    const ids = Array.from({ length: 5 }, () => sendMessage(p.id).mutation.id);
    expect(cache.synced.pendingMutations(10).map((m) => m.mutation.id)).toEqual(ids);
    expect(cache.synced.pendingMutations(2).map((m) => m.mutation.id)).toEqual(ids.slice(0, 2));
  });

  it('counts failed attempts and ignores answers for mutations no longer waiting', () => {
    const p = patient(t.id);
    const a = sendMessage(p.id).mutation;
    const b = sendMessage(p.id).mutation;
    cache.synced.recordAttemptFailed([a.id, b.id]);
    cache.synced.recordAttemptFailed([a.id]);
    expect(cache.synced.pendingMutations(10).map((m) => m.attempts)).toEqual([2, 1]);
    cache.synced.recordResults([{ id: a.id, status: 'applied' }]);
    cache.synced.recordResults([
      { id: a.id, status: 'rejected', code: 'conflict', message: 'duplicate answer' },
    ]);
    expect(cache.synced.pendingMutations(10).map((m) => m.mutation.id)).toEqual([b.id]);
    expect(cache.synced.rejectedMutations()).toEqual([]);
  });

  it('a rejection does not hold back the mutations after it', () => {
    const p = patient(t.id);
    const [a, b, c] = [sendMessage(p.id), sendMessage(p.id), sendMessage(p.id)].map((x) => x.mutation);
    cache.synced.recordResults([
      { id: a!.id, status: 'applied' },
      { id: b!.id, status: 'rejected', code: 'forbidden', message: 'no access' },
    ]);
    expect(cache.synced.pendingMutations(10).map((m) => m.mutation.id)).toEqual([c!.id]);
  });

  it('resets in chunks and, interrupted by a crash, finishes the reset when the cache next opens', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'reset.sqlite');
    const { cache: other, db: otherDb } = openEncryptedWithHandle(path, key);
    const changes = Array.from({ length: 4 }, () => patientHistory(t.id, therapist.id).changes).flat();
    other.synced.applyPage(changes, 'c1');
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    await other.synced.resetSyncedData(5);
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(0);
    expect(other.synced.getCursor()).toBeNull();
    expect(otherDb.prepare('SELECT count(*) AS n FROM patient').get()).toEqual({ n: 0 });

    // A crash mid-reset: the cursor is cleared and the marker set, but rows remain.
    other.synced.applyPage(changes, 'c2');
    const crashed = other.synced.resetSyncedData(5);
    otherDb.close();
    await expect(crashed).rejects.toThrow();
    await other.close();
    const { cache: reopened, db: reopenedDb } = openEncryptedWithHandle(path, key);
    try {
      expect(reopened.synced.getCursor()).toBeNull();
      for (const table of ['patient', 'message', 'flag']) {
        expect(reopenedDb.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      }
    } finally {
      await reopened.close();
    }
  });
});
