/* eslint-disable @typescript-eslint/no-explicit-any -- the tests assert on response JSON as the wire carries it */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstrumentId } from '../../src/shared/clinical/index';
import { buildPortal } from '../../src/portal/app';
import { PROGRAMME_INSTRUMENTS } from '../../src/shared/clinical/programmes';
import { createPortalContext } from '../../src/portal/context';
import type { Db } from '../../src/portal/db/db';
import { openDatabase } from '../../src/portal/db/open';
import { loadInstrumentTextForStart } from '../../src/portal/instruments/textLibrary';
import { createLogger } from '../../src/portal/logger';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import { seedIfEmpty } from '../../src/portal/seed/seed';
import { startPortal } from '../../src/portal/server';
import { eachBackend, freshDatabase, SEED_NOW, type Database } from './harness';
import { placeholderFile } from './placeholder-text';

eachBackend("this week's questionnaires in the patient's language on %s", (backend) => {
  let database: Database;
  let dir: string;
  let db: Db;
  let close: () => Promise<void>;
  let call: (url: string, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;
  let measure: InstrumentId;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    const logger = createLogger('silent');
    db = await openDatabase(database.options, logger);
    await seedIfEmpty(db, 'demo', { now: SEED_NOW });
    const programme = await db.query<{ programme: keyof typeof PROGRAMME_INSTRUMENTS }>(
      `SELECT e.programme FROM enrolment e JOIN account a ON a.principal_id = e.patient_id
        WHERE a.username = 'pasient1' AND e.status = 'active'`,
    );
    measure = PROGRAMME_INSTRUMENTS[programme.rows[0]!.programme].find((id) => id !== 'phq-9')!;
    // Bokmål for the PHQ-9; the licensed measure only in nynorsk.
    dir = await mkdtemp(join(tmpdir(), 'instrument-text-'));
    await writeFile(join(dir, 'phq-9.nb.json'), JSON.stringify(placeholderFile('phq-9', 'nb')));
    await writeFile(join(dir, `${measure}.nn.json`), JSON.stringify(placeholderFile(measure, 'nn')));
    const context = await createPortalContext(db);
    const app = await buildPortal(context, logger, await loadInstrumentTextForStart(dir));
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'pasient1', password: DEMO_PASSWORD },
    });
    const token = login.json().accessToken as string;
    call = async (url, headers = {}) => {
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      return { status: response.statusCode, body: response.json() };
    };
    close = async () => {
      await app.close();
      context.stop();
      await db.close();
    };
  });
  afterAll(async () => {
    await close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const byId = (body: any, id: string) => body.questionnaires.find((q: any) => q.instrumentId === id);

  it('serves bokmål by default, the clinic file over the built-in English', async () => {
    const week = await call('/api/v1/patient/me/questionnaires');
    expect(week.status).toBe(200);
    expect(week.body.questionnaires.map((q: any) => q.instrumentId)).toEqual(['phq-9', measure]);
    const phq9 = byId(week.body, 'phq-9');
    expect(phq9.text.language).toBe('nb');
    expect(phq9.text.items[8]).toMatchObject({ linkId: '9', text: 'PLACEHOLDER spørsmål 9' });
    expect(phq9.text.items[0].options[0]).toEqual({ value: 0, label: 'PLACEHOLDER svar 0' });
  });

  it('follows Accept-Language and the lang parameter, falling back to bokmål, then English', async () => {
    const english = await call('/api/v1/patient/me/questionnaires', { 'accept-language': 'en-GB,en;q=0.8' });
    expect(byId(english.body, 'phq-9').text.language).toBe('en');
    expect(byId(english.body, 'phq-9').text.items[8].text).toMatch(/better off dead/);
    const nynorsk = await call('/api/v1/patient/me/questionnaires?lang=nn');
    expect(byId(nynorsk.body, measure).text.language).toBe('nn');
    // No nynorsk PHQ-9: bokmål before English.
    expect(byId(nynorsk.body, 'phq-9').text.language).toBe('nb');
    expect((await call('/api/v1/patient/me/questionnaires?lang=x!')).status).toBe(400);
  });

  it('says the text is not available for a licensed instrument without a file in any accepted language', async () => {
    const week = await call('/api/v1/patient/me/questionnaires', {
      'accept-language': 'nb-NO,nb;q=0.9,en;q=0.5',
    });
    expect(byId(week.body, measure)).toEqual({
      instrumentId: measure,
      answered: expect.any(Boolean),
      text: null,
      textUnavailable: 'licensed-text-not-supplied',
    });
  });
});

describe('portal start with instrument text files', () => {
  it('refuses to start on a malformed file, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'instrument-text-'));
    try {
      await writeFile(join(dir, 'madrs-s.nb.json'), '{ not json');
      await expect(
        startPortal({ port: 0, dataDir: 'memory://', logLevel: 'silent', instrumentTextDir: dir }),
      ).rejects.toThrow(/madrs-s\.nb\.json/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
