/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultRiskRuleConfig, instruments, moduleSchedules } from '../../src/shared/clinical/index';
import { Homework, Message, QuestionnaireResponse } from '../../src/shared/contracts/domain';
import {
  eachBackend,
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

eachBackend('patient portal on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let patient: string;
  let patientId: string;
  let therapist: string;

  /** The patient's programme measure besides the PHQ-9, from this week's questionnaires. */
  const primaryMeasure = async (token: string): Promise<string> => {
    const week = await portal.call('GET', '/api/v1/patient/me/questionnaires', { token });
    expect(week.status).toBe(200);
    return week.body.questionnaires.map((q: any) => q.instrumentId).find((id: string) => id !== 'phq-9');
  };
  const submit = (token: string, instrumentId: string, answers: unknown) =>
    portal.call('POST', '/api/v1/patient/me/questionnaires', { token, body: { instrumentId, answers } });
  /** Flags raised by one questionnaire response. */
  const flagsOf = async (responseId: string) =>
    (
      await portal.db.query<{ severity: string; reason_code: string }>(
        "SELECT severity, reason_code FROM flag WHERE source->>'responseId' = $1 ORDER BY reason_code",
        [responseId],
      )
    ).rows;

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
    const measure = instruments[(await primaryMeasure(patient)) as keyof typeof instruments];
    const answers = Object.fromEntries(measure.items.map((item) => [item.linkId, item.min]));
    const last = measure.items.at(-1)!.linkId;
    delete answers[last];
    const response = await portal.call('POST', '/api/v1/patient/me/questionnaires', {
      token: patient,
      body: { instrumentId: measure.id, answers },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_answers');
    expect(response.body.error.details).toContainEqual(
      expect.objectContaining({ linkId: last, code: 'missing' }),
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
  it('names each module by the programme module table, whose due weeks follow the shared schedule', async () => {
    const programme = await portal.call('GET', '/api/v1/patient/me/programme', { token: patient });
    const schedule = moduleSchedules[programme.body.enrolment.programme as keyof typeof moduleSchedules];
    expect(programme.body.modules.map((m: any) => [m.moduleNo, m.dueWeek])).toEqual(
      schedule.map((slot) => [slot.moduleNo, slot.dueWeek]),
    );
    expect(programme.body.modules.every((m: any) => m.title.length > 0 && m.summary.length > 0)).toBe(true);
    const table = await portal.db.query<{ programme: string; module_no: number; due_week: number }>(
      'SELECT programme, module_no, due_week FROM module ORDER BY programme, module_no',
    );
    for (const [name, slots] of Object.entries(moduleSchedules)) {
      expect(
        table.rows.filter((row) => row.programme === name).map((row) => [row.module_no, row.due_week]),
      ).toEqual(slots.map((slot) => [slot.moduleNo, slot.dueWeek]));
    }
  });

  it('refuses a second answer to the same questionnaire in a week, and one outside the programme', async () => {
    const again = await submit(patient, 'phq-9', phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_submitted');
    // The GAD-7 belongs to none of the three programmes.
    const foreign = await submit(patient, 'gad-7', { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0 });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('instrument_not_in_programme');
  });

  it('raises no second flag for a rule an unresolved flag already covers, but always a more urgent one', async () => {
    const other = await portal.login('pasient2');
    const otherId = await principalId(portal.db, 'pasient2');
    await portal.db.query("UPDATE flag SET status = 'resolved' WHERE patient_id = $1", [otherId]);
    // Still unresolved from an earlier week: a severe PHQ-9 total, reliable deterioration on it,
    // and a "risk" answer to item 9.
    for (const [severity, reason, linkId] of [
      ['risk', 'severe-band', null],
      ['risk', 'reliable-deterioration', null],
      ['risk', 'suicidal-thoughts', '9'],
    ]) {
      await portal.db.query(
        `INSERT INTO flag (id, patient_id, severity, reason_code, source, details, status, raised_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, '{}', 'acknowledged', now())`,
        [otherId, severity, reason, { kind: 'questionnaire', instrumentId: 'phq-9', linkId }],
      );
    }
    const response = await submit(other, 'phq-9', phq9([3, 3, 3, 3, 3, 3, 3, 3, 3]));
    expect(response.status).toBe(200);
    expect(response.body.followUp).toBe('urgent');
    expect(await flagsOf(response.body.response.id)).toEqual([
      { severity: 'urgent', reason_code: 'suicidal-thoughts' },
    ]);
  });

  it('flags reliable deterioration from a baseline total of 0', async () => {
    const other = await portal.login('pasient2');
    const otherId = await principalId(portal.db, 'pasient2');
    await portal.db.query("UPDATE flag SET status = 'resolved' WHERE patient_id = $1", [otherId]);
    await portal.db.query(
      "DELETE FROM questionnaire_response WHERE patient_id = $1 AND instrument_id = 'phq-9'",
      [otherId],
    );
    // Symptom-free at intake (week 0): every answer 0.
    await portal.db.query(
      `INSERT INTO questionnaire_response (id, patient_id, enrolment_id, instrument_id, week, answers, total, band, submitted_at)
       SELECT gen_random_uuid(), patient_id, id, 'phq-9', 0, $2, 0, 'minimal', now() - interval '30 days'
         FROM enrolment WHERE patient_id = $1 AND status = 'active'`,
      [otherId, phq9([0, 0, 0, 0, 0, 0, 0, 0, 0])],
    );
    // Six points up (the PHQ-9's reliable change), no answer on item 9, still in the mild band.
    const response = await submit(other, 'phq-9', phq9([1, 1, 1, 1, 1, 1, 0, 0, 0]));
    expect(response.status).toBe(200);
    expect(response.body.response.total).toBe(6);
    const flags = await portal.db.query<{ severity: string; reason_code: string; details: unknown }>(
      "SELECT severity, reason_code, details FROM flag WHERE source->>'responseId' = $1",
      [response.body.response.id],
    );
    expect(flags.rows).toEqual([
      {
        severity: 'risk',
        reason_code: 'reliable-deterioration',
        details: { value: 6, baseline: 0, change: 6, threshold: 6 },
      },
    ]);
  });

  it("scores by the clinic's own risk rules: a raised threshold raises no flag for the same answers", async () => {
    const admin = await portal.login('admin');
    const clinicId = (await portal.db.query<{ id: string }>('SELECT id FROM clinic')).rows[0]!.id;
    const rulesUrl = `/api/v1/admin/clinics/${clinicId}/risk-rules`;
    const answers = phq9([1, 1, 1, 1, 0, 0, 0, 0, 2]);
    const again = async () => {
      await portal.db.query("UPDATE flag SET status = 'resolved' WHERE patient_id = $1", [patientId]);
      await portal.db.query(
        "DELETE FROM questionnaire_response WHERE patient_id = $1 AND instrument_id = 'phq-9'",
        [patientId],
      );
      const response = await submit(patient, 'phq-9', answers);
      expect(response.status).toBe(200);
      return flagsOf(response.body.response.id);
    };
    expect(await again()).toEqual([{ severity: 'urgent', reason_code: 'suicidal-thoughts' }]);

    const current = await portal.call('GET', rulesUrl, { token: admin });
    expect(current.body).toEqual({ isDefault: true, config: defaultRiskRuleConfig });
    const stricter = structuredClone(defaultRiskRuleConfig);
    stricter.itemRules[0] = { ...stricter.itemRules[0]!, riskAt: null, urgentAt: 3 };
    const put = await portal.call('PUT', rulesUrl, { token: admin, body: { config: stricter } });
    expect(put.status).toBe(200);
    expect((await portal.call('GET', rulesUrl, { token: admin })).body).toEqual({
      isDefault: false,
      config: stricter,
    });
    expect(await again()).toEqual([]);

    const invalid = structuredClone(defaultRiskRuleConfig);
    invalid.itemRules[0] = { ...invalid.itemRules[0]!, urgentAt: 9 };
    expect((await portal.call('PUT', rulesUrl, { token: admin, body: { config: invalid } })).status).toBe(
      400,
    );
    // Text in the rules takes the shared field rule: a NUL or a lone surrogate is a 400, not a 500.
    for (const reasonCode of ['suicidal\u0000thoughts', 'suicidal \uD800']) {
      const bad = structuredClone(defaultRiskRuleConfig);
      bad.itemRules[0] = { ...bad.itemRules[0]!, reasonCode };
      expect((await portal.call('PUT', rulesUrl, { token: admin, body: { config: bad } })).status).toBe(400);
    }
    expect((await portal.call('GET', rulesUrl, { token: admin })).body.config).toEqual(stricter);
    expect((await portal.call('PUT', rulesUrl, { token: therapist, body: { config: null } })).status).toBe(
      403,
    );
    expect(
      (await portal.call('PUT', rulesUrl, { token: admin, body: { config: null } })).body.isDefault,
    ).toBe(true);
    expect(await again()).toEqual([{ severity: 'urgent', reason_code: 'suicidal-thoughts' }]);
    const audited = await portal.db.query<{
      patient_id: string | null;
      resource: string;
      actor_role: string;
    }>("SELECT patient_id, resource, actor_role FROM audit_log WHERE resource LIKE 'clinic.risk-rules:%'");
    expect(audited.rows).toEqual([
      { patient_id: null, resource: `clinic.risk-rules:${clinicId}`, actor_role: 'admin' },
      { patient_id: null, resource: `clinic.risk-rules:${clinicId}`, actor_role: 'admin' },
    ]);
  });
});
