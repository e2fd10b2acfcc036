import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/portal/db/open';
import { createLogger } from '../../src/portal/logger';
import { startPortal } from '../../src/portal/server';
import { eachBackend, freshDatabase, type Database } from './harness';

/** Each run is a process of its own (tsx, and PGlite's start-up): slow on a shared machine. */
const CLI = join(import.meta.dirname, '../../src/portal/cli.ts');
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const PASSWORD = 'et langt og godt passord';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the portal's command line with the database in its environment and `input` piped to stdin. */
function runCli(database: Database, args: string[], input: string, until?: RegExp): Promise<Run> {
  const env = { ...process.env, PORT: '0', LOG_LEVEL: 'info' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.PORTAL_SEED;
  if (database.options.databaseUrl) env.DATABASE_URL = database.options.databaseUrl;
  else env.PORTAL_DATA_DIR = database.options.dataDir;
  const child = spawn(TSX, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '' };
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString('utf8');
      // A server runs until stopped: stop it once it has said what the test waits for.
      if (until?.test(run.stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ...run, code }));
    child.stdin.end(input);
  });
}

async function login(url: string, username: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return response.status;
}

eachBackend('create-admin on %s', (backend) => {
  let database: Database;
  let dir: string;
  beforeEach(async () => {
    database = await freshDatabase(backend);
    // PGlite on disk: the command and the portal are separate processes.
    dir = await mkdtemp(join(tmpdir(), 'portal-admin-'));
    if (backend === 'pglite') database.options = { dataDir: dir };
  });
  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('an empty portal says how to create the first administrator; the command creates one from a piped password, audited', async () => {
    const empty = await runCli(database, [], '', /create-admin/);
    expect(empty.stdout).toMatch(
      /no accounts yet: create the first administrator with `npm run portal -- create-admin`/,
    );
    expect(empty.stdout).not.toMatch(/Demo logins/);

    const created = await runCli(
      database,
      ['create-admin', '--username', 'kari', '--name', 'Kari Nordmann', '--clinic', 'Testklinikken'],
      `${PASSWORD}\n`,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Administrator "kari" created/);
    expect(created.stdout + created.stderr).not.toContain(PASSWORD);

    const portal = await startPortal({ port: 0, logLevel: 'silent', ...database.options });
    try {
      expect(await login(portal.url, 'kari', PASSWORD)).toBe(200);
      expect(await login(portal.url, 'kari', 'something else entirely')).toBe(401);
      expect(portal.demo).toBe(false);
    } finally {
      await portal.close();
    }
    const db = await openDatabase(database.options, createLogger('silent'));
    try {
      const clinics = await db.query<{ name: string }>('SELECT name FROM clinic');
      expect(clinics.rows).toEqual([{ name: 'Testklinikken' }]);
      const audited = await db.query<{
        actor_role: string;
        action: string;
        resource: string;
        request_id: string;
      }>('SELECT actor_role, action, resource, request_id FROM audit_log');
      expect(audited.rows).toEqual([
        {
          actor_role: 'admin',
          action: 'create',
          resource: expect.stringMatching(/^staff:/),
          request_id: expect.stringMatching(/^cli:create-admin:/),
        },
      ]);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('refuses a short password, a control character in the name, a taken user name and a password as an argument, creating nothing', async () => {
    const args = [
      'create-admin',
      '--username',
      'kari',
      '--name',
      'Kari Nordmann',
      '--clinic',
      'Testklinikken',
    ];
    const short = await runCli(database, args, 'kort\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password: at least 12 characters/);
    expect(short.stderr).not.toContain('kort');

    const badName = await runCli(
      database,
      ['create-admin', '--username', 'kari', '--name', 'Kari\u001b[2J', '--clinic', 'K'],
      `${PASSWORD}\n`,
    );
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/displayName: must not contain control characters/);

    const asArgument = await runCli(database, [...args, '--password', PASSWORD], '');
    expect(asArgument.code).not.toBe(0);

    expect((await runCli(database, args, `${PASSWORD}\n`)).code).toBe(0);
    const again = await runCli(database, args, `${PASSWORD}\n`);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/user name is taken/);
  }, 300_000);
});
