/**
 * `npm run bench:portal`: the portal under load on loopback, with the large demo clinic, against
 * PostgreSQL (TEST_DATABASE_URL, or the local default, in a fresh database) and against PGlite.
 *
 * The server runs in a child process so the load generator does not share its event loop. Next to
 * the portal the child serves a bare node:http baseline that runs the same SQL with no framework,
 * auth or audit; the ratio between the two is our overhead. Bounded: every phase stops after a few
 * seconds or a fixed number of requests.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { instruments } from '../src/shared/clinical/index';
import { buildPortal } from '../src/portal/app';
import { createPortalContext } from '../src/portal/context';
import { activeProgramme } from '../src/portal/care/programme';
import { assessResponse } from '../src/portal/care/assessment';
import type { Db } from '../src/portal/db/db';
import { openDatabase } from '../src/portal/db/open';
import { createLogger } from '../src/portal/logger';
import { DEMO_PASSWORD } from '../src/portal/seed/accounts';
import { seedIfEmpty } from '../src/portal/seed/seed';
import { logChanges } from '../src/portal/sync/changes';
import { decodeCursor } from '../src/portal/sync/cursor';
import { DELTA_SQL } from '../src/portal/sync/pull';
import { loadRecords } from '../src/portal/sync/records';
import { fmt, load, send, type LoadResult } from './load';

const SECONDS = 5;
const MAX_REQUESTS = 20_000;
const PATIENT_LOGINS = 20;

type Backend = 'postgres' | 'pglite';
interface Ready {
  portal: string;
  baseline: string;
  seedMs: number;
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
  const app = await buildPortal(await createPortalContext(db, { max: 10_000, timeWindowMs: 60_000 }), logger);
  const portal = await app.listen({ port: 0, host: '127.0.0.1' });
  const baseline = await listenBaseline(db);
  process.send!({ portal, baseline, seedMs } satisfies Ready);
  process.on(
    'disconnect',
    () =>
      void app
        .close()
        .then(() => db.close())
        .then(() => process.exit(0)),
  );
}

/** The same SQL as the portal's handlers, behind a bare node:http server: no framework, auth or audit. */
async function listenBaseline(db: Db): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const work = req.url === '/pull' ? baselinePull(db, body) : baselineSubmit(db, body);
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

async function baselinePull(db: Db, body: { txid: string; seq: string; staffId: string }) {
  const result = await db.query(DELTA_SQL, [body.txid, body.seq, body.staffId, false, 1001]);
  return { kind: 'changes', changes: [], cursor: 'x', hasMore: false, rows: result.rowCount };
}

async function baselineSubmit(db: Db, body: { patientId: string; answers: Record<string, number> }) {
  return db.transaction(async (tx) => {
    const programme = await activeProgramme(tx, body.patientId, new Date());
    const id = crypto.randomUUID();
    const assessed = assessResponse('phq-9', body.answers, id, null);
    if (!assessed.ok) throw new Error('invalid');
    await tx.query(
      `INSERT INTO questionnaire_response (id, patient_id, enrolment_id, instrument_id, week, answers, total, band, submitted_at)
       VALUES ($1, $2, $3, 'phq-9', $4, $5, $6, $7, now())`,
      [
        id,
        body.patientId,
        programme.enrolment.id,
        programme.week,
        assessed.scored.itemScores,
        assessed.scored.total,
        assessed.scored.band,
      ],
    );
    await logChanges(tx, [{ op: 'upsert', entity: 'questionnaireResponse', id, patientId: body.patientId }]);
    return (await loadRecords(tx, 'questionnaireResponse', [id]))[0];
  });
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
    const initial: number[] = [];
    let cursor: string | null = null;
    let records = 0;
    let patients = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
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
    }
    initial.sort((a, b) => a - b);
    console.log(
      `initial pull, ${patients}-patient caseload (${records} records): median ${initial[2]!.toFixed(0)} ms, worst ${initial[4]!.toFixed(0)} ms  [target < 300 ms]`,
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
    const baselineBody = JSON.stringify({
      txid: position.txid,
      seq: position.seq,
      staffId: therapist.principal.id,
    });
    const deltaBase = await load(ready.baseline, options, () => ({
      method: 'POST',
      path: '/pull',
      body: baselineBody,
    }));
    report('no-change delta pull', delta, deltaBase, '[target >= 2,000 req/s, p99 < 25 ms]');

    // Questionnaire submissions from many patients at once.
    const logins = await Promise.all(
      Array.from({ length: PATIENT_LOGINS }, (_, i) => login(`pasient${i + 1}`)),
    );
    const answers = Object.fromEntries(instruments['phq-9'].items.map((item) => [item.linkId, 1]));
    const submitOptions = { concurrency: 8, seconds: SECONDS, maxRequests: 5000 };
    const submissions = await load(ready.portal, submitOptions, (i) => ({
      method: 'POST',
      path: '/api/v1/patient/me/questionnaires',
      body: JSON.stringify({ instrumentId: 'phq-9', answers }),
      headers: { authorization: `Bearer ${logins[i % logins.length]!.accessToken}` },
    }));
    const submissionsBase = await load(ready.baseline, submitOptions, (i) => ({
      method: 'POST',
      path: '/submit',
      body: JSON.stringify({ patientId: logins[i % logins.length]!.principal.id, answers }),
    }));
    report('questionnaire submission', submissions, submissionsBase, '[target >= 300/s]');
    agent.destroy();
  } finally {
    child.disconnect();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

function report(name: string, portal: LoadResult, baseline: LoadResult, target: string): void {
  console.log(`${name}:`);
  console.log(`  portal    ${fmt(portal)}  ${target}`);
  console.log(`  baseline  ${fmt(baseline)}`);
  console.log(
    `  overhead  ${(baseline.perSecond / portal.perSecond).toFixed(2)}x throughput  [target <= 1.5x]`,
  );
}
