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

  it("a team lead acts on risk for their team's patients, but the record and the round are the therapist's", async () => {
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
    ).toEqual(['applied', 'applied', 'applied', 'forbidden', 'forbidden', 'forbidden', 'forbidden']);
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
    const ownFlag = randomUUID();
    expect(
      await push(secondLead, [
        {
          type: 'flag.raise',
          payload: { flagId: randomUUID(), patientId: secondTeam.patient, severity: 'risk', note: 'Team 2' },
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
        {
          type: 'flag.raise',
          payload: { flagId: ownFlag, patientId: ownPatient, severity: 'risk', note: 'Terapeut 1' },
        },
      ]),
    ).toEqual(['applied']);
    const arrived = (changes: any[]) => changes.some((c) => c.record?.id === ownFlag);
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

  // ---------------------------------------------------------------- need to know (issue 9)

  /** Every message, homework answer and note text in the database, and flag notes: what oversight never gets. */
  async function clinicalTexts(): Promise<string[]> {
    const result = await portal.db.query<{ text: string }>(
      `SELECT body AS text FROM message UNION SELECT body FROM homework UNION SELECT body FROM clinical_note
       UNION SELECT acknowledge_note FROM flag WHERE acknowledge_note IS NOT NULL
       UNION SELECT resolve_note FROM flag WHERE resolve_note IS NOT NULL
       UNION SELECT details->>'note' FROM flag WHERE details ? 'note'`,
    );
    return result.rows.map((row) => row.text);
  }
  const textKinds = new Set(['message', 'homework', 'clinicalNote', 'questionnaireResponse']);
  const leaked = (changes: any[], texts: readonly string[]) => {
    const wire = JSON.stringify(changes);
    return texts.filter((text) => wire.includes(text));
  };
  const openRecord = (patientId: string, reason: string, reasonText?: string) => ({
    type: 'record.open',
    payload: { grantId: randomUUID(), patientId, reason, hours: 24, ...(reasonText ? { reasonText } : {}) },
  });
  /** Moves a patient's grants into the past, as if their time had run out. */
  const expireGrants = (patientId: string) =>
    portal.db.query(
      `UPDATE access_grant SET granted_at = now() - interval '25 hours', expires_at = now() - interval '1 second'
        WHERE patient_id = $1 AND ended_at IS NULL`,
      [patientId],
    );

  it("a team lead's sync carries oversight data only: no message, homework or note text, anywhere", async () => {
    const texts = await clinicalTexts();
    expect(texts.length).toBeGreaterThan(10);
    const snapshot = await pullAll(portal, tokens.teamleder!);
    expect(snapshot.changes.some((c) => textKinds.has(c.entity))).toBe(false);
    expect(leaked(snapshot.changes, texts)).toEqual([]);
    // Each patient comes with their overview: scores, module progress, message times and counts.
    const overviews = snapshot.changes.filter((c) => c.entity === 'overview');
    expect(new Set(overviews.map((c) => c.record.patientId))).toEqual(patientIdsIn(snapshot.changes));
    const own = overviews.find((c) => c.record.patientId === ownPatient)!.record;
    const responses = await count(portal.db, 'questionnaire_response WHERE patient_id = $1', [ownPatient]);
    expect(own.scores.reduce((n: number, s: any) => n + s.points.length, 0)).toBe(responses);
    expect(own.unanswered.length).toBe(
      await count(
        portal.db,
        "message WHERE patient_id = $1 AND author_kind = 'patient' AND answered_at IS NULL",
        [ownPatient],
      ),
    );
    const flags = snapshot.changes.filter((c) => c.entity === 'flag');
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.every((c) => c.record.acknowledgeNote === null && c.record.resolveNote === null)).toBe(true);

    // Later writes reach the lead as a new overview, never as text.
    const body = `Melding ${randomUUID()}`;
    const note = `Notat ${randomUUID()}`;
    const flagNote = `Flaggnotat ${randomUUID()}`;
    const patient = await portal.login('pasient1');
    expect(
      (await portal.call('POST', '/api/v1/patient/me/messages', { token: patient, body: { body } })).status,
    ).toBe(200);
    const pasient1 = await principalId(portal.db, 'pasient1');
    expect(
      await push(tokens.terapeut1!, [
        { type: 'note.add', payload: { noteId: randomUUID(), patientId: pasient1, body: note } },
        {
          type: 'flag.raise',
          payload: { flagId: randomUUID(), patientId: pasient1, severity: 'risk', note: flagNote },
        },
      ]),
    ).toEqual(['applied', 'applied']);
    const delta = await pullUntil(portal, tokens.teamleder!, snapshot.cursor, (changes) =>
      changes.some(
        (c) => c.entity === 'overview' && c.record.patientId === pasient1 && c.record.unanswered.length > 0,
      ),
    );
    expect(delta.changes.some((c) => c.entity === 'overview' && c.record.patientId === pasient1)).toBe(true);
    expect(delta.changes.some((c) => textKinds.has(c.entity))).toBe(false);
    expect(leaked(delta.changes, [body, note, flagNote])).toEqual([]);
  });

  it('a team lead reaches no record text through any route, and an outside or guessed id answers alike', async () => {
    // The whole record stays closed to writes too, until opened with a reason.
    expect(
      await push(tokens.teamleder!, [
        { type: 'note.add', payload: { noteId: randomUUID(), patientId: ownPatient, body: 'Notat' } },
        { type: 'message.send', payload: { messageId: randomUUID(), patientId: ownPatient, body: 'Hei' } },
      ]),
    ).toEqual(['forbidden', 'forbidden']);
    expect(
      (await portal.call('GET', '/api/v1/patient/me/messages', { token: tokens.teamleder })).status,
    ).toBe(403);
    expect((await portal.call('GET', '/api/v1/admin/organisation', { token: tokens.teamleder })).status).toBe(
      403,
    );
    // Opening another team's patient answers like opening a patient who does not exist.
    const outside = await push(tokens.teamleder!, [openRecord(secondTeam.patient, 'supervision')]);
    const guessed = await push(tokens.teamleder!, [openRecord(randomUUID(), 'supervision')]);
    expect(outside).toEqual(['not-found']);
    expect(guessed).toEqual(outside);
    expect(await count(portal.db, 'access_grant WHERE patient_id = $1', [secondTeam.patient])).toBe(0);
    // A reason from the list; free text with "other" only; no administrator opens a record.
    expect(
      await push(tokens.teamleder!, [
        openRecord(ownPatient, 'other'),
        openRecord(ownPatient, 'supervision', 'fordi'),
        openRecord(ownPatient, 'curiosity'),
      ]),
    ).toEqual(['invalid', 'invalid', 'invalid']);
    expect(await push(tokens.admin!, [openRecord(ownPatient, 'supervision')])).toEqual(['forbidden']);
  });

  it('a grant opens exactly that patient in full, history included, and only until it expires', async () => {
    const texts = await clinicalTexts();
    const lead = await pullAll(portal, tokens.teamleder!);
    const opened = foreignPatient;
    const openedTexts = (
      await portal.db.query<{ body: string }>(
        `SELECT body FROM message WHERE patient_id = $1 UNION SELECT body FROM clinical_note WHERE patient_id = $1
         UNION SELECT body FROM homework WHERE patient_id = $1
         UNION SELECT acknowledge_note FROM flag WHERE patient_id = $1 AND acknowledge_note IS NOT NULL`,
        [opened],
      )
    ).rows.map((row) => row.body);
    expect(openedTexts.length).toBeGreaterThan(0);
    expect(await push(tokens.teamleder!, [openRecord(opened, 'acute-risk')])).toEqual(['applied']);

    const granted = await pullUntil(portal, tokens.teamleder!, lead.cursor, (changes) =>
      changes.some((c) => c.entity === 'message' && c.record.patientId === opened),
    );
    const patientOf = (c: any) =>
      c.record?.patientId ?? (c.entity === 'patient' ? c.record.id : (c.patientId ?? c.id));
    const textual = granted.changes.filter((c) => textKinds.has(c.entity));
    expect(new Set(textual.map(patientOf))).toEqual(new Set([opened]));
    // The whole history arrives, though it is older than the cursor; the overview makes way for it.
    expect(textual.filter((c) => c.entity === 'message').length).toBe(
      await count(portal.db, 'message WHERE patient_id = $1', [opened]),
    );
    expect(granted.changes).toContainEqual({ op: 'delete', entity: 'overview', id: opened });
    expect(granted.changes.find((c) => c.entity === 'accessGrant')?.record).toMatchObject({
      patientId: opened,
      reason: 'acute-risk',
    });
    // Every clinical text on the wire is the opened patient's own, or part of one (another
    // patient's short "Ringte pasienten" stands inside this patient's longer note).
    expect(
      leaked(granted.changes, texts).filter((text) => !openedTexts.some((own) => own.includes(text))),
    ).toEqual([]);
    // While it lasts, a new message reaches the lead in full.
    const body = `Under tilgang ${randomUUID()}`;
    expect(
      await push(tokens.terapeut2!, [
        { type: 'message.send', payload: { messageId: randomUUID(), patientId: opened, body } },
      ]),
    ).toEqual(['applied']);
    const during = await pullUntil(portal, tokens.teamleder!, granted.cursor, (changes) =>
      changes.some((c) => c.record?.body === body),
    );
    expect(during.changes.some((c) => c.record?.body === body)).toBe(true);

    // Expired: the next pull drops the patient, sends their oversight data back, and no text since.
    await expireGrants(opened);
    const after = `Etter utløp ${randomUUID()}`;
    expect(
      await push(tokens.terapeut2!, [
        { type: 'message.send', payload: { messageId: randomUUID(), patientId: opened, body: after } },
      ]),
    ).toEqual(['applied']);
    const expired = await pullUntil(portal, tokens.teamleder!, during.cursor, (changes) =>
      changes.some((c) => c.op === 'drop-patient' && c.patientId === opened),
    );
    const drop = expired.changes.findIndex((c) => c.op === 'drop-patient' && c.patientId === opened);
    expect(drop).toBeGreaterThanOrEqual(0);
    const since = expired.changes.slice(drop + 1);
    expect(since.some((c) => c.entity === 'overview' && c.record.patientId === opened)).toBe(true);
    expect(since.some((c) => c.entity === 'patient' && c.record.id === opened)).toBe(true);
    expect(since.some((c) => textKinds.has(c.entity))).toBe(false);
    expect(leaked(expired.changes, [after])).toEqual([]);
    expect(
      await count(portal.db, 'access_grant WHERE patient_id = $1 AND ended_at IS NOT NULL', [opened]),
    ).toBe(1);
    expect(
      await push(tokens.teamleder!, [
        { type: 'note.add', payload: { noteId: randomUUID(), patientId: opened, body: 'For sent' } },
      ]),
    ).toEqual(['forbidden']);
  });

  it("the patient's access log lists every opening with its standard reason, never the free text", async () => {
    const patient = await principalId(portal.db, 'pasient1');
    const freeText = `Privat begrunnelse ${randomUUID()}`;
    expect(
      await push(tokens.teamleder!, [
        openRecord(patient, 'supervision'),
        openRecord(patient, 'other', freeText),
      ]),
    ).toEqual(['applied', 'applied']);
    const log = await portal.call('GET', '/api/v1/patient/me/access-log', {
      token: await portal.login('pasient1'),
    });
    expect(log.status).toBe(200);
    const openings = log.body.filter((entry: any) => entry.action === 'open');
    expect(openings.map((entry: any) => entry.reason)).toEqual(['other', 'supervision']);
    expect(openings[0]).toMatchObject({ actorRole: 'team_lead', resource: 'record' });
    expect(JSON.stringify(log.body)).not.toContain(freeText);
    // Reads under the grant name its reason too.
    await pullAll(portal, tokens.teamleder!);
    const again = await portal.call('GET', '/api/v1/patient/me/access-log', {
      token: await portal.login('pasient1'),
    });
    expect(
      again.body.some((e: any) => e.action === 'read' && e.actorRole === 'team_lead' && e.reason !== null),
    ).toBe(true);
    await expireGrants(patient);
  });

  it('a therapist covering for a colleague opens the record the same way, and may then do the round', async () => {
    const patient = await principalId(portal.db, 'pasient1');
    const write = () => ({
      type: 'message.send',
      payload: { messageId: randomUUID(), patientId: patient, body: 'Hei, jeg dekker for terapeuten din.' },
    });
    expect(await push(tokens.terapeut2!, [write()])).toEqual(['not-found']);
    expect(await push(tokens.terapeut2!, [openRecord(patient, 'covering'), write()])).toEqual([
      'applied',
      'applied',
    ]);
    const covering = await pullAll(portal, tokens.terapeut2!);
    expect(covering.changes.some((c) => c.entity === 'message' && c.record.patientId === patient)).toBe(true);
    await expireGrants(patient);
    expect(await push(tokens.terapeut2!, [write()])).toEqual(['not-found']);
    const dropped = await pullUntil(portal, tokens.terapeut2!, covering.cursor, (changes) =>
      changes.some((c) => c.op === 'drop-patient' && c.patientId === patient),
    );
    // Not in their care and not overseen by them: nothing comes back after the drop.
    const drop = dropped.changes.findIndex((c) => c.op === 'drop-patient' && c.patientId === patient);
    expect(
      dropped.changes.slice(drop + 1).some((c) => (c.record?.patientId ?? c.record?.id) === patient),
    ).toBe(false);
  });
});
