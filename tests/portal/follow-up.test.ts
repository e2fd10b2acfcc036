/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  FOLLOW_UP_WEEK,
  PROGRAMME_INSTRUMENTS,
  addDays,
  followUpDate,
  localDateOf,
} from '../../src/shared/clinical/index';
import { Enrolment, QuestionnaireResponse } from '../../src/shared/contracts/domain';
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

/**
 * Issue 10, after the end: at the planned follow-up (the planned end + FOLLOW_UP_MONTHS) the
 * patient answers the programme's questionnaires once more, as week FOLLOW_UP_WEEK; the result
 * reaches the therapist like a weekly one, flags included. Not offered before its date.
 */
eachBackend('the follow-up after the end, on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let patient: string;
  let therapist: string;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    patient = await portal.login('oppfolging1');
    therapist = await portal.login('terapeut1');
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  const due = (token: string) => portal.call('GET', '/api/v1/patient/me/questionnaires', { token });
  const submit = (token: string, instrumentId: string, answers: unknown) =>
    portal.call('POST', '/api/v1/patient/me/questionnaires', { token, body: { instrumentId, answers } });

  it("offers the demo patient's programme questionnaires as the follow-up, once the date has come", async () => {
    const { changes } = await pullAll(portal, therapist);
    const patientId = await principalId(portal.db, 'oppfolging1');
    const enrolment = Enrolment.parse(
      changes.find((c) => c.entity === 'enrolment' && c.record.patientId === patientId).record,
    );
    expect(enrolment.status).toBe('completed');
    expect(followUpDate(enrolment)! <= localDateOf(new Date())).toBe(true);
    const listed = await due(patient);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ occasion: 'follow-up', week: FOLLOW_UP_WEEK });
    expect(listed.body.questionnaires.map((q: any) => [q.instrumentId, q.answered])).toEqual(
      PROGRAMME_INSTRUMENTS[enrolment.programme].map((id) => [id, false]),
    );
  });

  it('stores the answer as the follow-up, raises flags by the same rules, and the therapist pulls both', async () => {
    const { cursor } = await pullAll(portal, therapist);
    const response = await submit(patient, 'phq-9', phq9(2, 1));
    expect(response.status).toBe(200);
    expect(response.body.followUp).toBe('urgent');
    const stored = QuestionnaireResponse.parse(response.body.response);
    expect(stored).toMatchObject({ week: FOLLOW_UP_WEEK, total: 10 });
    expect((await submit(patient, 'phq-9', phq9(0, 1))).body.error.code).toBe('already_submitted');
    const listed = await due(patient);
    expect(listed.body.questionnaires.find((q: any) => q.instrumentId === 'phq-9').answered).toBe(true);

    const { changes } = await pullUntil(portal, therapist, cursor, (got) =>
      got.some((c) => c.entity === 'flag' && c.record.source.responseId === stored.id),
    );
    expect(
      changes.find((c) => c.entity === 'questionnaireResponse' && c.record.id === stored.id).record,
    ).toMatchObject({ week: FOLLOW_UP_WEEK, total: 10 });
    const flag = changes.find((c) => c.entity === 'flag' && c.record.source.responseId === stored.id).record;
    expect(flag).toMatchObject({ severity: 'urgent', reasonCode: 'suicidal-thoughts', status: 'open' });
    expect(flag.hits).toEqual([expect.objectContaining({ week: FOLLOW_UP_WEEK, value: 2 })]);
  });

  it('is not offered before its date: the answer says when it opens, and nothing is stored', async () => {
    const other = await portal.login('pasient2');
    const otherId = await principalId(portal.db, 'pasient2');
    const today = localDateOf(new Date());
    // Ended ten days ago: the follow-up is about three months away.
    await portal.db.query(
      `UPDATE enrolment SET status = 'completed', start_date = $2::date - 108, planned_end_date = $2::date - 10
        WHERE patient_id = $1 AND status = 'active'`,
      [otherId, today],
    );
    const opens = followUpDate({ startDate: addDays(today, -108), plannedEndDate: addDays(today, -10) });
    const listed = await due(other);
    expect(listed.status).toBe(409);
    expect(listed.body.error).toMatchObject({ code: 'programme_ended', details: { followUpFrom: opens } });
    const refused = await submit(other, 'phq-9', phq9(0, 1));
    expect(refused.status).toBe(409);
    const stored = await portal.db.query(
      'SELECT 1 FROM questionnaire_response WHERE patient_id = $1 AND week = $2',
      [otherId, FOLLOW_UP_WEEK],
    );
    expect(stored.rowCount).toBe(0);

    // Still active past week 14 (nobody closed it) and past the follow-up date: the follow-up opens.
    await portal.db.query(
      `UPDATE enrolment SET status = 'active', start_date = $2::date - 300, planned_end_date = $2::date - 202
        WHERE patient_id = $1`,
      [otherId, today],
    );
    expect((await due(other)).body).toMatchObject({ occasion: 'follow-up', week: FOLLOW_UP_WEEK });
  });

  it('keeps the week within the baseline, the 14 weeks and the follow-up (migration 009)', async () => {
    const patientId = await principalId(portal.db, 'oppfolging1');
    await expect(
      portal.db.query(
        `INSERT INTO questionnaire_response (id, patient_id, enrolment_id, instrument_id, week, answers, total, band, submitted_at)
         SELECT gen_random_uuid(), patient_id, id, 'gad-7', $2, '{}', 0, 'minimal', now() FROM enrolment WHERE patient_id = $1`,
        [patientId, FOLLOW_UP_WEEK + 1],
      ),
    ).rejects.toThrow(/questionnaire_response_week_check/);
  });
});
