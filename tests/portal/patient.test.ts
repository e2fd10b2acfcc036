/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instruments } from '../../src/shared/clinical/index';
import { Homework, Message, QuestionnaireResponse } from '../../src/shared/contracts/domain';
import {
  backends,
  count,
  freshDatabase,
  openPortal,
  principalId,
  pullAll,
  pullUntil,
  type Database,
  type TestPortal,
} from './harness';

const phq9 = (values: number[]) =>
  Object.fromEntries(instruments['phq-9'].items.map((item, i) => [item.linkId, values[i]]));

describe.each(backends)('patient portal on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let patient: string;
  let patientId: string;
  let therapist: string;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    patient = await portal.login('pasient1');
    patientId = await principalId(portal.db, 'pasient1');
    therapist = await portal.login('terapeut1');
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  it('shows the current programme week and its modules; marks an open module read, refuses a closed one', async () => {
    const programme = await portal.call('GET', '/api/v1/patient/me/programme', { token: patient });
    expect(programme.status).toBe(200);
    expect(programme.body.week).toBeGreaterThanOrEqual(4);
    const available = programme.body.modules.filter((m: any) => m.available);
    const closed = programme.body.modules.find((m: any) => !m.available);
    expect(available.length).toBeGreaterThan(0);
    const target = available.at(-1);
    expect(
      (await portal.call('POST', `/api/v1/patient/me/modules/${target.moduleNo}/read`, { token: patient }))
        .status,
    ).toBe(200);
    const after = await portal.call('GET', '/api/v1/patient/me/programme', { token: patient });
    expect(after.body.modules.find((m: any) => m.moduleNo === target.moduleNo).completedAt).not.toBeNull();
    const refused = await portal.call('POST', `/api/v1/patient/me/modules/${closed.moduleNo}/read`, {
      token: patient,
    });
    expect(refused.status).toBe(409);
  });

  it('submits and withdraws homework; the withdrawal reaches the therapist as a delete', async () => {
    const { cursor } = await pullAll(portal, therapist);
    const submitted = await portal.call('POST', '/api/v1/patient/me/homework', {
      token: patient,
      body: { moduleNo: 1, body: 'Jeg øvde tre ganger.' },
    });
    const homework = Homework.parse(submitted.body);
    expect(
      (await portal.call('DELETE', `/api/v1/patient/me/homework/${homework.id}`, { token: patient })).status,
    ).toBe(200);
    const { changes } = await pullUntil(portal, therapist, cursor, (got) =>
      got.some((c) => c.op === 'delete'),
    );
    expect(changes).toContainEqual({ op: 'delete', entity: 'homework', id: homework.id });
  });

  it('scores a questionnaire on the server, raises an urgent flag for suicidal thoughts, and the therapist pulls it', async () => {
    const { cursor } = await pullAll(portal, therapist);
    const response = await portal.call('POST', '/api/v1/patient/me/questionnaires', {
      token: patient,
      body: { instrumentId: 'phq-9', answers: phq9([2, 2, 1, 1, 1, 1, 1, 0, 2]) },
    });
    expect(response.status).toBe(200);
    const scored = QuestionnaireResponse.parse(response.body.response);
    expect(scored).toMatchObject({ total: 11, band: 'moderate', instrumentId: 'phq-9' });
    expect(response.body.followUp).toBe('urgent');
    const { changes } = await pullUntil(portal, therapist, cursor, (got) =>
      got.some((c) => c.entity === 'flag'),
    );
    const flag = changes.find((c) => c.entity === 'flag' && c.record.source.responseId === scored.id);
    expect(flag.record).toMatchObject({
      severity: 'urgent',
      reasonCode: 'suicidal-thoughts',
      status: 'open',
    });
  });

  it('refuses incomplete answers with the reasons, and writes nothing', async () => {
    const before = await count(portal.db, 'questionnaire_response');
    const answers = phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]);
    delete answers['9'];
    const response = await portal.call('POST', '/api/v1/patient/me/questionnaires', {
      token: patient,
      body: { instrumentId: 'phq-9', answers },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_answers');
    expect(response.body.error.details).toContainEqual(
      expect.objectContaining({ linkId: '9', code: 'missing' }),
    );
    const unknown = await portal.call('POST', '/api/v1/patient/me/questionnaires', {
      token: patient,
      body: { instrumentId: 'phq-99', answers: phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]) },
    });
    expect(unknown.status).toBe(400);
    expect(await count(portal.db, 'questionnaire_response')).toBe(before);
  });

  it("sends and reads messages; the therapist's reply marks it answered", async () => {
    const sent = Message.parse(
      (
        await portal.call('POST', '/api/v1/patient/me/messages', {
          token: patient,
          body: { body: 'Hei, et spørsmål.' },
        })
      ).body,
    );
    expect(sent).toMatchObject({ authorKind: 'patient', answeredAt: null });
    const reply = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: {
        mutations: [
          {
            id: crypto.randomUUID(),
            type: 'message.send',
            payload: { messageId: crypto.randomUUID(), patientId, body: 'Svar fra terapeut.' },
          },
        ],
      },
    });
    expect(reply.body.results[0].status).toBe('applied');
    const messages = (await portal.call('GET', '/api/v1/patient/me/messages', { token: patient }))
      .body as Message[];
    expect(messages.find((m) => m.id === sent.id)!.answeredAt).not.toBeNull();
    const unread = messages.filter((m) => m.authorKind === 'staff' && m.readAt === null).map((m) => m.id);
    expect(
      (
        await portal.call('POST', '/api/v1/patient/me/messages/read', {
          token: patient,
          body: { messageIds: unread },
        })
      ).status,
    ).toBe(200);
    expect(
      await count(portal.db, "message WHERE patient_id = $1 AND author_kind = 'staff' AND read_at IS NULL", [
        patientId,
      ]),
    ).toBe(0);
  });

  it('audits every read and write of patient data, and shows the patient who accessed their record', async () => {
    const before = await count(portal.db, 'audit_log WHERE patient_id = $1', [patientId]);
    await pullAll(portal, await portal.login('teamleder'));
    const leadId = await principalId(portal.db, 'teamleder');
    const reads = await portal.db.query<{
      action: string;
      resource: string;
      actor_role: string;
      request_id: string;
    }>(
      'SELECT action, resource, actor_role, request_id FROM audit_log WHERE patient_id = $1 AND actor_id = $2',
      [patientId, leadId],
    );
    expect(reads.rows).toContainEqual(
      expect.objectContaining({ action: 'read', resource: 'sync.pull', actor_role: 'team_lead' }),
    );
    expect(reads.rows[0]!.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await count(portal.db, 'audit_log WHERE patient_id = $1', [patientId])).toBeGreaterThan(before);

    const log = await portal.call('GET', '/api/v1/patient/me/access-log', { token: patient });
    expect(log.status).toBe(200);
    expect(log.body).toContainEqual(expect.objectContaining({ actorRole: 'team_lead', action: 'read' }));
    expect(log.body).toContainEqual(
      expect.objectContaining({ actorRole: 'therapist', action: 'create', resource: 'message' }),
    );
    expect(log.body.every((entry: any) => entry.actorRole !== 'patient')).toBe(true);
  });
});
