/**
 * `npm run bench:portal`: the portal under load on loopback, with the large demo clinic, against
 * PostgreSQL (TEST_DATABASE_URL, or the local default, in a fresh database) and against PGlite.
 *
 * The server runs in a child process so the load generator does not share its event loop. Next to
 * the portal the child serves a bare node:http baseline that calls the same handler code (so runs
 * the same SQL) with no framework and no authentication; the ratio between the two is our
 * overhead. Bounded: every phase stops after a few seconds or a fixed number of requests. Any
 * failed request fails the run (non-zero exit) once the figures are printed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { instruments, type InstrumentId } from '../src/shared/clinical/index';
import { buildPortal } from '../src/portal/app';
import type { Caller } from '../src/portal/auth/principal';
import { issueTokens } from '../src/portal/auth/tokens';
import { PROGRAMME_INSTRUMENTS } from '../src/shared/clinical/programmes';
import { submitQuestionnaire } from '../src/portal/care/questionnaires';
import { createPortalContext } from '../src/portal/context';
import type { Db } from '../src/portal/db/db';
import { openDatabase } from '../src/portal/db/open';
import { createLogger } from '../src/portal/logger';
import { DEMO_PASSWORD } from '../src/portal/seed/accounts';
import { seedIfEmpty } from '../src/portal/seed/seed';
import { decodeCursor } from '../src/portal/sync/cursor';
import { pull, serverEpoch } from '../src/portal/sync/pull';
import { fmt, load, send, type LoadResult } from './load';

const SECONDS = 5;
const MAX_REQUESTS = 20_000;
const INITIAL_RUNS = 5;
/** Any failed request fails the run, after every figure is printed. */
let failures = 0;

type Backend = 'postgres' | 'pglite';
/** One questionnaire a patient may still answer this week: each is submitted once per phase. */
interface Slot {
  patientId: string;
  token: string;
  instrumentId: InstrumentId;
}
interface Ready {
  portal: string;
  baseline: string;
  seedMs: number;
  slots: Slot[];
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as Backend, process.argv[4]!);
else await main();

// ---------------------------------------------------------------------------------------------
// Child: the portal and the bare baseline on one database.

async function serve(backend: Backend, target: string): Promise<void> {
  const logger = createLogger('silent');
  const db = await openDatabase(
    backend === 'postgres' ? { databaseUrl: target } : { dataDir: target },
    logger,
  );
  const seedStarted = performance.now();
  await seedIfEmpty(db, 'large');
  const seedMs = performance.now() - seedStarted;
  const slots = await submissionSlots(db);
  const app = await buildPortal(await createPortalContext(db, { max: 10_000, timeWindowMs: 60_000 }), logger);
  const portal = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseline = await listenBaseline(db, await serverEpoch(db));
  process.send!({ portal, baseline, seedMs, slots } satisfies Ready);
  process.on(
    'disconnect',
    () =>
      void app
        .close()
        .then(() => db.close())
        .then(() => process.exit(0)),
  );
}

/**
 * A questionnaire is answered once a week, so the load needs many patients: every patient well
 * inside their programme gets a session (issued directly; a login per patient would measure Argon2).
 */
async function submissionSlots(db: Db): Promise<Slot[]> {
  return db.transaction(async (tx) => {
    const hash = await tx.query<{ h: string }>(
      "SELECT password_hash AS h FROM account WHERE username = 'pasient1'",
    );
    const patients = await tx.query<{ id: string; programme: keyof typeof PROGRAMME_INSTRUMENTS }>(
      `SELECT p.id, e.programme FROM patient p JOIN enrolment e ON e.patient_id = p.id AND e.status = 'active'
        WHERE e.start_date BETWEEN current_date - 90 AND current_date - 1 ORDER BY p.id`,
    );
    const slots: Slot[] = [];
    for (const { id, programme } of patients.rows) {
      await tx.query(
        `INSERT INTO account (principal_id, kind, username, password_hash) VALUES ($1, 'patient', $2, $3)
         ON CONFLICT DO NOTHING`,
        [id, `bench-${id}`, hash.rows[0]!.h],
      );
      const { accessToken } = await issueTokens(tx, id);
      for (const instrumentId of PROGRAMME_INSTRUMENTS[programme])
        slots.push({ patientId: id, token: accessToken, instrumentId });
    }
    return slots;
  });
}

/** Clears this week's answers (the seed's and the last phase's), so every slot can be answered again. */
function clearThisWeek(db: Db) {
  return db.query("DELETE FROM questionnaire_response WHERE submitted_at > now() - interval '8 days'");
}

// Declared as functions: the parent's top-level await runs before any const below it is set.
function answersFor(instrumentId: InstrumentId) {
  return Object.fromEntries(instruments[instrumentId].items.map((item) => [item.linkId, 1]));
}

/** The portal's own handler code behind a bare node:http server: no framework, no authentication. */
async function listenBaseline(db: Db, epoch: string): Promise<string> {
  const staff = (id: string): Caller => ({
    principal: { id, kind: 'staff', role: 'therapist', displayName: 'bench', sessionId: id },
    requestId: 'bench',
  });
  /** Each route reads the fields it needs; the parent sends them. */
  type Body = { cursor: string; staffId: string; patientId: string; instrumentId: InstrumentId };
  const routes: Record<string, (body: Body) => Promise<unknown>> = {
    '/pull': async (body) => (await pull(db, staff(body.staffId), epoch, decodeCursor(body.cursor))).response,
    '/initial': async (body) => {
      let cursor = null;
      let records = 0;
      for (let more = true; more;) {
        const { response } = await pull(db, staff(body.staffId), epoch, cursor, 5000);
        if (response.kind !== 'changes') throw new Error('resync');
        records += response.changes.length;
        cursor = decodeCursor(response.cursor);
        more = response.hasMore;
      }
      return { records };
    },
    '/submit': (body) =>
      db.transaction((tx) =>
        submitQuestionnaire(
          tx,
          {
            principal: {
              id: body.patientId,
              kind: 'patient',
              role: 'patient',
              displayName: 'bench',
              sessionId: body.patientId,
            },
            requestId: 'bench',
          },
          { instrumentId: body.instrumentId, answers: answersFor(body.instrumentId) },
          new Date(),
        ),
      ),
    '/clear': () => clearThisWeek(db).then(() => ({ ok: true })),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const route = routes[req.url ?? ''];
      const work = route
        ? route(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Body)
        : Promise.reject(new Error('no such route'));
      work.then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result));
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

// ---------------------------------------------------------------------------------------------
// Parent: the load.

async function main(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `portal_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await benchBackend('postgres', url.toString());
    await benchBackend('pglite', 'memory://');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  if (failures > 0) {
    console.error(`\n${failures} request(s) failed: the figures above are not to be trusted`);
    process.exitCode = 1;
  }
}

async function startChild(backend: Backend, target: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(process.argv[1]!, ['--serve', backend, target], { execArgv: process.execArgv });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, ready };
}

async function benchBackend(backend: Backend, target: string): Promise<void> {
  console.log(`\n== ${backend}: large clinic (10 teams, 60 therapists, 1,500 active patients)`);
  const { child, ready } = await startChild(backend, target);
  try {
    console.log(`seed: ${(ready.seedMs / 1000).toFixed(1)} s`);
    const agent = new http.Agent({ keepAlive: true });
    const base = new URL(ready.portal);
    const call = async (path: string, body: unknown, token?: string) => {
      const response = await send(agent, base, {
        method: 'POST',
        path,
        body: JSON.stringify(body),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body}`);
      return JSON.parse(response.body);
    };
    const login = async (username: string) =>
      (await call('/api/v1/auth/login', { username, password: DEMO_PASSWORD })) as {
        accessToken: string;
        principal: { id: string };
      };

    // Initial full pull of a caseload (terapeut1: 25 active patients plus completed ones).
    const therapist = await login('terapeut1');
    const baseUrl = new URL(ready.baseline);
    const staffBody = JSON.stringify({ staffId: therapist.principal.id });
    const initial: number[] = [];
    const initialBase: number[] = [];
    let cursor: string | null = null;
    let records = 0;
    let patients = 0;
    for (let run = 0; run < INITIAL_RUNS; run++) {
      let started = performance.now();
      cursor = null;
      records = 0;
      for (let more = true; more;) {
        const page: { changes: { entity: string }[]; cursor: string; hasMore: boolean } = await call(
          '/api/v1/sync/pull',
          { cursor, limit: 5000 },
          therapist.accessToken,
        );
        records += page.changes.length;
        patients += run === 0 ? page.changes.filter((c) => c.entity === 'patient').length : 0;
        cursor = page.cursor;
        more = page.hasMore;
      }
      initial.push(performance.now() - started);
      started = performance.now();
      const bare = await send(agent, baseUrl, { method: 'POST', path: '/initial', body: staffBody });
      if (bare.status !== 200) throw new Error(`baseline initial pull: ${bare.status} ${bare.body}`);
      initialBase.push(performance.now() - started);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `initial pull, ${patients}-patient caseload (${records} records): median ${median(initial).toFixed(0)} ms, worst ${Math.max(...initial).toFixed(0)} ms  [target < 300 ms]`,
    );
    console.log(
      `  baseline  median ${median(initialBase).toFixed(0)} ms\n  overhead  ${(median(initial) / median(initialBase)).toFixed(2)}x time  [target <= 1.5x]`,
    );

    // No-change delta pull: the workstation's steady state.
    const position = decodeCursor(cursor!)!;
    if (position.phase !== 'log') throw new Error('expected a log cursor after the initial pull');
    const pullBody = JSON.stringify({ cursor });
    const options = { concurrency: 16, seconds: SECONDS, maxRequests: MAX_REQUESTS };
    const delta = await load(ready.portal, options, () => ({
      method: 'POST',
      path: '/api/v1/sync/pull',
      body: pullBody,
      headers: { authorization: `Bearer ${therapist.accessToken}` },
    }));
    const baselineBody = JSON.stringify({ cursor, staffId: therapist.principal.id });
    const deltaBase = await load(ready.baseline, options, () => ({
      method: 'POST',
      path: '/pull',
      body: baselineBody,
    }));
    report('no-change delta pull', delta, deltaBase, '[target >= 2,000 req/s, p99 < 25 ms]');

    // Questionnaire submissions from many patients at once, each (patient, questionnaire) once.
    const slots = ready.slots;
    const submitOptions = { concurrency: 8, seconds: SECONDS, maxRequests: Math.min(5000, slots.length) };
    const clear = async () => {
      const cleared = await send(agent, baseUrl, { method: 'POST', path: '/clear', body: '{}' });
      if (cleared.status !== 200) throw new Error(`clear: ${cleared.status} ${cleared.body}`);
    };
    await clear();
    const submissions = await load(ready.portal, submitOptions, (i) => ({
      method: 'POST',
      path: '/api/v1/patient/me/questionnaires',
      body: JSON.stringify({
        instrumentId: slots[i]!.instrumentId,
        answers: answersFor(slots[i]!.instrumentId),
      }),
      headers: { authorization: `Bearer ${slots[i]!.token}` },
    }));
    await clear();
    const submissionsBase = await load(ready.baseline, submitOptions, (i) => ({
      method: 'POST',
      path: '/submit',
      body: JSON.stringify({ patientId: slots[i]!.patientId, instrumentId: slots[i]!.instrumentId }),
    }));
    report(
      `questionnaire submission (${slots.length} open questionnaires)`,
      submissions,
      submissionsBase,
      '[target >= 300/s]',
    );
    agent.destroy();
  } finally {
    child.disconnect();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

function report(name: string, portal: LoadResult, baseline: LoadResult, target: string): void {
  failures += portal.errors + baseline.errors;
  console.log(`${name}:`);
  console.log(`  portal    ${fmt(portal)}  ${target}`);
  console.log(`  baseline  ${fmt(baseline)}`);
  console.log(
    `  overhead  ${(baseline.perSecond / portal.perSecond).toFixed(2)}x throughput  [target <= 1.5x]`,
  );
}
