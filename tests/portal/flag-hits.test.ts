/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { flagHitsView, instruments } from '../../src/shared/clinical/index';
import { Flag } from '../../src/shared/contracts/domain';
import { NUDGE_CHANNEL } from '../../src/portal/data/changes';
import {
  eachBackend,
  freshDatabase,
  openPortal,
  principalId,
  pullAll,
  pullUntil,
  type Database,
  type TestPortal,
} from './harness';
import { waitFor } from '../main/core/sync/support/wait';

const phq9 = (item9: number) =>
  Object.fromEntries(
    instruments['phq-9'].items.map((item) => [item.linkId, item.linkId === '9' ? item9 : 0]),
  );

/**
 * Issue 8, section 7: a flag that keeps firing. While a PHQ-9 item 9 flag is unresolved, a later
 * answer that meets the same rule raises no second flag, but is recorded on the flag (every hit,
 * in order), and the flag's change reaches the therapist's pull with a nudge.
 */
eachBackend('a flag that keeps firing, on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let patient: string;
  let patientId: string;
  let therapist: string;
  let therapistId: string;
  const notified: string[][] = [];

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    patient = await portal.login('pasient2');
    patientId = await principalId(portal.db, 'pasient2');
    therapist = await portal.login('terapeut1');
    therapistId = await principalId(portal.db, 'terapeut1');
    await portal.db.listen(NUDGE_CHANNEL, (payload) => notified.push(JSON.parse(payload)));
    // A clean slate: no unresolved flag and no PHQ-9 yet, so only item 9 can raise one.
    await portal.db.query("UPDATE flag SET status = 'resolved' WHERE patient_id = $1", [patientId]);
    await portal.db.query(
      "DELETE FROM questionnaire_response WHERE patient_id = $1 AND instrument_id = 'phq-9'",
      [patientId],
    );
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  /** A week passes: the programme started seven days earlier than it did. */
  const nextWeek = () =>
    portal.db.query(
      `UPDATE enrolment SET start_date = start_date - 7, planned_end_date = planned_end_date - 7
        WHERE patient_id = $1 AND status = 'active'`,
      [patientId],
    );
  const answerItem9 = async (value: number) => {
    const response = await portal.call('POST', '/api/v1/patient/me/questionnaires', {
      token: patient,
      body: { instrumentId: 'phq-9', answers: phq9(value) },
    });
    expect(response.status).toBe(200);
    return response.body.response as { id: string; week: number };
  };
  const item9Flags = async () =>
    (
      await portal.db.query<{ id: string; severity: string; status: string; hits: any[] }>(
        `SELECT id, severity, status, hits FROM flag
          WHERE patient_id = $1 AND reason_code = 'suicidal-thoughts' AND status <> 'resolved'
          ORDER BY raised_at`,
        [patientId],
      )
    ).rows;
  /** The flag as the therapist's next pull carries it once it has `hits` hits. */
  const pulledFlag = async (cursor: string | null, flagId: string, hits: number) => {
    const { changes } = await pullUntil(portal, therapist, cursor, (got) =>
      got.some((c) => c.entity === 'flag' && c.record.id === flagId && c.record.hits.length === hits),
    );
    const change = changes.findLast((c) => c.entity === 'flag' && c.record.id === flagId);
    return Flag.parse(change.record);
  };

  it('records a worse answer on the open flag instead of raising a second one, and tells the therapist', async () => {
    const first = await answerItem9(2);
    const [raised] = await item9Flags();
    expect(raised).toMatchObject({ severity: 'urgent', status: 'open' });
    expect(raised!.hits).toEqual([
      { responseId: first.id, week: first.week, value: 2, severity: 'urgent', at: expect.any(String) },
    ]);
    const { cursor } = await pullAll(portal, therapist);

    await nextWeek();
    notified.length = 0;
    const worse = await answerItem9(3);
    expect(worse.week).toBe(first.week + 1);
    const flags = await item9Flags();
    expect(flags.map((f) => f.id)).toEqual([raised!.id]);
    // The commit named the therapist on the nudge channel (sync.test.ts: a nudge reaches the stream).
    await waitFor("the therapist's nudge", () => notified.flat().includes(therapistId));
    const pulled = await pulledFlag(cursor, raised!.id, 2);
    expect(pulled.hits.map(({ week, value, responseId }) => ({ week, value, responseId }))).toEqual([
      { week: first.week, value: 2, responseId: first.id },
      { week: worse.week, value: 3, responseId: worse.id },
    ]);
    expect(flagHitsView(pulled.hits)).toMatchObject({
      latest: { week: worse.week, value: 3 },
      worsened: true,
    });
    expect(Date.parse(pulled.updatedAt)).toBeGreaterThan(Date.parse(pulled.raisedAt));
  });

  it('records an equal and a lower answer too, so the course stays readable; raises no "risk" flag under the urgent one', async () => {
    const [flag] = await item9Flags();
    const { cursor } = await pullAll(portal, therapist);
    await nextWeek();
    const same = await answerItem9(2);
    await nextWeek();
    const lower = await answerItem9(1);
    const flags = await item9Flags();
    expect(flags.map((f) => f.id)).toEqual([flag!.id]);
    const pulled = await pulledFlag(cursor, flag!.id, 4);
    expect(pulled.hits.slice(2).map(({ week, value, severity }) => ({ week, value, severity }))).toEqual([
      { week: same.week, value: 2, severity: 'urgent' },
      { week: lower.week, value: 1, severity: 'risk' },
    ]);
    expect(flagHitsView(pulled.hits)).toMatchObject({ highest: { value: 3 }, repeats: 3, worsened: false });
  });

  it('records on an acknowledged flag while unresolved; after it is resolved a hit raises a new flag', async () => {
    const [flag] = await item9Flags();
    const push = (type: string, payload: unknown) =>
      portal.call('POST', '/api/v1/sync/push', {
        token: therapist,
        body: { mutations: [{ id: randomUUID(), type, payload }] },
      });
    await push('flag.acknowledge', { flagId: flag!.id, note: 'Ringte pasienten, laget sikkerhetsplan.' });
    await nextWeek();
    await answerItem9(3);
    const [acknowledged] = await item9Flags();
    expect(acknowledged).toMatchObject({ id: flag!.id, status: 'acknowledged' });
    expect(acknowledged!.hits.map((hit: any) => hit.value)).toEqual([2, 3, 2, 1, 3]);

    await push('flag.resolve', { flagId: flag!.id });
    await nextWeek();
    const again = await answerItem9(2);
    const [fresh] = await item9Flags();
    expect(fresh!.id).not.toBe(flag!.id);
    expect(fresh!.hits).toEqual([expect.objectContaining({ responseId: again.id, value: 2 })]);
  });
});
