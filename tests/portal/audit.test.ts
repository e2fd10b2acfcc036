import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instruments, programmeWeek } from '../../src/shared/clinical/index';
import { PROGRAMME_INSTRUMENTS } from '../../src/shared/clinical/programmes';
import {
  eachBackend,
  freshDatabase,
  openPortal,
  principalId,
  type Database,
  type TestPortal,
} from './harness';

/**
 * Every write to a patient's record leaves an audit row naming who (actor and role), whose record,
 * what (action and resource) and the request it came in (the id handed back as x-request-id).
 */
eachBackend('audit of writes on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let patientToken: string;
  let patientId: string;
  let therapistToken: string;
  let therapistId: string;

  /** A request that keeps the response's request id. */
  const send = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
    const response = await portal.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.statusCode,
      body: response.json(),
      requestId: response.headers['x-request-id'] as string,
    };
  };
  const push = async (type: string, payload: Record<string, unknown>) => {
    const response = await send('POST', '/api/v1/sync/push', therapistToken, {
      mutations: [{ id: randomUUID(), type, payload }],
    });
    expect(response.body.results).toEqual([expect.objectContaining({ status: 'applied' })]);
    return response;
  };
  const auditOf = async (requestId: string) =>
    (
      await portal.db.query(
        `SELECT actor_id, actor_role, patient_id, action, resource, request_id FROM audit_log
          WHERE request_id = $1 ORDER BY id`,
        [requestId],
      )
    ).rows;
  const byPatient = (action: string, resource: string, requestId: string) => ({
    actor_id: patientId,
    actor_role: 'patient',
    patient_id: patientId,
    action,
    resource,
    request_id: requestId,
  });
  const byTherapist = (action: string, resource: string, requestId: string) => ({
    actor_id: therapistId,
    actor_role: 'therapist',
    patient_id: patientId,
    action,
    resource,
    request_id: requestId,
  });

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    patientToken = await portal.login('pasient1');
    patientId = await principalId(portal.db, 'pasient1');
    const therapist = await portal.db.query<{ username: string; id: string }>(
      `SELECT a.username, a.principal_id AS id FROM enrolment e JOIN account a ON a.principal_id = e.therapist_id
        WHERE e.patient_id = $1 AND e.status = 'active'`,
      [patientId],
    );
    therapistId = therapist.rows[0]!.id;
    therapistToken = await portal.login(therapist.rows[0]!.username);
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  it("audits the patient's module read, homework and questionnaire", async () => {
    const read = await send('POST', '/api/v1/patient/me/modules/1/read', patientToken);
    expect(read.status).toBe(200);
    expect(await auditOf(read.requestId)).toEqual([byPatient('update', 'moduleProgress', read.requestId)]);

    const homework = await send('POST', '/api/v1/patient/me/homework', patientToken, {
      moduleNo: 1,
      body: 'Øvde to ganger.',
    });
    expect(homework.status).toBe(200);
    expect(await auditOf(homework.requestId)).toEqual([byPatient('create', 'homework', homework.requestId)]);

    const programme = await portal.db.query<{ programme: keyof typeof PROGRAMME_INSTRUMENTS }>(
      "SELECT programme FROM enrolment WHERE patient_id = $1 AND status = 'active'",
      [patientId],
    );
    const measure = instruments[PROGRAMME_INSTRUMENTS[programme.rows[0]!.programme][1]!];
    const answers = Object.fromEntries(measure.items.map((item) => [item.linkId, item.min]));
    const submitted = await send('POST', '/api/v1/patient/me/questionnaires', patientToken, {
      instrumentId: measure.id,
      answers,
    });
    expect(submitted.status).toBe(200);
    expect(await auditOf(submitted.requestId)).toEqual([
      byPatient('create', `questionnaire:${measure.id}`, submitted.requestId),
    ]);
  });

  it('audits raising, acknowledging and resolving a flag, and giving weekly feedback', async () => {
    const flagId = randomUUID();
    const raised = await push('flag.raise', {
      flagId,
      patientId,
      severity: 'risk',
      note: 'Bekymret etter samtale',
    });
    expect(await auditOf(raised.requestId)).toEqual([byTherapist('create', 'flag', raised.requestId)]);
    const acknowledged = await push('flag.acknowledge', { flagId, note: 'Ringte pasienten' });
    expect(await auditOf(acknowledged.requestId)).toEqual([
      byTherapist('acknowledge', 'flag', acknowledged.requestId),
    ]);
    const resolved = await push('flag.resolve', { flagId });
    expect(await auditOf(resolved.requestId)).toEqual([byTherapist('resolve', 'flag', resolved.requestId)]);

    const start = await portal.db.query<{ start_date: string }>(
      "SELECT start_date::text FROM enrolment WHERE patient_id = $1 AND status = 'active'",
      [patientId],
    );
    const week = programmeWeek(start.rows[0]!.start_date, new Date()) as number;
    const feedback = await push('feedback.markGiven', { feedbackId: randomUUID(), patientId, week });
    expect(await auditOf(feedback.requestId)).toEqual([
      byTherapist('create', 'weeklyFeedback', feedback.requestId),
    ]);
  });

  it("audits a team lead's reassignment", async () => {
    const lead = await portal.login('teamleder');
    const leadId = await principalId(portal.db, 'teamleder');
    const enrolment = await portal.db.query<{ id: string }>(
      "SELECT id FROM enrolment WHERE patient_id = $1 AND status = 'active'",
      [patientId],
    );
    const other = await portal.db.query<{ id: string }>(
      `SELECT s.id FROM staff s JOIN staff_team st ON st.staff_id = s.id
        WHERE s.role = 'therapist' AND s.id <> $1 ORDER BY s.id LIMIT 1`,
      [therapistId],
    );
    const assigned = await send('POST', `/api/v1/team/enrolments/${enrolment.rows[0]!.id}/assign`, lead, {
      therapistId: other.rows[0]!.id,
    });
    expect(assigned.status).toBe(200);
    expect(await auditOf(assigned.requestId)).toEqual([
      {
        actor_id: leadId,
        actor_role: 'team_lead',
        patient_id: patientId,
        action: 'update',
        resource: 'enrolment.assign',
        request_id: assigned.requestId,
      },
    ]);
  });
});
