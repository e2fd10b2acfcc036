/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, localDateOf } from '../../src/shared/clinical/localDate';
import { Browser } from './browser';
import {
  count,
  eachBackend,
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
 * The team lead's decisions as sync mutations (issue 9, section 3): enrol or decline a waiting
 * patient, move patients to another therapist, set a therapist's target capacity. Each is the team
 * lead's of that patient's (or therapist's) team only; anything outside answers like an unknown id
 * and is recorded as a security event; each applied one is audited.
 */
eachBackend('team lead actions on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const other = { team: randomUUID(), lead: randomUUID(), therapist: randomUUID(), patient: randomUUID() };

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    for (const user of ['terapeut1', 'terapeut2', 'teamleder']) {
      tokens[user] = await portal.login(user);
      ids[user] = await principalId(portal.db, user);
    }
    await createOtherTeam();
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  /** A second team with its own lead, therapist and referred patient. */
  async function createOtherTeam() {
    const clinic = (await portal.db.query<{ id: string }>('SELECT id FROM clinic')).rows[0]!.id;
    await portal.db.transaction(async (tx) => {
      await tx.query("INSERT INTO team (id, clinic_id, name) VALUES ($1, $2, 'Team 2')", [
        other.team,
        clinic,
      ]);
      await tx.query(
        "INSERT INTO staff (id, display_name, role) VALUES ($1, 'Leder To', 'team_lead'), ($2, 'Terapeut To', 'therapist')",
        [other.lead, other.therapist],
      );
      await tx.query('INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $3), ($2, $3)', [
        other.lead,
        other.therapist,
        other.team,
      ]);
      await tx.query(
        "INSERT INTO patient (id, given_name, family_name, birth_year, team_id) VALUES ($1, 'Ola', 'Nordmann', 1990, $2)",
        [other.patient, other.team],
      );
      await tx.query(
        "INSERT INTO enrolment (id, patient_id, programme, status) VALUES ($1, $2, 'panic', 'referred')",
        [randomUUID(), other.patient],
      );
    });
  }

  /** Pushes mutations; answers each one's status, or its rejection code. */
  async function push(token: string, mutations: { type: string; payload: unknown }[]) {
    const response = await portal.call('POST', '/api/v1/sync/push', {
      token,
      body: { mutations: mutations.map((m) => ({ id: randomUUID(), ...m })) },
    });
    expect(response.status).toBe(200);
    return response.body.results.map((r: any) => (r.status === 'applied' ? 'applied' : r.code)) as string[];
  }
  /** The whole results, to compare refusals' wording. */
  async function pushOne(token: string, mutation: { type: string; payload: unknown }) {
    const response = await portal.call('POST', '/api/v1/sync/push', {
      token,
      body: { mutations: [{ id: randomUUID(), ...mutation }] },
    });
    const { id: _, ...result } = response.body.results[0];
    return result;
  }

  async function waitingPatients(): Promise<string[]> {
    const found = await portal.db.query<{ patient_id: string }>(
      `SELECT e.patient_id FROM enrolment e JOIN patient p ON p.id = e.patient_id
        JOIN staff_team st ON st.team_id = p.team_id AND st.staff_id = $1
        WHERE e.status IN ('referred', 'assessment') ORDER BY e.patient_id`,
      [ids.teamleder],
    );
    return found.rows.map((row) => row.patient_id);
  }
  const enrolmentOf = async (patientId: string) =>
    (
      await portal.db.query<any>(
        `SELECT status, therapist_id, start_date::text AS start, planned_end_date::text AS end
           FROM enrolment WHERE patient_id = $1 ORDER BY updated_at DESC LIMIT 1`,
        [patientId],
      )
    ).rows[0];
  const audited = (resource: string, patientId: string | null) =>
    count(
      portal.db,
      `audit_log WHERE actor_id = $1 AND resource = $2 AND patient_id IS NOT DISTINCT FROM $3`,
      [ids.teamleder, resource, patientId],
    );
  const refusals = (actorId: string, action: string) =>
    count(portal.db, 'security_event WHERE actor_id = $1 AND action = $2', [actorId, action]);
  const today = () => localDateOf(new Date());

  it('enrols a waiting patient with a therapist of the team, whose next pull brings the whole record', async () => {
    const patientId = await principalId(portal.db, 'henvist1');
    expect(await waitingPatients()).toContain(patientId);
    const before = await pullAll(portal, tokens.terapeut1!);
    expect(before.changes.some((c) => c.entity === 'patient' && c.record.id === patientId)).toBe(false);
    const enrol = { patientId, therapistId: ids.terapeut1, startDate: today() };

    expect(await push(tokens.teamleder!, [{ type: 'waiting.enrol', payload: enrol }])).toEqual(['applied']);
    expect(await enrolmentOf(patientId)).toEqual({
      status: 'active',
      therapist_id: ids.terapeut1,
      start: today(),
      end: addDays(today(), 98),
    });
    expect(await audited('enrolment.enrol', patientId)).toBe(1);
    const gained = await pullUntil(portal, tokens.terapeut1!, before.cursor, (changes) =>
      changes.some((c) => c.entity === 'patient' && c.record.id === patientId),
    );
    expect(
      gained.changes.find((c) => c.entity === 'enrolment' && c.record.patientId === patientId)?.record,
    ).toMatchObject({ status: 'active', therapistId: ids.terapeut1, startDate: today() });

    // The patient's access log says who started their programme, in words.
    const browser = new Browser(portal.app);
    await browser.signIn('henvist1');
    const log = await browser.request('GET', '/pasient/innsyn');
    expect(log.body).toContain('oppstart i programmet (behandler og startdato)');

    // Once enrolled, the patient is no longer waiting: a second enrolment is a conflict.
    expect(await push(tokens.teamleder!, [{ type: 'waiting.enrol', payload: enrol }])).toEqual(['conflict']);
  });

  it('refuses an enrolment outside the lead’s team, with another team’s therapist, in the past, or by a non-lead', async () => {
    const patientId = (await waitingPatients())[0]!;
    const enrol = (payload: Record<string, unknown>) => ({
      type: 'waiting.enrol',
      payload: { patientId, therapistId: ids.terapeut2, startDate: today(), ...payload },
    });
    const outside = await pushOne(tokens.teamleder!, enrol({ patientId: other.patient }));
    const guessed = await pushOne(tokens.teamleder!, enrol({ patientId: randomUUID() }));
    expect(outside).toEqual({ status: 'rejected', code: 'not-found', message: 'patient not found' });
    expect(guessed).toEqual(outside);
    expect(await refusals(ids.teamleder!, 'sync waiting.enrol')).toBe(2);
    expect(
      await push(tokens.teamleder!, [
        enrol({ therapistId: other.therapist }),
        enrol({ therapistId: ids.teamleder }),
        enrol({ startDate: addDays(today(), -1) }),
        enrol({ startDate: '2026-02-30' }),
      ]),
    ).toEqual(['conflict', 'conflict', 'invalid', 'invalid']);
    expect(await push(tokens.terapeut2!, [enrol({})])).toEqual(['forbidden']);
    expect(await refusals(ids.terapeut2!, 'sync waiting.enrol')).toBe(1);
    // Nothing of it was applied.
    expect((await enrolmentOf(patientId)).status).not.toBe('active');
    expect((await enrolmentOf(other.patient)).status).toBe('referred');
    expect(await audited('enrolment.enrol', patientId)).toBe(0);
  });

  it('declines a waiting patient with a reason from the list, free text only with "other"', async () => {
    const [first, second] = await waitingPatients();
    const decline = (patientId: string, reason: string, reasonText?: string) => ({
      type: 'waiting.decline',
      payload: { patientId, reason, ...(reasonText === undefined ? {} : { reasonText }) },
    });
    expect(
      await push(tokens.teamleder!, [
        decline(first!, 'other'),
        decline(first!, 'exclusion', 'MADRS-S 38'),
        decline(first!, 'dislike'),
      ]),
    ).toEqual(['invalid', 'invalid', 'invalid']);
    expect(
      await push(tokens.teamleder!, [
        decline(first!, 'exclusion'),
        decline(second!, 'other', 'Ønsker behandling nærmere hjemmet'),
      ]),
    ).toEqual(['applied', 'applied']);
    expect((await enrolmentOf(first!)).status).toBe('discontinued');
    const declines = await portal.db.query<any>(
      `SELECT e.patient_id, d.reason, d.reason_text, d.declined_by FROM enrolment_decline d
         JOIN enrolment e ON e.id = d.enrolment_id ORDER BY d.reason`,
    );
    expect(declines.rows).toEqual([
      { patient_id: first, reason: 'exclusion', reason_text: null, declined_by: ids.teamleder },
      {
        patient_id: second,
        reason: 'other',
        reason_text: 'Ønsker behandling nærmere hjemmet',
        declined_by: ids.teamleder,
      },
    ]);
    expect(await audited('enrolment.decline', first!)).toBe(1);
    expect(await push(tokens.teamleder!, [decline(first!, 'exclusion')])).toEqual(['conflict']);

    const outside = await pushOne(tokens.teamleder!, decline(other.patient, 'no-contact'));
    expect(outside).toEqual(await pushOne(tokens.teamleder!, decline(randomUUID(), 'no-contact')));
    expect(outside.code).toBe('not-found');
    const third = (await waitingPatients())[0]!;
    expect(await push(tokens.terapeut1!, [decline(third, 'no-contact')])).toEqual(['forbidden']);
    expect(await refusals(ids.teamleder!, 'sync waiting.decline')).toBe(2);
    expect(await count(portal.db, 'enrolment_decline')).toBe(2);
  });

  it('moves several patients to another therapist as one mutation; the old therapist’s cache drops them', async () => {
    const [a, b] = await patientsOf(portal.db, 'terapeut1');
    const oldCursor = (await pullAll(portal, tokens.terapeut1!)).cursor;
    const newCursor = (await pullAll(portal, tokens.terapeut2!)).cursor;
    const reassign = (patientIds: string[], therapistId = ids.terapeut2) => ({
      type: 'team.reassign',
      payload: { patientIds, therapistId },
    });

    // All or nothing: one patient outside the team refuses the whole move, as an unknown id would.
    const outside = await pushOne(tokens.teamleder!, reassign([a!, b!, other.patient]));
    expect(outside).toEqual(await pushOne(tokens.teamleder!, reassign([a!, randomUUID()])));
    expect(outside.code).toBe('not-found');
    expect(
      await push(tokens.teamleder!, [reassign([a!, b!], other.therapist), reassign([a!, b!], ids.teamleder)]),
    ).toEqual(['conflict', 'conflict']);
    expect(await push(tokens.terapeut1!, [reassign([a!, b!])])).toEqual(['forbidden']);
    expect((await enrolmentOf(a!)).therapist_id).toBe(ids.terapeut1);
    expect((await enrolmentOf(b!)).therapist_id).toBe(ids.terapeut1);
    expect(await refusals(ids.teamleder!, 'sync team.reassign')).toBe(2);

    expect(await push(tokens.teamleder!, [reassign([a!, b!])])).toEqual(['applied']);
    expect((await enrolmentOf(a!)).therapist_id).toBe(ids.terapeut2);
    expect((await enrolmentOf(b!)).therapist_id).toBe(ids.terapeut2);
    expect(await audited('enrolment.reassign', a!)).toBe(1);
    expect(await audited('enrolment.reassign', b!)).toBe(1);

    const lost = await pullUntil(portal, tokens.terapeut1!, oldCursor, (changes) =>
      [a, b].every((id) => changes.some((c) => c.op === 'drop-patient' && c.patientId === id)),
    );
    expect(lost.changes).toEqual(
      expect.arrayContaining([
        { op: 'drop-patient', patientId: a },
        { op: 'drop-patient', patientId: b },
      ]),
    );
    expect(lost.changes.some((c) => c.op === 'upsert' && [a, b].includes(c.record.patientId))).toBe(false);
    const gained = await pullUntil(portal, tokens.terapeut2!, newCursor, (changes) =>
      [a, b].every((id) => changes.some((c) => c.entity === 'patient' && c.record.id === id)),
    );
    const messages = await count(portal.db, 'message WHERE patient_id = $1', [a]);
    expect(gained.changes.filter((c) => c.entity === 'message' && c.record.patientId === a)).toHaveLength(
      messages,
    );
    expect(await patientsOf(portal.db, 'terapeut1')).not.toContain(a);
  });

  it("sets a therapist's target capacity; without one it follows the clinic's default", async () => {
    const setCapacity = (therapistId: string, capacity: number | null) => ({
      type: 'team.setCapacity',
      payload: { therapistId, capacity },
    });
    const capacityOf = async (staffId: string) =>
      (
        await portal.db.query<{ c: number }>('SELECT caseload_capacity AS c FROM staff WHERE id = $1', [
          staffId,
        ])
      ).rows[0]!.c;
    const cursor = (await pullAll(portal, tokens.teamleder!)).cursor;

    expect(
      await push(tokens.teamleder!, [setCapacity(ids.terapeut1!, 30), setCapacity(ids.terapeut2!, null)]),
    ).toEqual(['applied', 'applied']);
    expect(await capacityOf(ids.terapeut1!)).toBe(30);
    expect(await capacityOf(ids.terapeut2!)).toBe(25);
    expect(await audited(`staff.capacity:${ids.terapeut1}`, null)).toBe(1);
    const pulled = await pullUntil(portal, tokens.teamleder!, cursor, (changes) =>
      changes.some((c) => c.entity === 'staff' && c.record.id === ids.terapeut1),
    );
    expect(
      pulled.changes.findLast((c) => c.entity === 'staff' && c.record.id === ids.terapeut1)?.record
        .caseloadCapacity,
    ).toBe(30);

    // The clinic lowers its default: the therapist without a target of their own follows it; one
    // whose target was set (by the lead, or by the administrator creating the account) keeps it.
    const admin = await portal.login('admin');
    const created = await portal.call('POST', '/api/v1/admin/staff', {
      token: admin,
      body: {
        displayName: 'Tina Terapeut',
        username: 'tina',
        role: 'therapist',
        teamId: (
          await portal.db.query<{ id: string }>('SELECT team_id AS id FROM staff_team WHERE staff_id = $1', [
            ids.terapeut1,
          ])
        ).rows[0]!.id,
        caseloadCapacity: 12,
      },
    });
    expect(created.status).toBe(200);
    const settings = (await portal.call('GET', '/api/v1/admin/settings', { token: admin })).body;
    const saved = await portal.call('PUT', '/api/v1/admin/settings', {
      token: admin,
      body: { ...settings, staff: { ...settings.staff, defaultCaseloadCapacity: 20 } },
    });
    expect(saved.status).toBe(200);
    expect(await capacityOf(ids.terapeut1!)).toBe(30);
    expect(await capacityOf(ids.terapeut2!)).toBe(20);
    expect(await capacityOf(created.body.staff.id)).toBe(12);

    // Another team's therapist answers like an unknown one; no other role sets a target.
    const outside = await pushOne(tokens.teamleder!, setCapacity(other.therapist, 10));
    expect(outside).toEqual(await pushOne(tokens.teamleder!, setCapacity(randomUUID(), 10)));
    expect(outside.code).toBe('not-found');
    expect(
      await push(tokens.teamleder!, [setCapacity(ids.teamleder!, 10), setCapacity(ids.terapeut1!, 201)]),
    ).toEqual(['not-found', 'invalid']);
    expect(await push(tokens.terapeut1!, [setCapacity(ids.terapeut1!, 10)])).toEqual(['forbidden']);
    expect(await capacityOf(other.therapist)).toBe(20);
    expect(await capacityOf(ids.terapeut1!)).toBe(30);
  });
});
