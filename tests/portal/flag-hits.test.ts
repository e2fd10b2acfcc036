/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, flagHitsView, localDateOf, PROGRAMME_WEEKS } from '../../src/shared/clinical/index';
import { Flag } from '../../src/shared/contracts/domain';
import { NUDGE_CHANNEL } from '../../src/portal/data/changes';
import {
  eachBackend,
  freshDatabase,
  openPortal,
  phq9,
  principalId,
  pullAll,
  pullUntil,
  type Database,
  type TestPortal,
} from './harness';
import { waitFor } from '../main/core/sync/support/wait';

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
    // Week 1 today, so the weeks the tests let pass stay inside the programme.
    const today = localDateOf(new Date());
    await portal.db.query(
      `UPDATE enrolment SET start_date = $2, planned_end_date = $3 WHERE patient_id = $1 AND status = 'active'`,
      [patientId, today, addDays(today, 7 * PROGRAMME_WEEKS)],
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

  const push = (type: string, payload: unknown) =>
    portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [{ id: randomUUID(), type, payload }] },
    });

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

  it('reopens an acknowledged flag on an answer worse than any the acknowledgement saw, keeping who acknowledged', async () => {
    const [flag] = await item9Flags();
    expect(flag!.hits.map((hit: any) => hit.value)).toEqual([2]);
    const note = 'Ringte, sikkerhetsplan avtalt.';
    await push('flag.acknowledge', { flagId: flag!.id, note });
    // The same answer again: recorded, no alarm; the clinician is already following it up.
    await nextWeek();
    await answerItem9(2);
    const [same] = await item9Flags();
    expect(same).toMatchObject({ id: flag!.id, status: 'acknowledged' });
    const { cursor } = await pullAll(portal, therapist);

    await nextWeek();
    notified.length = 0;
    const worse = await answerItem9(3);
    const [reopened] = await item9Flags();
    expect(reopened).toMatchObject({ id: flag!.id, status: 'open' });
    expect(reopened!.hits.map((hit: any) => hit.value)).toEqual([2, 2, 3]);
    await waitFor("the therapist's nudge", () => notified.flat().includes(therapistId));
    const pulled = await pulledFlag(cursor, flag!.id, 3);
    expect(pulled).toMatchObject({ status: 'open', acknowledgedBy: therapistId, acknowledgeNote: note });
    expect(pulled.hits.at(-1)).toMatchObject({ responseId: worse.id, week: worse.week, value: 3 });
    const audited = await portal.db.query<{ actor_id: string }>(
      "SELECT actor_id FROM audit_log WHERE patient_id = $1 AND action = 'reopen' AND resource = 'flag'",
      [patientId],
    );
    expect(audited.rows).toEqual([{ actor_id: patientId }]);

    // Acknowledged again, it covers the 3: a later 3 stays acknowledged.
    await push('flag.acknowledge', { flagId: flag!.id, note: 'Ny samtale, fastlege varslet.' });
    await nextWeek();
    await answerItem9(3);
    const [again] = await item9Flags();
    expect(again).toMatchObject({ id: flag!.id, status: 'acknowledged' });
    expect(again!.hits.map((hit: any) => hit.value)).toEqual([2, 2, 3, 3]);
  });

  it('refuses an acknowledgement written before a newer answer arrived, so it cannot cover that answer', async () => {
    const [current] = await item9Flags();
    await push('flag.resolve', { flagId: current!.id });
    await nextWeek();
    await answerItem9(2);
    const [flag] = await item9Flags();
    expect(flag!.hits).toHaveLength(1);
    // The therapist reads the one answer and acknowledges it offline; meanwhile the patient answers 3.
    await nextWeek();
    await answerItem9(3);
    const stale = await push('flag.acknowledge', { flagId: flag!.id, note: 'Ringte.', seenHits: 1 });
    expect(stale.body.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect((await item9Flags())[0]).toMatchObject({ id: flag!.id, status: 'open' });

    // Acknowledged having seen both answers: accepted.
    const seen = await push('flag.acknowledge', { flagId: flag!.id, note: 'Ringte igjen.', seenHits: 2 });
    expect(seen.body.results[0].status).toBe('applied');
    expect((await item9Flags())[0]).toMatchObject({ id: flag!.id, status: 'acknowledged' });
  });
});
