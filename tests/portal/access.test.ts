/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  count,
  freshDatabase,
  openPortal,
  patientsOf,
  principalId,
  pullAll,
  type Database,
  type TestPortal,
} from './harness';

/**
 * The access matrix: what each role reaches, and that nothing outside its scope answers any
 * differently from an id that does not exist (404 / `not-found`).
 */
describe.each(backends)('access control on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  const tokens: Record<string, string> = {};
  let ownPatient: string;
  let foreignPatient: string;
  let foreignFlag: string;

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
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

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
    expect(patientIdsIn(changes).size).toBe(await count(portal.db, 'patient'));
    const staff = changes.filter((c) => c.entity === 'staff');
    expect(staff.length).toBeGreaterThanOrEqual(4);
    expect(staff.every((c) => typeof c.record.caseloadCapacity === 'number')).toBe(true);
  });

  it("a team lead sees nothing of another team's patients, and cannot reassign them", async () => {
    // A second team with its own lead, therapist and patient, beside the demo team.
    const [team, lead, therapist, patient, enrolment] = Array.from({ length: 5 }, () => randomUUID());
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
        "INSERT INTO enrolment (id, patient_id, programme, status, therapist_id, team_id) VALUES ($1, $2, 'panic', 'assessment', $3, $4)",
        [enrolment, patient, therapist, team],
      );
    });
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
});
