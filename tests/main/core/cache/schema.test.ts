import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../../src/main/core/cache/cache';
import { type CacheDatabase, openEncryptedDatabase } from '../../../../src/main/core/cache/database';
import { entityKinds, entitySpecs, insertSql, rowOf } from '../../../../src/main/core/cache/entities';
import { migrations } from '../../../../src/main/core/cache/migrations/index';
import type { LocalKind } from '../../../../src/main/core/cache/overlay';
import { migrate, SCHEMA_VERSION } from '../../../../src/main/core/cache/schema';
import type { EntityRecord } from '../../../../src/shared/contracts/domain';
import { T0, at, flag, message } from './support/records';

/** Version 1 exactly as the old generator (schema.ts, built from entities.ts) wrote it into caches. */
const GENERATED_V1 = readFileSync(join(import.meta.dirname, 'fixtures/schema-v1-generated.sql'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The schema as SQLite keeps it, without the comments and layout that do not change it. */
function schemaOf(db: CacheDatabase): { type: string; name: string; sql: string }[] {
  const rows = db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all();
  return rows.map(({ type, name, sql }) => ({
    type,
    name,
    sql: (sql ?? '')
      .replace(/--[^\n]*/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/\s*([(),=])\s*/g, '$1')
      .trim(),
  }));
}

function freshSchema(): ReturnType<typeof schemaOf> {
  const db = openEncryptedDatabase(join(dir, 'fresh.sqlite'), randomBytes(32));
  migrate(db);
  const schema = schemaOf(db);
  db.close();
  return schema;
}

const columnsOf = (db: CacheDatabase, table: string) =>
  (db.pragma(`table_xinfo(${table})`) as { name: string }[]).map((c) => c.name);

describe('the cache migrations', () => {
  it('open a cache created by the old generated version 1, carry its local data over and drop its synced records for a full sync', async () => {
    const path = join(dir, 'old.sqlite');
    const key = randomBytes(32);
    const old = openEncryptedDatabase(path, key);
    old.exec(GENERATED_V1);
    old.pragma('user_version = 1');
    const patientId = randomUUID();
    old
      .prepare('INSERT INTO draft (patient_id, body, updated_at) VALUES (?, ?, ?)')
      .run(patientId, 'Utkast', T0);
    const written = message(patientId);
    old.prepare(insertSql('message')).run(...rowOf('message', written));
    old.prepare("INSERT INTO meta (key, value) VALUES ('sync.cursor', 'c1')").run();
    old.close();

    const cache = Cache.open({ path, key });
    expect(cache.local.draft(patientId)).toEqual({ patientId, body: 'Utkast', updatedAt: T0 });
    // Synced before need-to-know access (migration 4): rebuilt by a full sync under the new scope.
    expect(cache.records.get('message', written.id)).toBeNull();
    expect(cache.synced.getCursor()).toBeNull();
    await cache.close();

    const reopened = openEncryptedDatabase(path, key);
    expect(reopened.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(schemaOf(reopened)).toEqual(freshSchema());
    reopened.close();
  });

  it('bring a version 2 cache to flags with hits and summaries that know who the round needs (003)', async () => {
    const path = join(dir, 'v2.sqlite');
    const key = randomBytes(32);
    const old = openEncryptedDatabase(path, key);
    for (const migration of migrations.slice(0, 2)) old.exec(migration.sql);
    old.pragma('user_version = 2');
    // A flag as a version 2 workstation cached it, synced and pending, without hits.
    const { hits: _synced, ...cached } = flag(randomUUID());
    const { hits: _pending, ...pending } = flag(cached.patientId, { status: 'acknowledged' });
    old.prepare(insertSql('flag')).run(...rowOf('flag', cached as EntityRecord<'flag'>));
    old
      .prepare(
        "INSERT INTO overlay (mutation_id, entity, record_id, patient_id, json, confirm) VALUES (?, 'flag', ?, ?, ?, 'exists')",
      )
      .run(randomUUID(), pending.id, pending.patientId, JSON.stringify(pending));
    // Summaries: an active patient, a completed one with an open flag, one with nothing open.
    const summary = (status: string, openFlags: unknown[]) => [
      randomUUID(),
      status,
      null,
      JSON.stringify({ name: 'Kari Nordmann', enrolmentStatus: status, openFlags }),
    ];
    const rows = [
      summary('active', []),
      summary('completed', [{ severity: 'urgent', raisedAt: T0 }]),
      summary('completed', []),
    ];
    for (const row of rows) {
      old
        .prepare(
          'INSERT INTO patient_summary (patient_id, enrolment_status, therapist_id, summary) VALUES (?, ?, ?, ?)',
        )
        .run(...row);
    }

    // Migration 003 on its own (a later one drops the synced rows for a full pull again).
    old.exec((migrations[2] as { sql: string }).sql);
    const hitsOf = (sql: string) =>
      (old.prepare(sql).all() as { json: string }[]).map((row) => JSON.parse(row.json).hits);
    expect(hitsOf('SELECT json FROM flag')).toEqual([[]]);
    expect(hitsOf("SELECT json FROM overlay WHERE entity = 'flag'")).toEqual([[]]);
    const inRound = old
      .prepare('SELECT patient_id, summary FROM patient_summary WHERE in_round = 1 ORDER BY patient_id')
      .all() as { patient_id: string; summary: string }[];
    expect(inRound.map((row) => row.patient_id)).toEqual([rows[0]![0], rows[1]![0]].sort());
    expect(inRound.map((row) => JSON.parse(row.summary).followUpAt)).toEqual([null, null]);
    old.pragma('user_version = 3');
    old.close();

    // The pending change outlives every later migration, and reads with its hits.
    const cache = Cache.open({ path, key });
    expect(cache.records.get('flag', pending.id)).toMatchObject({ hits: [], pending: true });
    await cache.close();
  });

  it('hold version 1 as the generator wrote it', () => {
    const generated = openEncryptedDatabase(join(dir, 'generated.sqlite'), randomBytes(32));
    generated.exec(GENERATED_V1);
    const literal = openEncryptedDatabase(join(dir, 'literal.sqlite'), randomBytes(32));
    literal.exec((migrations[0] as { sql: string }).sql);
    expect(schemaOf(literal)).toEqual(schemaOf(generated));
    generated.close();
    literal.close();
  });

  it('give every record kind the table, index and view its entity spec expects', () => {
    const db = openEncryptedDatabase(join(dir, 'specs.sqlite'), randomBytes(32));
    migrate(db);
    for (const kind of entityKinds) {
      const { table, columns, local } = entitySpecs[kind];
      const expected = ['id', 'patient_id', ...columns.map((c) => c.column), 'json'];
      expect(columnsOf(db, table), kind).toEqual(expected);
      expect(db.pragma(`index_info(${table}_by_patient)`), kind).toMatchObject([{ name: 'patient_id' }]);
      expect(columnsOf(db, `visible_${table}`), kind).toEqual(local ? [...expected, 'pending'] : []);
    }
    db.close();
  });

  it('read each column of a pending local record out of its JSON as the synced row stores it', () => {
    const db = openEncryptedDatabase(join(dir, 'overlay.sqlite'), randomBytes(32));
    migrate(db);
    const patientId = randomUUID();
    // Every timestamp distinct, so a view reading the wrong field cannot pass by chance.
    const samples: { [K in LocalKind]: (id: string) => EntityRecord<K> } = {
      message: (id) => message(patientId, { id, readAt: at(1), answeredAt: at(2), updatedAt: at(3) }),
      flag: (id) => flag(patientId, { id, updatedAt: at(3) }),
      clinicalNote: (id) => ({
        id,
        patientId,
        authorStaffId: randomUUID(),
        body: 'Notat',
        createdAt: T0,
        updatedAt: at(3),
      }),
      weeklyFeedback: (id) => ({
        id,
        patientId,
        enrolmentId: randomUUID(),
        week: 3,
        givenBy: randomUUID(),
        givenAt: T0,
        updatedAt: at(3),
      }),
    };
    const localKinds = entityKinds.filter((kind) => entitySpecs[kind].local);
    expect(localKinds.sort()).toEqual(Object.keys(samples).sort());
    for (const kind of localKinds as LocalKind[]) {
      const { table } = entitySpecs[kind];
      const synced = samples[kind](randomUUID());
      const pending = samples[kind](randomUUID());
      db.prepare(insertSql(kind)).run(...rowOf(kind, synced));
      db.prepare(
        "INSERT INTO overlay (mutation_id, entity, record_id, patient_id, json, confirm) VALUES (?, ?, ?, ?, ?, 'exists')",
      ).run(randomUUID(), kind, pending.id, patientId, JSON.stringify(pending));
      const viewRow = (id: string) =>
        Object.values(db.prepare(`SELECT * FROM visible_${table} WHERE id = ?`).get(id) as object);
      expect(viewRow(synced.id), kind).toEqual([...rowOf(kind, synced), 0]);
      expect(viewRow(pending.id), kind).toEqual([...rowOf(kind, pending), 1]);
    }
    db.close();
  });
});
