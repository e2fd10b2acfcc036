import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPortal } from '../../src/portal/app';
import { createPortalContext } from '../../src/portal/context';
import type { Db } from '../../src/portal/db/db';
import { openDatabase } from '../../src/portal/db/open';
import { createLogger } from '../../src/portal/logger';
import { IDLE_MINUTES } from '../../src/portal/pages/session';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { seedIfEmpty } from '../../src/portal/seed/seed';
import { Browser } from './browser';
import { eachBackend, count, freshDatabase, SEED_NOW, type Database } from './harness';

type App = Awaited<ReturnType<typeof buildPortal>>;

/** Sign-ins per address and name per minute in these tests. */
const LOGIN_LIMIT = 6;

eachBackend('patient pages on %s', (backend) => {
  let database: Database;
  let app: App;
  let db: Db;
  let stop: () => Promise<void>;
  const logLines: string[] = [];
  const rows = (table: string) => count(db, table);
  /** Ages every open session: as if the patient had been idle this long. */
  const idleFor = (minutes: number) =>
    db.query(
      'UPDATE web_session SET last_seen_at = now() - make_interval(mins => $1) WHERE ended_at IS NULL',
      [minutes],
    );

  beforeAll(async () => {
    database = await freshDatabase(backend);
    // Logs at debug into memory, to check that no patient data reaches them.
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );
    db = await openDatabase(database.options, logger);
    await seedIfEmpty(db, 'demo', { now: SEED_NOW });
    const context = await createPortalContext(db, { max: LOGIN_LIMIT, timeWindowMs: 60_000 });
    app = await buildPortal(context, logger);
    stop = async () => {
      await app.close();
      context.stop();
      await db.close();
    };
  });
  afterAll(async () => {
    await stop();
    await database.drop();
  });

  it('signs a patient in with an HttpOnly, SameSite=Strict cookie, Secure except on loopback', async () => {
    const local = new Browser(app);
    const signedIn = await local.signIn('pasient1');
    expect(signedIn.statusCode).toBe(303);
    const session = local.setCookies.find((c) => c.startsWith('mestring_sesjon='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/);
    expect((await local.request('GET', '/pasient')).statusCode).toBe(200);

    const hosted = new Browser(app, 'portal.example-clinic.no');
    await hosted.signIn('pasient2');
    const cookies = hosted.setCookies.join('\n');
    expect(cookies).toMatch(/mestring_sesjon=[^\n]*Secure/);
    const page = await hosted.request('GET', '/pasient');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toContain('<script');
  });

  it('signs out after 15 minutes without activity, not before', async () => {
    const browser = new Browser(app);
    await browser.signIn('pasient1');
    await idleFor(IDLE_MINUTES - 1);
    expect((await browser.request('GET', '/pasient')).statusCode).toBe(200);
    await idleFor(IDLE_MINUTES + 1);
    const expired = await browser.request('GET', '/pasient');
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/pasient/logg-inn?utlopt');
  });

  it('refuses a form without a valid CSRF token: the text is kept, nothing is written', async () => {
    const browser = new Browser(app);
    await browser.signIn('pasient1');
    await browser.request('GET', '/pasient/meldinger');
    const before = await rows('message');
    const refused = await browser.request('POST', '/pasient/meldinger', {
      _csrf: 'forged',
      melding: 'Teksten min skal ikke bli borte',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Teksten min skal ikke bli borte');
    expect(refused.body).toContain('Skjemaet var utløpt');
    expect(await rows('message')).toBe(before);

    const sent = await browser.request('POST', '/pasient/meldinger', {
      _csrf: browser.csrf,
      melding: 'Teksten min skal ikke bli borte',
    });
    expect(sent.statusCode).toBe(303);
    expect(await rows('message')).toBe(before + 1);
  });

  it('refuses a message with a control character as the API does, keeping the text, writing nothing', async () => {
    const browser = new Browser(app);
    await browser.signIn('pasient1');
    await browser.request('GET', '/pasient/meldinger');
    const before = await rows('message');
    const refused = await browser.request('POST', '/pasient/meldinger', {
      _csrf: browser.csrf,
      melding: 'Hei\u0000 der',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('tegn som ikke kan lagres');
    expect(refused.body).toContain('der');
    expect(await rows('message')).toBe(before);
  });

  it('refuses bad homework and a stale questionnaire with a clear message, writing nothing', async () => {
    const browser = new Browser(app);
    await browser.signIn('pasient1');
    const week = await browser.request('GET', '/pasient');
    const moduleNo = /\/pasient\/hjemmeoppgave\/(\d)/.exec(week.body)![1];
    const form = await browser.request('GET', `/pasient/hjemmeoppgave/${moduleNo}`);
    const field = /<textarea\s+id="f-([a-z-]+)"/.exec(form.body)![1]!;
    const homework = await rows('homework');
    const tooLong = await browser.request('POST', `/pasient/hjemmeoppgave/${moduleNo}`, {
      _csrf: browser.csrf,
      handling: 'lever',
      [field]: `start ${'x'.repeat(5000)}`,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Teksten er for lang');
    expect(tooLong.body).toContain(`start ${'x'.repeat(100)}`);
    const empty = await browser.request('POST', `/pasient/hjemmeoppgave/${moduleNo}`, {
      _csrf: browser.csrf,
      handling: 'lever',
    });
    expect(empty.statusCode).toBe(400);
    expect(await rows('homework')).toBe(homework);

    const responses = await rows('questionnaire_response');
    await browser.request('GET', '/pasient/skjema/phq-9');
    const answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q-${i + 1}`, '1']));
    const stale = await browser.request('POST', '/pasient/skjema/phq-9', {
      _csrf: browser.csrf,
      uke: '99',
      ...answers,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Skjemaet var utløpt');
    expect(stale.body).toMatch(/name="q-9"\s+value="1"\s+checked/);
    const outOfRange = await browser.request('POST', '/pasient/skjema/phq-9', {
      _csrf: browser.csrf,
      uke: /name="uke"\s+value="(\d+)"/.exec(stale.body)![1]!,
      ...answers,
      'q-9': '7',
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.body).toContain('1 spørsmål er ikke besvart');
    expect(await rows('questionnaire_response')).toBe(responses);
  });

  it('offers the follow-up not before its date: the pages say when it opens, and a weekly form left open stores nothing', async () => {
    const browser = new Browser(app);
    await browser.signIn('pasient2');
    const week = /name="uke"\s+value="(\d+)"/.exec(
      (await browser.request('GET', '/pasient/skjema/phq-9')).body,
    )![1]!;
    // The programme ends: completed ten days ago, so the follow-up opens in about three months.
    await db.query(
      `UPDATE enrolment SET status = 'completed', start_date = current_date - 108, planned_end_date = current_date - 10
        WHERE patient_id = (SELECT principal_id FROM account WHERE username = 'pasient2') AND status = 'active'`,
    );
    const home = await browser.request('GET', '/pasient');
    expect(home.body).toContain('Programmet ditt er avsluttet.');
    expect(home.body).toContain('måneder etter at programmet sluttet');
    expect(home.body).not.toContain('/pasient/oppfolging');
    for (const path of ['/pasient/oppfolging', '/pasient/skjema', '/pasient/skjema/phq-9']) {
      const early = await browser.request('GET', path);
      expect(early.statusCode, path).toBe(200);
      expect(early.body, path).toContain('Oppfølgingsskjemaene åpner');
    }
    const responses = await rows('questionnaire_response');
    const answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q-${i + 1}`, '0']));
    const late = await browser.request('POST', '/pasient/skjema/phq-9', {
      _csrf: browser.csrf,
      uke: week,
      ...answers,
    });
    expect(late.body).toContain('Oppfølgingsskjemaene åpner');
    expect(await rows('questionnaire_response')).toBe(responses);
  });

  it('rate-limits sign-in and keeps staff out of the patient pages', async () => {
    const staff = new Browser(app);
    const refused = await staff.signIn('terapeut1');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Behandlere bruker arbeidsstasjonen');
    expect(staff.setCookies.some((c) => c.startsWith('mestring_sesjon='))).toBe(false);

    const guesser = new Browser(app);
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_LIMIT; i++) {
      statuses.push((await guesser.signIn('ukjent-pasient', `feil-${i}`)).statusCode);
    }
    // The lockout (5 failures) answers before the rate limit, and the rate limit after it.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(423);
    expect(statuses[LOGIN_LIMIT]).toBe(429);
  });

  it('writes no patient data to the logs', async () => {
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('Teksten min skal ikke bli borte');
    expect(log).not.toContain('mestring_sesjon=');
    expect(log).not.toContain(DEMO_PASSWORD);
    const patients = await db.query<{ name: string }>(
      `SELECT p.given_name || ' ' || p.family_name AS name FROM patient p JOIN account a ON a.principal_id = p.id`,
    );
    for (const { name } of patients.rows) expect(log).not.toContain(name);
  });
});
