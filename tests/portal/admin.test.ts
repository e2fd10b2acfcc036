/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nationalIdControlDigits } from '../../src/shared/identity/nationalId';
import { Browser } from './browser';
import {
  count,
  eachBackend,
  freshDatabase,
  openPortal,
  pullAll,
  type Database,
  type TestPortal,
} from './harness';

const NEW_PASSWORD = 'en setning jeg husker godt';

/** A synthetic fødselsnummer for a birth date (DDMMYY, 1900s): the first individual number with valid control digits. */
function syntheticNationalId(ddmmyy: string, from = 100): string {
  for (let individual = from; individual < 500; individual++) {
    const control = nationalIdControlDigits(`${ddmmyy}${individual}`);
    if (control) return `${ddmmyy}${individual}${control}`;
  }
  throw new Error('no number');
}

eachBackend('clinic administration on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let admin: string;
  let teamLead: string;
  let therapist: string;
  let teamId: string;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    admin = await portal.login('admin');
    teamLead = await portal.login('teamleder');
    therapist = await portal.login('terapeut1');
    teamId = (await portal.call('GET', '/api/v1/admin/clinic', { token: admin })).body.teams[0].id;
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  /** Opens a setup link in a browser and chooses a password there. */
  async function setUp(path: string, password = NEW_PASSWORD) {
    const browser = new Browser(portal.app);
    const page = await browser.request('GET', path);
    if (page.statusCode !== 200) return page;
    const token = new URL(path, 'http://x').searchParams.get('t')!;
    return browser.request('POST', '/pasient/oppsett', {
      _csrf: browser.csrf,
      t: token,
      password,
      repeat: password,
    });
  }

  const loginStatus = async (username: string, password: string) =>
    (await portal.call('POST', '/api/v1/auth/login', { body: { username, password } })).status;

  it('is for administrators only', async () => {
    expect((await portal.call('GET', '/api/v1/admin/clinic')).status).toBe(401);
    for (const token of [therapist, teamLead, await portal.login('pasient1')]) {
      expect((await portal.call('GET', '/api/v1/admin/clinic', { token })).status).toBe(403);
      expect((await portal.call('POST', '/api/v1/admin/teams', { token, body: { name: 'X' } })).status).toBe(
        403,
      );
    }
  });

  it('creates and renames a team, audited, refusing a name with a control character', async () => {
    const created = await portal.call('POST', '/api/v1/admin/teams', {
      token: admin,
      body: { name: 'Team Sør' },
    });
    expect(created.status).toBe(200);
    expect(created.body.name).toBe('Team Sør');
    const renamed = await portal.call('PATCH', `/api/v1/admin/teams/${created.body.id}`, {
      token: admin,
      body: { name: 'Team Sørvest' },
    });
    expect(renamed.body.name).toBe('Team Sørvest');
    expect(
      await count(portal.db, "audit_log WHERE resource = $1 AND action IN ('create', 'update')", [
        `team:${created.body.id}`,
      ]),
    ).toBe(2);
    const bad = await portal.call('POST', '/api/v1/admin/teams', {
      token: admin,
      body: { name: 'Team\u0000' },
    });
    expect(bad.status).toBe(400);
    const missing = await portal.call('PATCH', '/api/v1/admin/teams/00000000-0000-4000-8000-000000000000', {
      token: admin,
      body: { name: 'Y' },
    });
    expect(missing.status).toBe(404);
  });

  it('invites a therapist with a one-time setup link: no password until they choose one, the link works once', async () => {
    const created = await portal.call('POST', '/api/v1/admin/staff', {
      token: admin,
      body: { displayName: 'Nina Ny', username: 'nina', role: 'therapist', teamId },
    });
    expect(created.status).toBe(200);
    expect(created.body.staff).toMatchObject({
      username: 'nina',
      role: 'therapist',
      teamIds: [teamId],
      awaitingSetup: true,
    });
    // The clinic's default capacity for a therapist.
    expect(created.body.staff.caseloadCapacity).toBe(25);
    const { path } = created.body.setupLink;
    expect(path).toMatch(/^\/pasient\/oppsett\?t=su_/);
    expect(await loginStatus('nina', '')).toBe(400);
    expect(await loginStatus('nina', NEW_PASSWORD)).toBe(401);

    const tooShort = await setUp(path, 'kort');
    expect(tooShort.statusCode).toBe(400);
    const done = await setUp(path);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('nina');
    expect(await loginStatus('nina', NEW_PASSWORD)).toBe(200);
    expect((await setUp(path, 'et annet langt passord')).statusCode).toBe(404);
    expect(await loginStatus('nina', NEW_PASSWORD)).toBe(200);
    // The link's token is stored only as a hash.
    const stored = await portal.db.query<{ token_hash: Uint8Array }>('SELECT token_hash FROM account_setup');
    expect(JSON.stringify(stored.rows)).not.toContain(new URL(path, 'http://x').searchParams.get('t'));
    // The colleague reaches the team's workstations.
    const pulled = await pullAll(portal, teamLead);
    expect(
      pulled.changes.some(
        (change: any) => change.entity === 'staff' && change.record?.displayName === 'Nina Ny',
      ),
    ).toBe(true);
  });

  it('refuses a taken user name, a therapist without a team and an administrator in one', async () => {
    const taken = await portal.call('POST', '/api/v1/admin/staff', {
      token: admin,
      body: { displayName: 'Another', username: 'terapeut1', role: 'therapist', teamId },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('username_taken');
    for (const body of [
      { displayName: 'A', username: 'a1', role: 'therapist', teamId: null },
      { displayName: 'B', username: 'b1', role: 'admin', teamId },
    ]) {
      expect((await portal.call('POST', '/api/v1/admin/staff', { token: admin, body })).status).toBe(400);
    }
  });

  it('expired links do not work', async () => {
    const created = await portal.call('POST', '/api/v1/admin/staff', {
      token: admin,
      body: { displayName: 'Ola Sen', username: 'olasen', role: 'team_lead', teamId },
    });
    await portal.db.query("UPDATE account_setup SET expires_at = now() - interval '1 second'");
    expect((await setUp(created.body.setupLink.path)).statusCode).toBe(404);
  });

  it('resets a password: the old one and every session end, a new link lets the owner choose again', async () => {
    const id = (await portal.call('GET', '/api/v1/admin/clinic', { token: admin })).body.staff.find(
      (staff: any) => staff.username === 'terapeut2',
    ).id;
    const session = await portal.login('terapeut2');
    const reset = await portal.call('POST', `/api/v1/admin/staff/${id}/reset-password`, { token: admin });
    expect(reset.status).toBe(200);
    expect(reset.body.staff.awaitingSetup).toBe(true);
    expect(
      (await portal.call('POST', '/api/v1/sync/pull', { token: session, body: { cursor: null } })).status,
    ).toBe(401);
    expect(await loginStatus('terapeut2', 'demo-passord')).toBe(401);
    expect((await setUp(reset.body.setupLink.path)).statusCode).toBe(200);
    expect(await loginStatus('terapeut2', NEW_PASSWORD)).toBe(200);
    expect(
      await count(portal.db, "audit_log WHERE action = 'reset-password' AND resource = $1", [`staff:${id}`]),
    ).toBe(1);
  });

  it('deactivates an account: its sessions end at once and it cannot sign in; an admin cannot deactivate themself', async () => {
    const clinic = (await portal.call('GET', '/api/v1/admin/clinic', { token: admin })).body;
    const id = clinic.staff.find((staff: any) => staff.username === 'terapeut3').id;
    const login = await portal.call('POST', '/api/v1/auth/login', {
      body: { username: 'terapeut3', password: 'demo-passord' },
    });
    const { accessToken, refreshToken } = login.body;
    expect(
      (await portal.call('POST', '/api/v1/sync/pull', { token: accessToken, body: { cursor: null } })).status,
    ).toBe(200);
    const deactivated = await portal.call('POST', `/api/v1/admin/staff/${id}/deactivate`, { token: admin });
    expect(deactivated.body.active).toBe(false);
    expect(
      (await portal.call('POST', '/api/v1/sync/pull', { token: accessToken, body: { cursor: null } })).status,
    ).toBe(401);
    const refreshed = await portal.call('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    expect(refreshed.status).toBe(401);
    expect(await loginStatus('terapeut3', 'demo-passord')).toBe(401);
    const self = clinic.staff.find((staff: any) => staff.username === 'admin').id;
    expect(
      (await portal.call('POST', `/api/v1/admin/staff/${self}/deactivate`, { token: admin })).status,
    ).toBe(409);
  });

  it("keeps the clinic's settings, validated, and the patient pages use the patient-facing ones", async () => {
    const before = await portal.call('GET', '/api/v1/admin/settings', { token: admin });
    expect(before.body.staff).toEqual({
      defaultCaseloadCapacity: 25,
      replyDeadlineDays: 3,
      idleLockMinutes: 10,
    });
    const settings = {
      staff: { defaultCaseloadCapacity: 20, replyDeadlineDays: 2, idleLockMinutes: 5 },
      patientInfo: {
        localPsychiatricCentre: 'Bjørgvin DPS, akutteamet: 55 00 00 00',
        replyWithinWorkingDays: 2,
      },
    };
    expect(
      (await portal.call('PUT', '/api/v1/admin/settings', { token: admin, body: settings })).body,
    ).toEqual(settings);
    expect((await portal.call('GET', '/api/v1/admin/settings', { token: admin })).body).toEqual(settings);
    for (const bad of [
      { ...settings, staff: { ...settings.staff, idleLockMinutes: 0 } },
      { ...settings, patientInfo: { ...settings.patientInfo, localPsychiatricCentre: 'DPS\u0000' } },
    ]) {
      expect((await portal.call('PUT', '/api/v1/admin/settings', { token: admin, body: bad })).status).toBe(
        400,
      );
    }
    const browser = new Browser(portal.app);
    await browser.signIn('pasient1');
    const messages = await browser.request('GET', '/pasient/meldinger');
    expect(messages.body).toContain('svar innen 2 virkedager');
    expect(await count(portal.db, "audit_log WHERE resource LIKE 'clinic.settings:%'")).toBe(1);
  });

  it("tells every signed-in staff member, whatever the role, the clinic's staff settings; nobody else", async () => {
    const staff = { defaultCaseloadCapacity: 18, replyDeadlineDays: 4, idleLockMinutes: 7 };
    const current = (await portal.call('GET', '/api/v1/admin/settings', { token: admin })).body;
    await portal.call('PUT', '/api/v1/admin/settings', { token: admin, body: { ...current, staff } });
    for (const token of [therapist, teamLead, admin]) {
      const answer = await portal.call('GET', '/api/v1/clinic/staff-settings', { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(staff);
    }
    expect((await portal.call('GET', '/api/v1/clinic/staff-settings')).status).toBe(401);
    const patient = await portal.login('pasient1');
    expect((await portal.call('GET', '/api/v1/clinic/staff-settings', { token: patient })).status).toBe(403);
  });

  it("shows the setup page in the patient pages' one frame", async () => {
    const created = await portal.call('POST', '/api/v1/admin/staff', {
      token: admin,
      body: { displayName: 'Rammen Test', username: 'rammen', role: 'therapist', teamId },
    });
    const page = await new Browser(portal.app).request('GET', created.body.setupLink.path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    // The frame every page has: language, skip link, the one main landmark, the footer's 113 notice.
    expect(page.body).toMatch(/^<!doctype html><html lang="nb">/);
    expect(page.body).toContain('<a class="skip" href="#innhold">');
    expect(page.body).toContain('<main id="innhold" tabindex="-1">');
    expect(page.body).toMatch(/<footer><p>[^<]*113/);
  });

  it('registers a referral: the patient sets up their account, stands on the team waiting list, and only the care team reads the national id', async () => {
    const nationalId = syntheticNationalId('150390');
    const referral = {
      givenName: 'Sigrid',
      familyName: 'Testesen',
      nationalId,
      phone: '+47 400 00 000',
      programme: 'panic',
      teamId,
      username: 'sigrid',
    };
    const created = await portal.call('POST', '/api/v1/referrals', { token: teamLead, body: referral });
    expect(created.status).toBe(200);
    const { patientId, enrolmentId, setupLink } = created.body;

    // The patient chooses a password on the pages and is signed in there.
    const done = await setUp(setupLink.path);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/pasient');
    expect(
      (
        await portal.call('POST', '/api/v1/auth/login', {
          body: { username: 'sigrid', password: NEW_PASSWORD },
        })
      ).status,
    ).toBe(200);

    // The team lead pulls the patient (with the number) and the referred enrolment: the waiting list.
    const lead = await pullAll(portal, teamLead);
    const patient = lead.changes.find(
      (change: any) => change.entity === 'patient' && change.record?.id === patientId,
    );
    expect(patient.record).toMatchObject({ givenName: 'Sigrid', birthYear: 1990, nationalId, teamId });
    expect(lead.changes.find((change: any) => change.record?.id === enrolmentId).record).toMatchObject({
      status: 'referred',
      programme: 'panic',
      therapistId: null,
    });
    // Nobody outside the care team gets it: not a therapist without the patient, not the admin.
    const other = await pullAll(portal, therapist);
    expect(JSON.stringify(other.changes)).not.toContain(nationalId);
    expect(
      JSON.stringify((await portal.call('GET', '/api/v1/admin/clinic', { token: admin })).body),
    ).not.toContain(nationalId);
    expect(
      await count(
        portal.db,
        "audit_log WHERE patient_id = $1 AND action = 'create' AND resource = 'referral'",
        [patientId],
      ),
    ).toBe(1);

    // Registered once only, valid numbers only, and a team lead refers to their own team only.
    const again = await portal.call('POST', '/api/v1/referrals', {
      token: admin,
      body: { ...referral, username: 'sigrid2' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_registered');
    const wrong = nationalId.slice(0, 10) + String((Number(nationalId[10]) + 1) % 10);
    expect(
      (
        await portal.call('POST', '/api/v1/referrals', {
          token: admin,
          body: { ...referral, nationalId: wrong, username: 's3' },
        })
      ).status,
    ).toBe(400);
    const otherTeam = (
      await portal.call('POST', '/api/v1/admin/teams', { token: admin, body: { name: 'Team Nord' } })
    ).body.id;
    const foreign = await portal.call('POST', '/api/v1/referrals', {
      token: teamLead,
      body: { ...referral, nationalId: syntheticNationalId('010185'), username: 's4', teamId: otherTeam },
    });
    expect(foreign.status).toBe(404);
    expect(
      (
        await portal.call('POST', '/api/v1/referrals', {
          token: therapist,
          body: { ...referral, username: 's5' },
        })
      ).status,
    ).toBe(403);
    const byAdmin = await portal.call('POST', '/api/v1/referrals', {
      token: admin,
      body: {
        ...referral,
        nationalId: syntheticNationalId('010185'),
        username: 's6',
        teamId: otherTeam,
        phone: null,
      },
    });
    expect(byAdmin.status).toBe(200);
  });
});
