/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PullResponse, PushResponse, type Change } from '../../src/shared/contracts/sync';
import { entityKinds, entitySpecs } from '../../src/main/core/cache/entities';
import { encodeCursor, decodeCursor } from '../../src/portal/sync/cursor';
import { CareError } from '../../src/portal/care/errors';
import { NUDGE_CHANNEL, logChanges } from '../../src/portal/data/changes';
import { mutationHandlers } from '../../src/portal/sync/mutations';
import { pull } from '../../src/portal/sync/pull';
import { pruneChangeLog, pruneMutationResults } from '../../src/portal/sync/retention';
import {
  eachBackend,
  count,
  freshDatabase,
  openPortal,
  patientsOf,
  principalId,
  pullAll,
  postgresUrl,
  pullUntil,
  type Database,
  type TestPortal,
} from './harness';
import { openEncryptedWithHandle } from '../main/core/cache/support/open';
import { waitFor } from '../main/core/sync/support/wait';

/** Why the tests that need two transactions open at once cannot run on PGlite. */
const ONE_CONNECTION = 'PGlite has one connection: transactions cannot interleave';

const message = (patientId: string, body = 'Hei, takk for sist.') => ({
  id: randomUUID(),
  type: 'message.send',
  payload: { messageId: randomUUID(), patientId, body },
});

eachBackend('sync on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let therapist: string;
  let patients: string[];

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    therapist = await portal.login('terapeut1');
    patients = await patientsOf(portal.db, 'terapeut1');
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  /** Pushes `batch` again: the answer must be the first push's, and no row of `tables` may change. */
  async function expectRetryChangesNothing(batch: unknown[], firstBody: unknown, tables: string[]) {
    const counts = () => Promise.all(tables.map((table) => count(portal.db, table)));
    const before = await counts();
    const retry = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: batch },
    });
    expect(retry.body).toEqual(firstBody);
    expect(await counts()).toEqual(before);
  }

  it('1. an initial pull pages through the whole caseload, every page valid, then delta pulls bring new changes', async () => {
    const first = await portal.call('POST', '/api/v1/sync/pull', {
      token: therapist,
      body: { cursor: null, limit: 200 },
    });
    expect(PullResponse.parse(first.body).kind).toBe('changes');
    const { changes, cursor } = await pullAll(portal, therapist, null, 200);
    const seenPatients = new Set(changes.filter((c) => c.entity === 'patient').map((c) => c.record.id));
    expect([...seenPatients].sort()).toEqual(expect.arrayContaining(patients));
    const messagesInDb = await count(
      portal.db,
      'message m JOIN enrolment e ON e.patient_id = m.patient_id JOIN account a ON a.principal_id = e.therapist_id WHERE a.username = $1',
      ['terapeut1'],
    );
    expect(changes.filter((c) => c.entity === 'message')).toHaveLength(messagesInDb);

    const none = await pullAll(portal, therapist, cursor);
    expect(none.changes).toEqual([]);

    const push = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [message(patients[0]!)] },
    });
    expect(push.body.results[0].status).toBe('applied');
    const staffMessages = (changes: any[]) =>
      changes.filter((c) => c.entity === 'message' && c.record.authorKind === 'staff');
    const delta = await pullUntil(portal, therapist, none.cursor, (got) => staffMessages(got).length > 0);
    expect(staffMessages(delta.changes)).toHaveLength(1);
  });

  it('1. no change is skipped when writers commit out of order (real concurrency on PostgreSQL)', async ({
    skip,
  }) => {
    skip(backend !== 'postgres', ONE_CONNECTION);
    const { cursor } = await pullAll(portal, therapist);
    const [first, second] = [randomUUID(), randomUUID()];
    const insert = (id: string) =>
      `INSERT INTO message (id, patient_id, author_kind, body, sent_at) VALUES ('${id}', '${patients[1]}', 'patient', 'x', now())`;
    const url = database.options.databaseUrl!;
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await Promise.all([a.connect(), b.connect()]);
    const asQueryable = (client: pg.Client) => ({
      query: async (sql: string, params?: readonly unknown[]) => {
        const result = await client.query(sql, params as unknown[]);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
    });
    // A takes the lower transaction id and commits last.
    await a.query('BEGIN');
    await a.query(insert(first));
    await logChanges(asQueryable(a), [
      { op: 'upsert', entity: 'message', id: first, patientId: patients[1]! },
    ]);
    await b.query('BEGIN');
    await b.query(insert(second));
    await logChanges(asQueryable(b), [
      { op: 'upsert', entity: 'message', id: second, patientId: patients[1]! },
    ]);
    await b.query('COMMIT');
    const during = await pullAll(portal, therapist, cursor);
    // B's row sits above A's still-open transaction: it is held back, and the cursor with it.
    expect(during.changes).toEqual([]);
    await a.query('COMMIT');
    await Promise.all([a.end(), b.end()]);
    const after = await pullUntil(portal, therapist, during.cursor, (got) => got.length >= 2);
    expect(after.changes.map((c) => c.record?.id)).toEqual(expect.arrayContaining([first, second]));
  });

  it('2. reassignment brings the whole history to the new therapist and drops it for the old one', async () => {
    const lead = await portal.login('teamleder');
    const other = await portal.login('terapeut2');
    const mine = await pullAll(portal, therapist);
    const theirs = await pullAll(portal, other);
    const patientId = patients[2]!;
    expect(theirs.changes.some((c) => c.entity === 'patient' && c.record.id === patientId)).toBe(false);

    const enrolment = await portal.db.query<{ id: string }>(
      "SELECT id FROM enrolment WHERE patient_id = $1 AND status = 'active'",
      [patientId],
    );
    const assign = await portal.call('POST', `/api/v1/team/enrolments/${enrolment.rows[0]!.id}/assign`, {
      token: lead,
      body: { therapistId: await principalId(portal.db, 'terapeut2') },
    });
    expect(assign.status).toBe(200);

    const gained = await pullUntil(portal, other, theirs.cursor, (got) =>
      got.some((c) => c.record?.id === patientId),
    );
    const messages = await count(portal.db, 'message WHERE patient_id = $1', [patientId]);
    expect(gained.changes.filter((c) => c.entity === 'patient' && c.record.id === patientId)).toHaveLength(1);
    expect(
      gained.changes.filter((c) => c.entity === 'message' && c.record.patientId === patientId),
    ).toHaveLength(messages);
    expect(
      gained.changes.find((c) => c.entity === 'enrolment' && c.record.patientId === patientId)?.record
        .therapistId,
    ).toBe(await principalId(portal.db, 'terapeut2'));

    const lost = await pullUntil(portal, therapist, mine.cursor, (got) =>
      got.some((c) => c.op === 'drop-patient'),
    );
    expect(lost.changes).toContainEqual({ op: 'drop-patient', patientId });
    expect(lost.changes.some((c) => c.op === 'upsert' && c.record.patientId === patientId)).toBe(false);
  });

  it.each([
    ['within one pull page', undefined, 13],
    ['across pull pages', 1, 14],
  ])(
    "2. a patient reassigned away and back between two pulls, %s: the therapist's cache holds exactly the portal's records",
    async (_name, limit, patientNo) => {
      const lead = await portal.login('teamleder');
      const other = await portal.login('terapeut2');
      const patientId = patients[patientNo]!;
      const cache = openTherapistCache();
      try {
        const initial = await pullAll(portal, therapist);
        cache.apply(initial.changes);
        const enrolment = await portal.db.query<{ id: string }>(
          "SELECT id FROM enrolment WHERE patient_id = $1 AND status = 'active'",
          [patientId],
        );
        const assign = async (username: string) => {
          const response = await portal.call(
            'POST',
            `/api/v1/team/enrolments/${enrolment.rows[0]!.id}/assign`,
            { token: lead, body: { therapistId: await principalId(portal.db, username) } },
          );
          expect(response.status).toBe(200);
        };
        const send = async (token: string) => {
          const mutation = message(patientId);
          const response = await portal.call('POST', '/api/v1/sync/push', {
            token,
            body: { mutations: [mutation] },
          });
          expect(response.body.results[0].status).toBe('applied');
          return mutation.payload.messageId;
        };

        // Written before the patient leaves, while away (by the colleague), and after coming back.
        const written: string[] = [await send(therapist)];
        await assign('terapeut2');
        written.push(await send(other));
        await assign('terapeut1');
        written.push(await send(therapist));

        const portalRecords = async () =>
          recordsOfPatient((await pullAll(portal, therapist)).changes, patientId);
        const delta = await pullUntil(
          portal,
          therapist,
          initial.cursor,
          (got) => written.every((id) => got.some((c) => c.record?.id === id)),
          limit,
        );
        cache.apply(delta.changes);
        const expected = await portalRecords();
        expect(expected.filter((r) => r.entity === 'message' && written.includes(r.record.id))).toHaveLength(
          3,
        );
        expect(cache.recordsOf(patientId)).toEqual(expected);
      } finally {
        await cache.close();
      }
    },
  );

  it('3. a retried push is applied once and a rejected mutation does not block the rest', async () => {
    const valid = message(patients[3]!);
    const stranger = (await patientsOf(portal.db, 'terapeut3'))[0]!;
    const batch = [
      valid,
      { id: randomUUID(), type: 'message.send', payload: { patientId: patients[3], body: 'no id' } },
      message(stranger),
      { id: randomUUID(), type: 'flag.acknowledge', payload: { flagId: randomUUID(), note: 'ringt' } },
      {
        id: randomUUID(),
        type: 'note.add',
        payload: { noteId: randomUUID(), patientId: patients[3], body: 'Notat.' },
      },
    ];
    const first = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: batch },
    });
    const results = PushResponse.parse(first.body).results;
    expect(results.map((r) => (r.status === 'applied' ? 'applied' : r.code))).toEqual([
      'applied',
      'invalid',
      'not-found',
      'not-found',
      'applied',
    ]);
    await expectRetryChangesNothing(batch, first.body, ['message', 'audit_log', 'change_log']);
    expect(await count(portal.db, 'message WHERE id = $1', [valid.payload.messageId])).toBe(1);
  });

  it('3. concurrent duplicates of one mutation apply it once', async () => {
    const mutation = message(patients[4]!);
    const responses = await Promise.all(
      [1, 2, 3].map(() =>
        portal.call('POST', '/api/v1/sync/push', { token: therapist, body: { mutations: [mutation] } }),
      ),
    );
    for (const response of responses) expect(response.body.results[0].status).toBe('applied');
    expect(await count(portal.db, 'message WHERE id = $1', [mutation.payload.messageId])).toBe(1);
  });

  it('3. text with control characters, or data the database refuses, rejects that mutation only, the same on retry', async () => {
    const note = (body: string) => ({
      id: randomUUID(),
      type: 'note.add',
      payload: { noteId: randomUUID(), patientId: patients[10], body },
    });
    // A constraint the schema does not know of stands for any data the database refuses (SQLSTATE 23).
    await portal.db.query(
      "ALTER TABLE clinical_note ADD CONSTRAINT test_refused CHECK (body <> 'Avvist av databasen.')",
    );
    try {
      const good = message(patients[10]!);
      const batch = [note('Nul\u0000tegn'), note('Avvist av databasen.'), good];
      const first = await portal.call('POST', '/api/v1/sync/push', {
        token: therapist,
        body: { mutations: batch },
      });
      expect(first.status).toBe(200);
      expect(first.body.results.map((r: any) => r.code ?? r.status)).toEqual([
        'invalid',
        'invalid',
        'applied',
      ]);
      await expectRetryChangesNothing(batch, first.body, ['clinical_note', 'change_log']);
      expect(await count(portal.db, 'message WHERE id = $1', [good.payload.messageId])).toBe(1);
      expect(await count(portal.db, "clinical_note WHERE body = 'Avvist av databasen.'")).toBe(0);
    } finally {
      await portal.db.query('ALTER TABLE clinical_note DROP CONSTRAINT test_refused');
    }
  });

  it('3. a mutation that fails after writing is rolled back to its savepoint: nothing of it remains', async () => {
    const note = (patientId: string, body: string) => ({
      id: randomUUID(),
      type: 'note.add',
      payload: { noteId: randomUUID(), patientId, body },
    });
    const traces = async ({ payload }: ReturnType<typeof note>) => ({
      notes: await count(portal.db, 'clinical_note WHERE id = $1', [payload.noteId]),
      changes: await count(portal.db, 'change_log WHERE entity_id = $1', [payload.noteId]),
      audit: await count(portal.db, 'audit_log WHERE patient_id = $1', [payload.patientId]),
    });

    // A handler that writes its note, change-log row and audit row, then rejects the mutation.
    const realAddNote = mutationHandlers['note.add'];
    const rejectsLate = note(patients[15]!, 'Skrevet, så avvist.');
    const spy = vi.spyOn(mutationHandlers, 'note.add').mockImplementationOnce(async (tx, caller, payload) => {
      await realAddNote(tx, caller, payload);
      throw new CareError('conflict', 'refused after writing');
    });
    // The database refusing the last write of a mutation (its audit row) after the others succeeded.
    const refusedLate = note(patients[16]!, 'Avvist ved revisjonsloggen.');
    await portal.db.query(
      `ALTER TABLE audit_log ADD CONSTRAINT test_refused CHECK (resource <> 'clinicalNote' OR patient_id <> '${patients[16]}')`,
    );
    const before = await Promise.all([rejectsLate, refusedLate].map(traces));
    try {
      const after = message(patients[17]!);
      const batch = [rejectsLate, refusedLate, after];
      const first = await portal.call('POST', '/api/v1/sync/push', {
        token: therapist,
        body: { mutations: batch },
      });
      expect(first.status).toBe(200);
      expect(first.body.results.map((r: any) => r.code ?? r.status)).toEqual([
        'conflict',
        'invalid',
        'applied',
      ]);
      expect(await Promise.all([rejectsLate, refusedLate].map(traces))).toEqual(before);
      expect(await count(portal.db, 'message WHERE id = $1', [after.payload.messageId])).toBe(1);
      await expectRetryChangesNothing(batch, first.body, ['clinical_note', 'change_log', 'audit_log']);
    } finally {
      spy.mockRestore();
      await portal.db.query('ALTER TABLE audit_log DROP CONSTRAINT test_refused');
    }
  });

  it('3. stored push results are pruned after the retention window; a replay is then judged afresh', async () => {
    const mutation = message(patients[11]!);
    await portal.call('POST', '/api/v1/sync/push', { token: therapist, body: { mutations: [mutation] } });
    expect(await pruneMutationResults(portal.db, 30)).toBe(0);
    await portal.db.query(
      "UPDATE mutation_result SET created_at = created_at - interval '31 days' WHERE mutation_id = $1",
      [mutation.id],
    );
    expect(await pruneMutationResults(portal.db, 30)).toBe(1);
    expect(await count(portal.db, 'mutation_result WHERE mutation_id = $1', [mutation.id])).toBe(0);
    // The record id still guards against a second message: the late replay is a conflict.
    const replay = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [mutation] },
    });
    expect(replay.body.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect(await count(portal.db, 'message WHERE id = $1', [mutation.payload.messageId])).toBe(1);
  });

  it('3. flags follow the shared lifecycle: resolve needs an acknowledgement first; a repeat is a conflict', async () => {
    const flagId = randomUUID();
    const op = (type: string, payload: object) => ({ id: randomUUID(), type, payload });
    const response = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: {
        mutations: [
          op('flag.raise', {
            flagId,
            patientId: patients[9],
            severity: 'risk',
            note: 'Bekymret etter telefon.',
          }),
          op('flag.resolve', { flagId }),
          op('flag.acknowledge', { flagId, note: 'Ringte, avtalt time.' }),
          op('flag.acknowledge', { flagId, note: 'Igjen.' }),
          op('flag.resolve', { flagId, note: 'Bedre nå.' }),
        ],
      },
    });
    expect(response.body.results.map((r: any) => r.code ?? r.status)).toEqual([
      'applied',
      'conflict',
      'applied',
      'conflict',
      'applied',
    ]);
    const { changes } = await pullAll(portal, therapist, (await pullAll(portal, therapist)).cursor);
    expect(changes).toEqual([]);
    const flag = await portal.db.query(
      'SELECT status, acknowledge_note, resolve_note FROM flag WHERE id = $1',
      [flagId],
    );
    expect(flag.rows[0]).toEqual({
      status: 'resolved',
      acknowledge_note: 'Ringte, avtalt time.',
      resolve_note: 'Bedre nå.',
    });
  });

  it('4. the server sets the time: a client-supplied timestamp is refused, server time is used', async () => {
    const forged = message(patients[5]!);
    const withClock = { ...forged, payload: { ...forged.payload, sentAt: '2001-01-01T00:00:00Z' } };
    const rejected = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [withClock] },
    });
    expect(rejected.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
    const before = Date.now();
    await portal.call('POST', '/api/v1/sync/push', { token: therapist, body: { mutations: [forged] } });
    const stored = await portal.db.query<{ sent_at: Date }>('SELECT sent_at FROM message WHERE id = $1', [
      forged.payload.messageId,
    ]);
    expect(stored.rows[0]!.sent_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('5. a pull after a push is applied serves the mutation effect, never an older version of the record', async () => {
    const { cursor } = await pullAll(portal, therapist);
    // A patient message arrives after the cursor; then the workstation marks it read.
    const arrived = randomUUID();
    await portal.db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO message (id, patient_id, author_kind, body, sent_at) VALUES ($1, $2, 'patient', 'Hjelp?', now())",
        [arrived, patients[6]],
      );
      await logChanges(tx, [{ op: 'upsert', entity: 'message', id: arrived, patientId: patients[6]! }]);
    });
    const read = {
      id: randomUUID(),
      type: 'message.markRead',
      payload: { patientId: patients[6], messageIds: [arrived] },
    };
    const sent = message(patients[6]!);
    const pushed = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [read, sent] },
    });
    expect(pushed.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied']);
    // One change per page, so the message's first (unread) log row is served on a page of its own.
    const after = await pullUntil(portal, therapist, cursor, (got) =>
      got.some((c) => c.record?.id === sent.payload.messageId),
    );
    const served = after.changes.filter((c) => c.record?.id === arrived);
    expect(served.length).toBeGreaterThan(0);
    for (const change of served) {
      expect(change.record.readAt).not.toBeNull();
      expect(change.record.answeredAt).not.toBeNull();
    }
    const paged = await pullAll(portal, therapist, cursor, 1);
    const pagedServed = paged.changes.filter((c) => c.record?.id === arrived);
    expect(pagedServed.length).toBeGreaterThan(0);
    expect(pagedServed.every((c) => c.record.readAt !== null && c.record.answeredAt !== null)).toBe(true);
  });

  it('1. a write landing in the middle of a multi-page initial pull is delivered', async () => {
    const first = await portal.call('POST', '/api/v1/sync/pull', {
      token: therapist,
      body: { cursor: null, limit: 50 },
    });
    expect(first.body.hasMore).toBe(true);
    const delivered = first.body.changes
      .filter((c: any) => c.entity === 'patient')
      .map((c: any) => c.record.id);
    expect(delivered.length).toBeGreaterThan(0);
    // One write to a patient already delivered, one to a patient still to come.
    const behind = message(delivered[0]);
    const ahead = message(patients.at(-1)!);
    expect(delivered).not.toContain(patients.at(-1));
    const pushed = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [behind, ahead] },
    });
    expect(pushed.body.results.map((r: any) => r.status)).toEqual(['applied', 'applied']);
    const rest = await pullUntil(portal, therapist, first.body.cursor, (got) =>
      [behind, ahead].every((m) => got.some((c) => c.record?.id === m.payload.messageId)),
    );
    for (const m of [behind, ahead]) {
      expect(rest.changes.find((c) => c.record?.id === m.payload.messageId)?.record.body).toBe(
        m.payload.body,
      );
    }
  });

  it('6. a cursor the server cannot serve answers resync; a forged one is a 400', async () => {
    const { cursor } = await pullAll(portal, therapist);
    const decoded = decodeCursor(cursor!)!;
    const foreign = encodeCursor({ ...decoded, epoch: randomUUID() });
    const resync = await portal.call('POST', '/api/v1/sync/pull', {
      token: therapist,
      body: { cursor: foreign },
    });
    expect(resync.body).toMatchObject({ kind: 'resync' });

    // Pruned history: a cursor older than the retained log cannot be served.
    await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [message(patients[7]!)] },
    });
    const kept = await count(portal.db, 'change_log');
    expect(await pruneChangeLog(portal.db, 30)).toBe(0);
    await portal.db.query("UPDATE change_log SET at = at - interval '31 days'");
    // The push's rows may still sit above the horizon behind a transaction open elsewhere on the
    // server (autovacuum, say), and only rows below it are pruned: prune until all have gone.
    let pruned = 0;
    for (const deadline = Date.now() + 30_000; pruned < kept && Date.now() < deadline;) {
      pruned += await pruneChangeLog(portal.db, 30);
      if (pruned < kept) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pruned).toBe(kept);
    const stale = await portal.call('POST', '/api/v1/sync/pull', { token: therapist, body: { cursor } });
    expect(stale.body).toMatchObject({ kind: 'resync', reason: 'cursor older than the change log retains' });
    // A fresh sync works again from the pruned log.
    expect((await pullAll(portal, therapist)).resync).toBeNull();

    // A cursor ahead of the database (restored from a dump onto a server with lower transaction ids).
    const fresh = decodeCursor((await pullAll(portal, therapist)).cursor!)!;
    const xmax = (
      await portal.db.query<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax')
    ).rows[0]!.xmax;
    const ahead = (BigInt(xmax) + 1000n).toString();
    for (const future of [
      { epoch: fresh.epoch, phase: 'log' as const, txid: ahead, seq: '0' },
      { epoch: fresh.epoch, phase: 'snapshot' as const, xmin: ahead, after: null },
    ]) {
      const response = await portal.call('POST', '/api/v1/sync/pull', {
        token: therapist,
        body: { cursor: encodeCursor(future) },
      });
      expect(response.body).toEqual({ kind: 'resync', reason: 'cursor ahead of this database' });
    }
    expect((await pullAll(portal, therapist, encodeCursor(fresh))).resync).toBeNull();

    const forged = await portal.call('POST', '/api/v1/sync/pull', {
      token: therapist,
      body: { cursor: 'bm90LWEtY3Vyc29y' },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('invalid_cursor');
  });

  it('7. a commit nudges the subscribed workstation over server-sent events', async () => {
    // How bursts coalesce depends on commit timing: nudge.test.ts checks it on a fake clock.
    const url = await portal.listen();
    const events = await subscribe(`${url}/api/v1/sync/events`, therapist);
    try {
      await events.next(); // on connect: pull now
      await portal.call('POST', '/api/v1/sync/push', {
        token: therapist,
        body: { mutations: [message(patients[8]!)] },
      });
      await events.next();
    } finally {
      events.close();
    }
  });

  it("7. a nudge names only the staff who may see the change, never another therapist or another team's lead", async () => {
    const clinicId = (await portal.db.query<{ id: string }>('SELECT id FROM clinic')).rows[0]!.id;
    const [otherTeam, otherLead] = [randomUUID(), randomUUID()];
    await portal.db.query("INSERT INTO team (id, clinic_id, name) VALUES ($1, $2, 'Team Øst')", [
      otherTeam,
      clinicId,
    ]);
    await portal.db.query(
      "INSERT INTO staff (id, display_name, role) VALUES ($1, 'Leder Øst', 'team_lead')",
      [otherLead],
    );
    await portal.db.query('INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $2)', [
      otherLead,
      otherTeam,
    ]);
    const notified: string[] = [];
    await portal.db.listen(NUDGE_CHANNEL, (payload) => notified.push(payload));

    const sent = message(patients[18]!);
    await portal.call('POST', '/api/v1/sync/push', { token: therapist, body: { mutations: [sent] } });
    await waitFor('the nudge of the push', () => notified.length > 0);

    const recipients = JSON.parse(notified[0]!) as string[];
    expect([...recipients].sort()).toEqual(
      [await principalId(portal.db, 'terapeut1'), await principalId(portal.db, 'teamleder')].sort(),
    );
    expect(recipients).not.toContain(await principalId(portal.db, 'terapeut2'));
    expect(recipients).not.toContain(otherLead);
  });

  it('7. the event stream ends at logout, and when the access token that opened it expires', async () => {
    const url = await portal.listen();
    const token = await portal.login('terapeut1');
    const events = await subscribe(`${url}/api/v1/sync/events`, token);
    await events.next();
    expect((await portal.call('POST', '/api/v1/auth/logout', { token })).status).toBe(200);
    await events.ended();

    const expiring = await portal.login('terapeut1');
    // The session's access token runs out a few seconds after the stream opens: long enough for
    // the stream to open on a loaded machine, and the stream must end then, not at its usual hour.
    await portal.db.query(
      "UPDATE session SET access_expires_at = now() + interval '4 seconds' WHERE access_expires_at = (SELECT max(access_expires_at) FROM session)",
    );
    const short = await subscribe(`${url}/api/v1/sync/events`, expiring);
    await short.next();
    await short.ended();
  });

  it('6. a caller whose changes wait behind a long-open transaction is told how long (postgres)', async ({
    skip,
  }) => {
    skip(backend !== 'postgres', ONE_CONNECTION);
    const { cursor } = await pullAll(portal, therapist);
    const blocker = new pg.Client({ connectionString: database.options.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      const pushed = await portal.call('POST', '/api/v1/sync/push', {
        token: therapist,
        body: { mutations: [message(patients[12]!)] },
      });
      expect(pushed.body.results[0].status).toBe('applied');
      // As if the change had been waiting for a minute.
      await portal.db.query(
        "UPDATE change_log SET at = at - interval '60 seconds' WHERE txid >= pg_snapshot_xmin(pg_current_snapshot())",
      );
      const caller = {
        principal: {
          id: await principalId(portal.db, 'terapeut1'),
          kind: 'staff' as const,
          role: 'therapist' as const,
          displayName: 'x',
          sessionId: randomUUID(),
        },
        requestId: 'test',
      };
      const epoch = decodeCursor(cursor!)!.epoch;
      const held = await pull(portal.db, caller, epoch, decodeCursor(cursor!));
      expect(held.response).toMatchObject({ kind: 'changes', changes: [] });
      expect(held.heldBackSeconds).toBeGreaterThanOrEqual(59);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });
});

describe.runIf(postgresUrl)('nudges across instances on postgres', () => {
  it('7. a write on instance A nudges a workstation connected to instance B', async () => {
    const database = await freshDatabase('postgres');
    const a = await openPortal(database);
    const b = await openPortal(database, { seed: false });
    try {
      const token = await b.login('terapeut1');
      const patientId = (await patientsOf(a.db, 'terapeut1'))[0]!;
      const events = await subscribe(`${await b.listen()}/api/v1/sync/events`, token);
      await events.next();
      const tokenA = await a.login('terapeut1');
      await a.call('POST', '/api/v1/sync/push', { token: tokenA, body: { mutations: [message(patientId)] } });
      await events.next();
      events.close();
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});

type CachedRecord = { entity: string; record: { id: string } & Record<string, unknown> };
const byKey = (a: CachedRecord, b: CachedRecord) =>
  `${a.entity}:${a.record.id}`.localeCompare(`${b.entity}:${b.record.id}`);

/** The patient's records among pulled changes (a fresh initial pull: the portal's current state). */
function recordsOfPatient(changes: any[], patientId: string): CachedRecord[] {
  return changes
    .filter(
      (c) => c.op === 'upsert' && (c.entity === 'patient' ? c.record.id : c.record.patientId) === patientId,
    )
    .map((c) => ({ entity: c.entity, record: c.record }))
    .sort(byKey);
}

/** A therapist's real encrypted workstation cache, fed pulled changes as the sync engine feeds it. */
function openTherapistCache() {
  const dir = mkdtempSync(join(tmpdir(), 'portal-sync-cache-'));
  const { cache, db } = openEncryptedWithHandle(join(dir, 'cache.sqlite'), randomBytes(32));
  let pages = 0;
  return {
    apply: (changes: Change[]) => cache.synced.applyPage(changes, `cursor-${++pages}`),
    recordsOf: (patientId: string): CachedRecord[] =>
      entityKinds
        .filter((kind) => entitySpecs[kind].patientField !== null)
        .flatMap((kind) =>
          (
            db.prepare(`SELECT json FROM ${entitySpecs[kind].table} WHERE patient_id = ?`).all(patientId) as {
              json: string;
            }[]
          ).map((row) => ({ entity: kind, record: JSON.parse(row.json) })),
        )
        .sort(byKey),
    async close() {
      await cache.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal server-sent-events client: next() waits for the next `pull` event. */
async function subscribe(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let received = 0;
  let consumed = 0;
  const waiters: (() => void)[] = [];
  let markEnded: () => void = () => undefined;
  const endedNow = new Promise<void>((resolve) => (markEnded = resolve));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return markEnded();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          if (buffer.slice(0, end).includes('event: pull')) {
            received++;
            waiters.shift()?.();
          }
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    async next() {
      if (received > consumed) {
        consumed++;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no nudge within 15 s')), 15_000);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      consumed++;
    },
    /** Resolves when the server ends the stream; fails the test after 15 s. */
    ended: () =>
      Promise.race([
        endedNow,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('stream still open after 15 s')), 15_000).unref(),
        ),
      ]),
    close: () => controller.abort(),
  };
}
