import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPatientDetail } from '../../../../src/main/core/workstation/views/patient-detail';
import { readQueue } from '../../../../src/main/core/workstation/views/queue';
import { randomUUID } from 'node:crypto';
import {
  addDays,
  FOLLOW_UP_WEEK,
  flagHitsView,
  localDateOf,
  PROGRAMME_WEEKS,
} from '../../../../src/shared/clinical';
import {
  freshDatabase,
  openPortal,
  phq9,
  principalId,
  type Database,
  type TestPortal,
} from '../../../portal/harness';
import { Teardown, credentials, newEngine, newStore } from './support/harness';
import { waitFor } from './support/wait';

/**
 * Issue 8 section 7 and issue 10's follow-up, through the real sync into the real encrypted cache:
 * a repeat hit on an open flag reaches the therapist's PatientDetail.flags on the portal's nudge
 * (the timer is ten minutes away), and a follow-up answered after the end reaches the queue and
 * the score series like a week's questionnaire.
 */

let database: Database;
let portal: TestPortal;
let url: string;
const teardown = new Teardown();

beforeAll(async () => {
  database = await freshDatabase('pglite');
  portal = await openPortal(database);
  url = await portal.listen();
  // A clean slate for pasient2: no unresolved flag and no PHQ-9, so only item 9 raises one.
  const patientId = await principalId(portal.db, 'pasient2');
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
}, 120_000);
afterAll(async () => {
  await portal.close();
  await database.drop();
});
afterEach(() => teardown.run());

async function liveTherapist() {
  const engine = newEngine(teardown, url, { nudges: true, pollIntervalMs: 600_000 });
  const principal = await engine.signIn(credentials('terapeut1'));
  const { cache, store } = newStore(teardown);
  engine.start(store);
  await waitFor('initial sync', () => engine.status().lastSyncAt, 60_000);
  await waitFor('nudge stream', () => engine.status().live, 15_000);
  return { cache, therapistId: principal.id };
}

/** A week passes: the programme started seven days earlier than it did. */
const nextWeek = (patientId: string) =>
  portal.db.query(
    `UPDATE enrolment SET start_date = start_date - 7, planned_end_date = planned_end_date - 7
      WHERE patient_id = $1 AND status = 'active'`,
    [patientId],
  );

const answer = async (username: string, answers: Record<string, number>) => {
  const token = await portal.login(username);
  const response = await portal.call('POST', '/api/v1/patient/me/questionnaires', {
    token,
    body: { instrumentId: 'phq-9', answers },
  });
  expect(response.status).toBe(200);
  return response.body.response as { id: string; week: number };
};

describe('through the sync into the workstation cache', () => {
  it('a worse, then a lower answer on an open flag reach PatientDetail.flags on the nudge, each as a hit', async () => {
    const { cache } = await liveTherapist();
    const patientId = await principalId(portal.db, 'pasient2');
    const flagOf = (responseId: string) =>
      readPatientDetail(cache, patientId, new Date()).flags.find(
        (f) => f.source.kind === 'questionnaire' && f.source.responseId === responseId,
      );

    const first = await answer('pasient2', phq9(2));
    const raised = await waitFor('the urgent flag in the cache', () => flagOf(first.id));
    expect(raised).toMatchObject({
      severity: 'urgent',
      status: 'open',
      hits: [{ week: first.week, value: 2 }],
    });

    const withHits = (count: number) =>
      waitFor(`${count} hits in the cache`, () => {
        const flag = flagOf(first.id);
        return flag && flag.hits.length === count ? flag : null;
      });

    // A week passes; the answer is worse. No new flag: the open one records it.
    await nextWeek(patientId);
    const worse = await answer('pasient2', phq9(3));
    const updated = await withHits(2);
    expect(updated.hits.map(({ week, value }) => ({ week, value }))).toEqual([
      { week: first.week, value: 2 },
      { week: worse.week, value: 3 },
    ]);
    expect(flagHitsView(updated.hits)).toMatchObject({ latest: { value: 3 }, worsened: true });

    // And a lower one the week after: recorded too, the peak kept in view.
    await nextWeek(patientId);
    const lower = await answer('pasient2', phq9(1));
    const course = await withHits(3);
    expect(course.hits.at(-1)).toMatchObject({ week: lower.week, value: 1, severity: 'risk' });
    expect(flagHitsView(course.hits)).toMatchObject({ highest: { value: 3 }, worsened: false });
    const flags = readPatientDetail(cache, patientId, new Date()).flags;
    expect(flags.filter((f) => f.reasonCode === 'suicidal-thoughts' && f.status === 'open')).toHaveLength(1);
  });

  it('a worse answer on an acknowledged flag reopens it and puts the patient back among the urgent, though marked done', async () => {
    const { cache, therapistId } = await liveTherapist();
    const patientId = await principalId(portal.db, 'pasient2');
    const therapist = await portal.login('terapeut1');
    const push = async (type: string, payload: unknown) => {
      const pushed = await portal.call('POST', '/api/v1/sync/push', {
        token: therapist,
        body: { mutations: [{ id: randomUUID(), type, payload }] },
      });
      expect(pushed.body.results).toEqual([expect.objectContaining({ status: 'applied' })]);
    };
    const queued = () => readQueue(cache, therapistId, new Date()).items;
    const itemOf = () => queued().find((i) => i.patientId === patientId)!;
    const flagOf = (responseId: string) =>
      readPatientDetail(cache, patientId, new Date()).flags.find(
        (f) => f.source.kind === 'questionnaire' && f.source.responseId === responseId,
      );
    // The earlier test's flag is closed: acknowledged and resolved.
    for (const flag of readPatientDetail(cache, patientId, new Date()).flags) {
      if (flag.status === 'open') await push('flag.acknowledge', { flagId: flag.id, note: 'Ringt.' });
      if (flag.status !== 'resolved') await push('flag.resolve', { flagId: flag.id });
    }
    await nextWeek(patientId);
    const first = await answer('pasient2', phq9(2));
    const raised = await waitFor('the new urgent flag', () => flagOf(first.id));
    await push('flag.acknowledge', { flagId: raised.id, note: 'Ringte, sikkerhetsplan avtalt.' });
    await waitFor('the acknowledged flag', () => flagOf(first.id)?.status === 'acknowledged');
    // A week on, the therapist has marked the patient done for the round: they sink to the done.
    await nextWeek(patientId);
    const week = itemOf().programmeWeek as number;
    cache.local.setRound(patientId, week, { status: 'done', at: new Date().toISOString() });
    expect(itemOf()).toMatchObject({ bucket: 'done', openFlags: { urgent: 0 } });

    // Then the patient answers 3, worse than the 2 the acknowledgement covered.
    await answer('pasient2', phq9(3));
    const reopened = await waitFor('the reopened flag', () =>
      flagOf(first.id)?.status === 'open' ? flagOf(first.id) : null,
    );
    expect(reopened.hits.map((hit) => hit.value)).toEqual([2, 3]);
    const items = queued();
    const index = items.findIndex((i) => i.patientId === patientId);
    expect(items[index]).toMatchObject({ bucket: 'urgent-flag', openFlags: { urgent: 1 } });
    expect(items.slice(0, index).every((i) => i.bucket === 'urgent-flag')).toBe(true);
  });

  it('a follow-up answered after the end reaches the queue and the score series', async () => {
    const { cache, therapistId } = await liveTherapist();
    const patientId = await principalId(portal.db, 'oppfolging1');
    expect(readQueue(cache, therapistId, new Date()).items.some((i) => i.patientId === patientId)).toBe(
      false,
    );

    const followUp = await answer('oppfolging1', phq9(0));
    expect(followUp.week).toBe(FOLLOW_UP_WEEK);
    const item = await waitFor('the follow-up in the queue', () =>
      readQueue(cache, therapistId, new Date()).items.find((i) => i.patientId === patientId),
    );
    expect(item).toMatchObject({
      bucket: 'follow-up',
      programmeWeek: 'ended',
      reasons: [{ code: 'follow-up' }],
    });
    const detail = readPatientDetail(cache, patientId, new Date());
    expect(detail.enrolment?.status).toBe('completed');
    expect(detail.scoreSeries.find((s) => s.instrumentId === 'phq-9')!.points.at(-1)).toMatchObject({
      responseId: followUp.id,
      week: FOLLOW_UP_WEEK,
    });
  });
});
