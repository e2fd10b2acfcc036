/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  eachBackend,
  count,
  freshDatabase,
  openPortal,
  patientsOf,
  principalId,
  pullAll,
  pullUntil,
  type Database,
  type TestPortal,
} from './harness';

/**
 * The access matrix: what each role reaches, and that nothing outside its scope answers any
 * differently from an id that does not exist (404 / `not-found`).
 */
eachBackend('access control on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  const tokens: Record<string, string> = {};
  let ownPatient: string;
  let foreignPatient: string;
  let foreignFlag: string;
  /** A second team with its own lead, therapist and patient (with a flag), beside the demo team. */
  const secondTeam = {
    team: randomUUID(),
    lead: randomUUID(),
    therapist: randomUUID(),
    patient: randomUUID(),
    enrolment: randomUUID(),
    flag: randomUUID(),
  };

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    for (const user of ['terapeut1', 'terapeut2', 'teamleder', 'admin', 'pasient1'])
      tokens[user] = await portal.login(user);
    ownPatient = (await patientsOf(portal.db, 'terapeut1'))[0]!;
    foreignPatient = (await patientsOf(portal.db, 'terapeut2'))[0]!;
    const flag = await portal.db.query<{ id: string }>(
      'SELECT id FROM flag WHERE patient_id = ANY($1::uuid[]) LIMIT 1',
      [await patientsOf(portal.db, 'terapeut2')],
    );
    foreignFlag = flag.rows[0]!.id;
    await createSecondTeam();
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  async function createSecondTeam() {
    const { team, lead, therapist, patient, enrolment, flag } = secondTeam;
    const clinic = (await portal.db.query<{ id: string }>('SELECT id FROM clinic')).rows[0]!.id;
    const hash = (
      await portal.db.query<{ h: string }>(
        "SELECT password_hash AS h FROM account WHERE username = 'teamleder'",
      )
    ).rows[0]!.h;
    await portal.db.transaction(async (tx) => {
      await tx.query("INSERT INTO team (id, clinic_id, name) VALUES ($1, $2, 'Team 2')", [team, clinic]);
      await tx.query(
        "INSERT INTO staff (id, display_name, role) VALUES ($1, 'Leder To', 'team_lead'), ($2, 'Terapeut To', 'therapist')",
        [lead, therapist],
      );
      await tx.query('INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $3), ($2, $3)', [
        lead,
        therapist,
        team,
      ]);
      await tx.query(
        "INSERT INTO account (principal_id, kind, username, password_hash) VALUES ($1, 'staff', 'teamleder2', $2)",
        [lead, hash],
      );
      await tx.query(
        "INSERT INTO patient (id, given_name, family_name, birth_year, team_id) VALUES ($1, 'Ola', 'Nordmann', 1990, $2)",
        [patient, team],
      );
      await tx.query(
        "INSERT INTO enrolment (id, patient_id, programme, status, therapist_id) VALUES ($1, $2, 'panic', 'assessment', $3)",
        [enrolment, patient, therapist],
      );
      await tx.query(
        `INSERT INTO flag (id, patient_id, severity, reason_code, source, status, raised_at)
         VALUES ($1, $2, 'risk', 'clinician-raised', $3, 'open', now())`,
        [flag, patient, { kind: 'clinician', staffId: therapist }],
      );
    });
  }

  const patientIdsIn = (changes: any[]) =>
    new Set(changes.flatMap((c) => (c.op === 'upsert' && c.entity === 'patient' ? [c.record.id] : [])));

  it('a therapist pulls only the patients assigned to them', async () => {
    const { changes } = await pullAll(portal, tokens.terapeut1!);
    const assigned = await portal.db.query<{ patient_id: string }>(
      'SELECT DISTINCT patient_id FROM enrolment WHERE therapist_id = $1',
      [await principalId(portal.db, 'terapeut1')],
    );
    expect([...patientIdsIn(changes)].sort()).toEqual(assigned.rows.map((row) => row.patient_id).sort());
    const everyPatientId = new Set(changes.flatMap((c) => (c.record?.patientId ? [c.record.patientId] : [])));
    for (const id of everyPatientId) expect(patientIdsIn(changes).has(id)).toBe(true);
  });

  it("a team lead pulls every patient of their team and their colleagues' capacity", async () => {
    const { changes } = await pullAll(portal, tokens.teamleder!);
    expect(patientIdsIn(changes).size).toBe(
      await count(portal.db, 'patient WHERE team_id <> $1', [secondTeam.team]),
    );
    const staff = changes.filter((c) => c.entity === 'staff');
    expect(staff.length).toBeGreaterThanOrEqual(4);
    expect(staff.every((c) => typeof c.record.caseloadCapacity === 'number')).toBe(true);
  });

  it("a team lead sees nothing of another team's patients, and cannot reassign them", async () => {
    const { lead, therapist, patient, enrolment } = secondTeam;
    const firstLead = await pullAll(portal, tokens.teamleder!);
    expect(patientIdsIn(firstLead.changes).has(patient)).toBe(false);
    expect(firstLead.changes.some((c) => c.entity === 'staff' && c.record.id === lead)).toBe(false);
    const secondLead = await pullAll(portal, await portal.login('teamleder2'));
    expect([...patientIdsIn(secondLead.changes)]).toEqual([patient]);
    const reassign = await portal.call('POST', `/api/v1/team/enrolments/${enrolment}/assign`, {
      token: tokens.teamleder,
      body: { therapistId: await principalId(portal.db, 'terapeut1') },
    });
    expect(reassign.status).toBe(404);
    // Another team's enrolment answers exactly as one that does not exist: ids cannot be probed.
    const guessed = await portal.call('POST', `/api/v1/team/enrolments/${randomUUID()}/assign`, {
      token: tokens.teamleder,
      body: { therapistId: await principalId(portal.db, 'terapeut1') },
    });
    expect({ status: reassign.status, body: reassign.body }).toEqual({
      status: guessed.status,
      body: guessed.body,
    });
    const ownEnrolment = (
      await portal.db.query<{ id: string }>('SELECT id FROM enrolment WHERE patient_id = $1', [ownPatient])
    ).rows[0]!.id;
    const toOtherTeam = await portal.call('POST', `/api/v1/team/enrolments/${ownEnrolment}/assign`, {
      token: tokens.teamleder,
      body: { therapistId: therapist },
    });
    expect(toOtherTeam.status).toBe(409);
    expect(toOtherTeam.body.error.code).toBe('invalid_therapist');
  });

  it('an admin sees configuration and no clinical content, and cannot write any', async () => {
    const { changes } = await pullAll(portal, tokens.admin!);
    expect(changes.every((c) => c.entity === 'team' || c.entity === 'staff')).toBe(true);
    const organisation = await portal.call('GET', '/api/v1/admin/organisation', { token: tokens.admin });
    expect(organisation.status).toBe(200);
    const push = await portal.call('POST', '/api/v1/sync/push', {
      token: tokens.admin,
      body: {
        mutations: [
          {
            id: randomUUID(),
            type: 'note.add',
            payload: { noteId: randomUUID(), patientId: ownPatient, body: 'x' },
          },
        ],
      },
    });
    expect(push.body.results[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect((await portal.call('GET', '/api/v1/admin/organisation', { token: tokens.terapeut1 })).status).toBe(
      403,
    );
  });

  it("no staff write reaches another therapist's patient, and it answers like a guessed id", async () => {
    const attempts = (patientId: string, flagId: string) => [
      { type: 'message.send', payload: { messageId: randomUUID(), patientId, body: 'Hei' } },
      { type: 'message.markRead', payload: { patientId, messageIds: [randomUUID()] } },
      { type: 'flag.acknowledge', payload: { flagId, note: 'ringt' } },
      { type: 'flag.resolve', payload: { flagId } },
      {
        type: 'flag.raise',
        payload: { flagId: randomUUID(), patientId, severity: 'risk', note: 'bekymret' },
      },
      { type: 'note.add', payload: { noteId: randomUUID(), patientId, body: 'Notat' } },
      { type: 'feedback.markGiven', payload: { feedbackId: randomUUID(), patientId, week: 1 } },
    ];
    const before = await count(portal.db, 'change_log');
    for (const [patientId, flagId] of [
      [foreignPatient, foreignFlag],
      [randomUUID(), randomUUID()],
    ] as const) {
      const mutations = attempts(patientId, flagId).map((m) => ({ id: randomUUID(), ...m }));
      const response = await portal.call('POST', '/api/v1/sync/push', {
        token: tokens.terapeut1,
        body: { mutations },
      });
      expect(response.body.results.map((r: any) => r.code)).toEqual(mutations.map(() => 'not-found'));
    }
    expect(await count(portal.db, 'change_log')).toBe(before);
  });

  it('records every refused attempt as a security event an admin can list, and only an admin', async () => {
    const therapist = await principalId(portal.db, 'terapeut1');
    const push = await portal.call('POST', '/api/v1/sync/push', {
      token: tokens.terapeut1,
      body: {
        mutations: [
          {
            id: randomUUID(),
            type: 'note.add',
            payload: { noteId: randomUUID(), patientId: foreignPatient, body: 'Notat' },
          },
        ],
      },
    });
    expect(push.body.results[0]).toMatchObject({ status: 'rejected', code: 'not-found' });
    const enrolment = randomUUID();
    const assign = await portal.call('POST', `/api/v1/team/enrolments/${enrolment}/assign`, {
      token: tokens.teamleder,
      body: { therapistId: therapist },
    });
    expect(assign.status).toBe(404);

    const listed = await portal.call('GET', '/api/v1/admin/security-events', { token: tokens.admin });
    expect(listed.status).toBe(200);
    expect(listed.body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actorId: therapist,
          actorRole: 'therapist',
          action: 'sync note.add',
          targetId: foreignPatient,
          reason: 'not-found',
        }),
        expect.objectContaining({
          actorRole: 'team_lead',
          action: 'POST /api/v1/team/enrolments/:enrolmentId/assign',
          targetId: enrolment,
          reason: 'not-found',
        }),
      ]),
    );
    // The event names ids, never what was written.
    expect(JSON.stringify(listed.body)).not.toContain('Notat');
    const asTherapist = await portal.call('GET', '/api/v1/admin/security-events', {
      token: tokens.terapeut1,
    });
    expect(asTherapist.status).toBe(403);
  });

  it('a team lead cannot assign outside their team; a therapist cannot assign at all', async () => {
    const enrolment = (await portal.db.query<{ id: string }>('SELECT id FROM enrolment LIMIT 1')).rows[0]!.id;
    const therapistId = await principalId(portal.db, 'terapeut2');
    const asTherapist = await portal.call('POST', `/api/v1/team/enrolments/${enrolment}/assign`, {
      token: tokens.terapeut1,
      body: { therapistId },
    });
    expect(asTherapist.status).toBe(403);
    const guessed = await portal.call('POST', `/api/v1/team/enrolments/${randomUUID()}/assign`, {
      token: tokens.teamleder,
      body: { therapistId },
    });
    expect(guessed.status).toBe(404);
  });

  it('a patient reaches only themself; staff and patient APIs refuse the other kind', async () => {
    const me = await portal.call('GET', '/api/v1/patient/me', { token: tokens.pasient1 });
    expect(me.body.patient.id).toBe(await principalId(portal.db, 'pasient1'));
    expect(
      (await portal.call('POST', '/api/v1/sync/pull', { token: tokens.pasient1, body: { cursor: null } }))
        .status,
    ).toBe(403);
    expect((await portal.call('GET', '/api/v1/patient/me', { token: tokens.terapeut1 })).status).toBe(403);
    const foreignHomework = (
      await portal.db.query<{ id: string }>('SELECT id FROM homework WHERE patient_id <> $1 LIMIT 1', [
        me.body.patient.id,
      ])
    ).rows[0]!.id;
    expect(
      (
        await portal.call('DELETE', `/api/v1/patient/me/homework/${foreignHomework}`, {
          token: tokens.pasient1,
        })
      ).status,
    ).toBe(404);
    expect(await count(portal.db, 'homework WHERE id = $1', [foreignHomework])).toBe(1);
    const foreignMessage = (
      await portal.db.query<{ id: string }>(
        "SELECT id FROM message WHERE patient_id <> $1 AND author_kind = 'staff' LIMIT 1",
        [me.body.patient.id],
      )
    ).rows[0]!.id;
    const read = await portal.call('POST', '/api/v1/patient/me/messages/read', {
      token: tokens.pasient1,
      body: { messageIds: [foreignMessage] },
    });
    expect(read.status).toBe(404);
  });
  const push = async (token: string, mutations: { type: string; payload: object }[]) => {
    const response = await portal.call('POST', '/api/v1/sync/push', {
      token,
      body: { mutations: mutations.map((m) => ({ id: randomUUID(), ...m })) },
    });
    expect(response.status).toBe(200);
    return response.body.results.map((r: any) => (r.status === 'applied' ? 'applied' : r.code));
  };

  it("a team lead oversees risk for their team's patients, but the weekly round is the therapist's", async () => {
    const flagId = randomUUID();
    // One of terapeut1's patients who has written: the lead could mark the message read, but may not.
    const written = (
      await portal.db.query<{ id: string; patient_id: string }>(
        "SELECT id, patient_id FROM message WHERE patient_id = ANY($1::uuid[]) AND author_kind = 'patient' LIMIT 1",
        [await patientsOf(portal.db, 'terapeut1')],
      )
    ).rows[0]!;
    const before = await count(portal.db, 'message WHERE patient_id = $1', [ownPatient]);
    expect(
      await push(tokens.teamleder!, [
        {
          type: 'flag.raise',
          payload: { flagId, patientId: ownPatient, severity: 'risk', note: 'Bekymret' },
        },
        { type: 'flag.acknowledge', payload: { flagId, note: 'Ringte pasienten' } },
        { type: 'flag.resolve', payload: { flagId, note: 'Avklart' } },
        {
          type: 'note.add',
          payload: { noteId: randomUUID(), patientId: ownPatient, body: 'Notat fra leder' },
        },
        { type: 'message.send', payload: { messageId: randomUUID(), patientId: ownPatient, body: 'Hei' } },
        { type: 'message.markRead', payload: { patientId: written.patient_id, messageIds: [written.id] } },
        { type: 'feedback.markGiven', payload: { feedbackId: randomUUID(), patientId: ownPatient, week: 1 } },
      ]),
    ).toEqual(['applied', 'applied', 'applied', 'applied', 'forbidden', 'forbidden', 'forbidden']);
    expect(await count(portal.db, 'message WHERE patient_id = $1', [ownPatient])).toBe(before);
  });

  it("a team lead's writes to another team's patient answer like a guessed id, and change nothing", async () => {
    const { patient, flag } = secondTeam;
    const before = await count(portal.db, 'change_log');
    expect(
      await push(tokens.teamleder!, [
        {
          type: 'flag.raise',
          payload: { flagId: randomUUID(), patientId: patient, severity: 'risk', note: 'x' },
        },
        { type: 'flag.acknowledge', payload: { flagId: flag, note: 'ringt' } },
        { type: 'flag.resolve', payload: { flagId: flag } },
        { type: 'note.add', payload: { noteId: randomUUID(), patientId: patient, body: 'Notat' } },
        { type: 'message.send', payload: { messageId: randomUUID(), patientId: patient, body: 'Hei' } },
        { type: 'message.markRead', payload: { patientId: patient, messageIds: [randomUUID()] } },
        { type: 'feedback.markGiven', payload: { feedbackId: randomUUID(), patientId: patient, week: 1 } },
      ]),
    ).toEqual(Array.from({ length: 7 }, () => 'not-found'));
    expect(await count(portal.db, 'change_log')).toBe(before);
  });

  it("delta pulls never carry another team's, or another therapist's, patients", async () => {
    const lead = await pullAll(portal, tokens.teamleder!);
    const therapist = await pullAll(portal, tokens.terapeut1!);
    // Writes in every scope: the other team's lead, terapeut2 on their own patient, terapeut1 on theirs.
    const secondLead = await portal.login('teamleder2');
    const ownNote = randomUUID();
    expect(
      await push(secondLead, [
        {
          type: 'note.add',
          payload: { noteId: randomUUID(), patientId: secondTeam.patient, body: 'Team 2' },
        },
      ]),
    ).toEqual(['applied']);
    expect(
      await push(tokens.terapeut2!, [
        {
          type: 'note.add',
          payload: { noteId: randomUUID(), patientId: foreignPatient, body: 'Terapeut 2' },
        },
      ]),
    ).toEqual(['applied']);
    expect(
      await push(tokens.terapeut1!, [
        { type: 'note.add', payload: { noteId: ownNote, patientId: ownPatient, body: 'Terapeut 1' } },
      ]),
    ).toEqual(['applied']);
    const arrived = (changes: any[]) => changes.some((c) => c.record?.id === ownNote);
    const leadDelta = await pullUntil(portal, tokens.teamleder!, lead.cursor, arrived);
    const therapistDelta = await pullUntil(portal, tokens.terapeut1!, therapist.cursor, arrived);
    expect(arrived(leadDelta.changes)).toBe(true);
    expect(arrived(therapistDelta.changes)).toBe(true);
    const patientOf = (c: any) => c.record?.patientId ?? (c.entity === 'patient' ? c.record.id : c.patientId);
    expect(leadDelta.changes.some((c) => patientOf(c) === secondTeam.patient)).toBe(false);
    expect(therapistDelta.changes.every((c) => patientOf(c) === ownPatient)).toBe(true);
  });

  it("marking read another patient's message under one's own patient's id finds nothing and changes nothing", async () => {
    const foreignMessage = (
      await portal.db.query<{ id: string }>(
        "SELECT id FROM message WHERE patient_id = ANY($1::uuid[]) AND author_kind = 'patient' AND read_at IS NULL LIMIT 1",
        [await patientsOf(portal.db, 'terapeut2')],
      )
    ).rows[0]!;
    expect(
      await push(tokens.terapeut1!, [
        { type: 'message.markRead', payload: { patientId: ownPatient, messageIds: [foreignMessage.id] } },
      ]),
    ).toEqual(['not-found']);
    expect(await count(portal.db, 'message WHERE id = $1 AND read_at IS NULL', [foreignMessage.id])).toBe(1);
  });

  it('weekly feedback is only for a programme week that has begun', async () => {
    const patient = await principalId(portal.db, 'pasient1');
    const started = (
      await portal.db.query<{ week: number }>(
        "SELECT floor((current_date - start_date) / 7)::int + 1 AS week FROM enrolment WHERE patient_id = $1 AND status = 'active'",
        [patient],
      )
    ).rows[0]!.week;
    expect(started).toBeLessThan(13);
    const give = (week: number) => ({
      type: 'feedback.markGiven',
      payload: { feedbackId: randomUUID(), patientId: patient, week },
    });
    const [future, past, zero, beyond] = await push(tokens.terapeut1!, [
      give(started + 2),
      give(started - 1),
      give(0),
      give(15),
    ]);
    expect([future, zero, beyond]).toEqual(['invalid', 'invalid', 'invalid']);
    expect(['applied', 'conflict']).toContain(past);
  });

  it('an admin reaches no patient or team route, and pulls no clinical change', async () => {
    expect((await portal.call('GET', '/api/v1/patient/me', { token: tokens.admin })).status).toBe(403);
    const enrolment = (await portal.db.query<{ id: string }>('SELECT id FROM enrolment LIMIT 1')).rows[0]!.id;
    const assign = await portal.call('POST', `/api/v1/team/enrolments/${enrolment}/assign`, {
      token: tokens.admin,
      body: { therapistId: await principalId(portal.db, 'terapeut2') },
    });
    expect(assign.status).toBe(403);
    const { cursor } = await pullAll(portal, tokens.admin!);
    expect(
      await push(tokens.terapeut1!, [
        { type: 'note.add', payload: { noteId: randomUUID(), patientId: ownPatient, body: 'Notat' } },
      ]),
    ).toEqual(['applied']);
    const delta = await pullAll(portal, tokens.admin!, cursor);
    expect(delta.changes.every((c) => c.entity === 'team' || c.entity === 'staff')).toBe(true);
  });
});
