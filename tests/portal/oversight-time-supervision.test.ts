/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WEEK_SECONDS } from '../../src/shared/contracts/domain';
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

/** Issue 9, sections 4 and 5: therapist time per patient and week, and the supervision sample. */
eachBackend('therapist time and supervision samples on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  const tokens: Record<string, string> = {};
  let ownPatient: string;
  let foreignPatient: string;
  let thisWeek: string;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    for (const user of ['terapeut1', 'terapeut2', 'teamleder', 'pasient1'])
      tokens[user] = await portal.login(user);
    ownPatient = (await patientsOf(portal.db, 'terapeut1'))[0]!;
    foreignPatient = (await patientsOf(portal.db, 'terapeut2'))[0]!;
    thisWeek = (await portal.db.query<{ w: string }>(`SELECT to_char(now(), 'IYYY-"W"IW') AS w`)).rows[0]!.w;
    // The demo clinic comes with measured time; these tests start from none.
    await portal.db.query('DELETE FROM therapist_time');
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  const push = async (token: string, mutations: { id?: string; type: string; payload: object }[]) => {
    const response = await portal.call('POST', '/api/v1/sync/push', {
      token,
      body: { mutations: mutations.map((m) => ({ id: randomUUID(), ...m })) },
    });
    expect(response.status).toBe(200);
    return response.body.results.map((r: any) => (r.status === 'applied' ? 'applied' : r.code));
  };
  const time = (patientId: string, seconds: number, week = thisWeek) => ({
    type: 'time.record',
    payload: { patientId, week, seconds },
  });
  const keptSeconds = async (patientId: string) =>
    (
      await portal.db.query<{ seconds: number }>(
        'SELECT seconds FROM therapist_time WHERE patient_id = $1 AND week = $2',
        [patientId, thisWeek],
      )
    ).rows.map((row) => row.seconds);

  // ---------------------------------------------------------------- therapist time

  it('keeps one total per therapist, patient and week: repeats and smaller totals change nothing', async () => {
    const repeated = { id: randomUUID(), ...time(ownPatient, 300) };
    expect(await push(tokens.terapeut1!, [repeated, time(ownPatient, 300)])).toEqual(['applied', 'applied']);
    expect(await push(tokens.terapeut1!, [repeated])).toEqual(['applied']);
    expect(await keptSeconds(ownPatient)).toEqual([300]);
    // A late push of an older, smaller total does not take time back.
    expect(await push(tokens.terapeut1!, [time(ownPatient, 120)])).toEqual(['applied']);
    expect(await keptSeconds(ownPatient)).toEqual([300]);
    expect(await push(tokens.terapeut1!, [time(ownPatient, 660)])).toEqual(['applied']);
    expect(await keptSeconds(ownPatient)).toEqual([660]);
    // The week's row is audited once, when it begins.
    expect(
      await count(portal.db, "audit_log WHERE patient_id = $1 AND resource = 'therapistTime'", [ownPatient]),
    ).toBe(1);
  });

  it('a therapist records time only for their own patients, and only for weeks that have begun', async () => {
    const results = await push(tokens.terapeut1!, [
      time(foreignPatient, 60),
      time(randomUUID(), 60),
      time(ownPatient, 60, '2999-W01'),
      time(ownPatient, 60, '2026-W54'),
      time(ownPatient, WEEK_SECONDS + 1),
    ]);
    expect(results).toEqual(['not-found', 'not-found', 'invalid', 'invalid', 'invalid']);
    // A team lead overseeing the patient does not record the therapist's time.
    expect(await push(tokens.teamleder!, [time(ownPatient, 900)])).toEqual(['forbidden']);
    expect(await count(portal.db, 'therapist_time WHERE patient_id = $1', [foreignPatient])).toBe(0);
    expect(await keptSeconds(ownPatient)).toEqual([660]);
  });

  it("the team lead's pull carries the recent weeks' durations in the overview, nothing but durations", async () => {
    const therapist = await principalId(portal.db, 'terapeut1');
    // A week long past stays in the portal: the capacity screen shows four.
    await portal.db.query(
      `INSERT INTO therapist_time (staff_id, patient_id, week, seconds)
       VALUES ($1, $2, to_char(now() - interval '10 weeks', 'IYYY-"W"IW'), 600)`,
      [therapist, ownPatient],
    );
    const overviewOf = (changes: any[]) =>
      changes.filter((c) => c.entity === 'overview' && c.record.patientId === ownPatient).at(-1)?.record;
    const snapshot = await pullAll(portal, tokens.teamleder!);
    // Overseen: [therapist, week, seconds] in the overview, compact; no time record of its own.
    expect(overviewOf(snapshot.changes).time).toEqual([[therapist, thisWeek, 660]]);
    expect(snapshot.changes.some((c) => c.entity === 'therapistTime')).toBe(false);
    // The therapist's own pull (the whole record) has the week's record.
    const own = (await pullAll(portal, tokens.terapeut1!)).changes.filter(
      (c) => c.entity === 'therapistTime',
    );
    expect(own.map((c) => c.record)).toEqual([
      {
        id: expect.any(String),
        patientId: ownPatient,
        staffId: therapist,
        week: thisWeek,
        seconds: 660,
        updatedAt: expect.any(String),
      },
    ]);

    expect(await push(tokens.terapeut1!, [time(ownPatient, 900)])).toEqual(['applied']);
    const delta = await pullUntil(
      portal,
      tokens.teamleder!,
      snapshot.cursor,
      (changes) => overviewOf(changes)?.time[0]?.[2] === 900,
    );
    expect(overviewOf(delta.changes).time).toEqual([[therapist, thisWeek, 900]]);
    expect(delta.changes.some((c) => ['message', 'homework', 'clinicalNote'].includes(c.entity))).toBe(false);
    // The other therapist of the team does not see their colleague's time on a patient not theirs.
    const colleague = await pullAll(portal, tokens.terapeut2!);
    expect(JSON.stringify(colleague.changes)).not.toContain(ownPatient);
  });

  // ---------------------------------------------------------------- supervision sample

  /**
   * A therapist of the demo team with patients and messages under the test's control: recent
   * messages to `recent` patients (one of them twice), one only older than 7 days, and a colleague's
   * recent message to a patient with none from this therapist.
   */
  const sampleClinic = {
    therapist: randomUUID(),
    recent: [randomUUID(), randomUUID(), randomUUID(), randomUUID()],
    old: randomUUID(),
    othersOnly: randomUUID(),
    recentMessages: new Set<string>(),
  };
  let sampleLeads: string[] = [];

  async function createSampleClinic() {
    const team = (
      await portal.db.query<{ team_id: string }>('SELECT team_id FROM patient WHERE id = $1', [ownPatient])
    ).rows[0]!.team_id;
    const hash = (
      await portal.db.query<{ h: string }>(
        "SELECT password_hash AS h FROM account WHERE username = 'teamleder'",
      )
    ).rows[0]!.h;
    const other = await principalId(portal.db, 'terapeut2');
    const { therapist, recent, old, othersOnly } = sampleClinic;
    const leads = Array.from({ length: 6 }, () => randomUUID());
    await portal.db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO staff (id, display_name, role) VALUES ($1, 'Veiledet Terapeut', 'therapist')",
        [therapist],
      );
      await tx.query('INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $2)', [therapist, team]);
      for (const [index, lead] of leads.entries()) {
        await tx.query("INSERT INTO staff (id, display_name, role) VALUES ($1, $2, 'team_lead')", [
          lead,
          `Leder ${index}`,
        ]);
        await tx.query('INSERT INTO staff_team (staff_id, team_id) VALUES ($1, $2)', [lead, team]);
        await tx.query(
          "INSERT INTO account (principal_id, kind, username, password_hash) VALUES ($1, 'staff', $2, $3)",
          [lead, `leder-sample-${index}`, hash],
        );
      }
      for (const patient of [...recent, old, othersOnly]) {
        await tx.query(
          "INSERT INTO patient (id, given_name, family_name, birth_year, team_id) VALUES ($1, 'Kari', 'Utvalg', 1985, $2)",
          [patient, team],
        );
        await tx.query(
          "INSERT INTO enrolment (id, patient_id, programme, status, therapist_id) VALUES ($1, $2, 'panic', 'assessment', $3)",
          [randomUUID(), patient, therapist],
        );
      }
      const send = async (patient: string, author: string, daysAgo: number) => {
        const id = randomUUID();
        await tx.query(
          `INSERT INTO message (id, patient_id, author_kind, author_staff_id, body, sent_at)
           VALUES ($1, $2, 'staff', $3, 'Svar', now() - make_interval(days => $4))`,
          [id, patient, author, daysAgo],
        );
        return id;
      };
      for (const [index, patient] of recent.entries())
        sampleClinic.recentMessages.add(await send(patient, therapist, index + 1));
      sampleClinic.recentMessages.add(await send(recent[0]!, therapist, 6));
      await send(old, therapist, 8);
      await send(othersOnly, other, 1);
    });
    sampleLeads = await Promise.all(leads.map((_, index) => portal.login(`leder-sample-${index}`)));
  }

  const sample = (therapistId: string, size: number) => ({
    type: 'supervision.sample',
    payload: {
      sampleId: randomUUID(),
      therapistId,
      grantIds: Array.from({ length: size }, () => randomUUID()),
    },
  });
  /** The grants a lead's samples opened: patient, sampled message, reason. */
  const sampledBy = async (username: string) =>
    (
      await portal.db.query<{ patient_id: string; sampled_message_id: string; reason: string }>(
        `SELECT g.patient_id, g.sampled_message_id, g.reason FROM access_grant g
          JOIN account a ON a.principal_id = g.staff_id
         WHERE g.sample_id IS NOT NULL AND a.username = $1`,
        [username],
      )
    ).rows;

  it("draws the sample among the therapist's messages of the last 7 days, one per patient, as supervision grants", async () => {
    await createSampleClinic();
    const { therapist, recent, recentMessages } = sampleClinic;
    expect(await push(tokens.teamleder!, [sample(therapist, 3)])).toEqual(['applied']);
    const grants = await sampledBy('teamleder');
    expect(grants).toHaveLength(3);
    expect(new Set(grants.map((g) => g.patient_id)).size).toBe(3);
    for (const grant of grants) {
      expect(recent).toContain(grant.patient_id);
      expect(recentMessages.has(grant.sampled_message_id)).toBe(true);
      expect(grant.reason).toBe('supervision');
    }
    // Each opening is audited with its reason and shows in the patient's access log.
    for (const grant of grants) {
      expect(
        await count(
          portal.db,
          "audit_log WHERE patient_id = $1 AND action = 'open' AND resource = 'record' AND reason = 'supervision'",
          [grant.patient_id],
        ),
      ).toBe(1);
    }
    // The lead's next pull brings the sampled records whole, with their grants.
    const pulled = await pullAll(portal, tokens.teamleder!);
    const opened = pulled.changes.filter(
      (c) => c.entity === 'accessGrant' && c.record.reason === 'supervision',
    );
    expect(opened.map((c) => c.record.patientId).sort()).toEqual(grants.map((g) => g.patient_id).sort());
    expect(
      pulled.changes.some((c) => c.entity === 'message' && c.record.id === grants[0]!.sampled_message_id),
    ).toBe(true);
  });

  it("the patient's access log shows a supervision opening like any other", async () => {
    const patient = await principalId(portal.db, 'pasient1');
    const therapist = await principalId(portal.db, 'terapeut1');
    await portal.db.query(
      `INSERT INTO message (id, patient_id, author_kind, author_staff_id, body, sent_at)
       VALUES ($1, $2, 'staff', $3, 'Svar', now() - interval '1 day')`,
      [randomUUID(), patient, therapist],
    );
    // pasient1 is the only patient terapeut1 wrote to this week, so a sample of them opens pasient1.
    await portal.db.query(
      `UPDATE message SET sent_at = now() - interval '30 days'
        WHERE author_staff_id = $1 AND patient_id <> $2 AND sent_at > now() - interval '7 days'`,
      [therapist, patient],
    );
    expect(await push(sampleLeads[0]!, [sample(therapist, 3)])).toEqual(['applied']);
    const log = await portal.call('GET', '/api/v1/patient/me/access-log', { token: tokens.pasient1 });
    expect(log.status).toBe(200);
    expect(log.body).toContainEqual(
      expect.objectContaining({
        action: 'open',
        resource: 'record',
        reason: 'supervision',
        actorRole: 'team_lead',
      }),
    );
  });

  it('is at most the patients there are, once a week per therapist, and drawn at random', async () => {
    const { therapist, recent } = sampleClinic;
    // A second draw this week is refused, so a sample cannot be redrawn until it suits.
    expect(await push(tokens.teamleder!, [sample(therapist, 3)])).toEqual(['conflict']);
    expect(await sampledBy('teamleder')).toHaveLength(3);
    // Asking for more than there are opens each recent patient once.
    expect(await push(sampleLeads[1]!, [sample(therapist, 10)])).toEqual(['applied']);
    expect((await sampledBy('leder-sample-1')).map((g) => g.patient_id).sort()).toEqual([...recent].sort());
    // Four leads draw two of the four patients each: not all the same pair (chance 1 in 216).
    const pairs = new Set<string>();
    for (const [index, token] of sampleLeads.slice(2).entries()) {
      expect(await push(token, [sample(therapist, 2)])).toEqual(['applied']);
      const drawn = (await sampledBy(`leder-sample-${index + 2}`)).map((g) => g.patient_id).sort();
      expect(drawn).toHaveLength(2);
      pairs.add(drawn.join());
    }
    expect(pairs.size).toBeGreaterThan(1);
  });

  it('only a team lead draws, only of a therapist of their teams, and only from sent messages', async () => {
    const { therapist } = sampleClinic;
    expect(await push(tokens.terapeut1!, [sample(therapist, 3)])).toEqual(['forbidden']);
    expect(await push(tokens.teamleder!, [sample(randomUUID(), 3)])).toEqual(['not-found']);
    // A team lead is no therapist to sample.
    expect(await push(tokens.teamleder!, [sample(await principalId(portal.db, 'teamleder'), 3)])).toEqual([
      'not-found',
    ]);
    // terapeut2 has sent nothing in the last 7 days once their messages are older: nothing to draw, no sample kept.
    const other = await principalId(portal.db, 'terapeut2');
    await portal.db.query(
      "UPDATE message SET sent_at = now() - interval '30 days' WHERE author_staff_id = $1",
      [other],
    );
    expect(await push(tokens.teamleder!, [sample(other, 3)])).toEqual(['conflict']);
    expect(await count(portal.db, 'supervision_sample WHERE therapist_id = $1', [other])).toBe(0);
  });
});
