import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/contracts/auth';
import { DEMO_PASSWORD } from '../../src/portal/seed/accounts';
import {
  eachBackend,
  count,
  freshDatabase,
  openPortal,
  patientsOf,
  type Database,
  type TestPortal,
} from './harness';

/** Every way a request can be wrong answers a clear JSON 4xx and leaves the database untouched. */
eachBackend('bad input on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;
  let therapist: string;
  let patient: string;
  let patientId: string;

  const writes = async () => ({
    messages: await count(portal.db, 'message'),
    homework: await count(portal.db, 'homework'),
    changes: await count(portal.db, 'change_log'),
    audit: await count(portal.db, 'audit_log'),
  });

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
    therapist = await portal.login('terapeut1');
    patient = await portal.login('pasient1');
    patientId = (await patientsOf(portal.db, 'terapeut1'))[0]!;
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  it.each([
    ['unknown field', 'POST', '/api/v1/patient/me/messages', { body: { body: 'Hei', sentAt: 'x' } }, 400],
    ['wrong type', 'POST', '/api/v1/patient/me/homework', { body: { moduleNo: 'one', body: 'x' } }, 400],
    ['empty body text', 'POST', '/api/v1/patient/me/messages', { body: { body: '   ' } }, 400],
    ['malformed JSON', 'POST', '/api/v1/patient/me/messages', { raw: '{"body": "Hei"' }, 400],
    ['bad id', 'DELETE', '/api/v1/patient/me/homework/not-a-uuid', {}, 400],
    [
      'oversized body',
      'POST',
      '/api/v1/patient/me/messages',
      { raw: JSON.stringify({ body: 'x'.repeat(70_000) }) },
      413,
    ],
    ['module out of range', 'POST', '/api/v1/patient/me/modules/10/read', {}, 400],
    // Text gets one rule everywhere (src/shared/contracts/fields.ts): as the staff push refuses it.
    ['NUL in a message', 'POST', '/api/v1/patient/me/messages', { body: { body: 'Hei\u0000' } }, 400],
    ['bell in a message', 'POST', '/api/v1/patient/me/messages', { body: { body: 'Hei\u0007' } }, 400],
    [
      'lone surrogate in a message',
      'POST',
      '/api/v1/patient/me/messages',
      { body: { body: 'Hei \uD83D' } },
      400,
    ],
    [
      'NUL in homework',
      'POST',
      '/api/v1/patient/me/homework',
      { body: { moduleNo: 1, body: 'Svar\u0000' } },
      400,
    ],
    [
      'NUL in a login name',
      'POST',
      '/api/v1/auth/login',
      { body: { username: 'terapeut1\u0000', password: 'x' } },
      400,
    ],
  ])('%s: answers %#', async (_name, method, url, options, status) => {
    const before = await writes();
    const response = await portal.call(method, url, { token: patient, ...options });
    expect(response.status).toBe(status);
    expect(ApiError.parse(response.body).error.code).toMatch(/^[a-z_]+$/);
    expect(await writes()).toEqual(before);
  });

  it.each([
    ['a transaction id past 64 bits', ['l', 'x', '99999999999999999999', '0']],
    ['a sequence number past 64 bits', ['l', 'x', '1', '9223372036854775808']],
    ['a snapshot horizon past 64 bits', ['s', 'x', '18446744073709551616', null]],
  ])('answers a cursor holding %s with 400, not 500', async (_name, parts) => {
    const cursor = Buffer.from(JSON.stringify(parts)).toString('base64url');
    const response = await portal.call('POST', '/api/v1/sync/pull', { token: therapist, body: { cursor } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_cursor');
  });

  it('refuses a malformed sync envelope as a whole (400) but a malformed mutation alone', async () => {
    const before = await writes();
    const envelope = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [{ id: 'nope', type: 'message.send', payload: {} }] },
    });
    expect(envelope.status).toBe(400);
    expect(envelope.body.error.code).toBe('invalid_request');
    const unknownType = await portal.call('POST', '/api/v1/sync/push', {
      token: therapist,
      body: { mutations: [{ id: randomUUID(), type: 'patient.delete', payload: { patientId } }] },
    });
    expect(unknownType.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
    const pullLimit = await portal.call('POST', '/api/v1/sync/pull', {
      token: therapist,
      body: { cursor: null, limit: 0 },
    });
    expect(pullLimit.status).toBe(400);
    expect(await writes()).toEqual(before);
  });

  it('answers unknown routes with JSON 404, serves health and an OpenAPI document of every route', async () => {
    expect((await portal.call('GET', '/api/v1/nothing-here')).body.error.code).toBe('not_found');
    expect((await portal.call('GET', '/health')).body).toEqual({
      status: 'ok',
      database: backend,
      demo: true,
    });
    const openapi = (await portal.call('GET', '/openapi.json')).body;
    const documented = Object.entries(openapi.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Every route the server registers is documented, and nothing else: HEAD is Fastify's
    // automatic twin of GET, the document itself is the one route hidden from it, and a prefix's
    // root answers with and without its trailing slash (/pasient and /pasient/) as one route.
    const registered = registeredRoutes(portal.app.printRoutes({ commonPrefix: false }))
      .filter((route) => !route.startsWith('HEAD ') && route !== 'GET /openapi.json')
      .map((route) => route.replace(/:(\w+)/g, '{$1}'));
    const oneSlash = (routes: string[]) =>
      [...new Set(routes.map((route) => route.replace(/(.)\/$/, '$1')))].sort();
    expect(oneSlash(documented)).toEqual(oneSlash(registered));
    for (const expected of [
      'POST /api/v1/sync/pull',
      'GET /api/v1/sync/events',
      'POST /api/v1/team/enrolments/{enrolmentId}/assign',
      'GET /health',
    ]) {
      expect(documented).toContain(expected);
    }
  });
});

eachBackend('response headers on %s', (backend) => {
  let database: Database;
  let portal: TestPortal;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    portal = await openPortal(database);
  });
  afterAll(async () => {
    await portal.close();
    await database.drop();
  });

  it('no answer carrying tokens or health data may be cached, and none may be sniffed', async () => {
    const login = await portal.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'pasient1', password: DEMO_PASSWORD },
    });
    const token = login.json<{ accessToken: string }>().accessToken;
    const answers = [
      login,
      await portal.app.inject({
        method: 'GET',
        url: '/api/v1/patient/me',
        headers: { authorization: `Bearer ${token}` },
      }),
      await portal.app.inject({ method: 'GET', url: '/api/v1/patient/me' }),
      await portal.app.inject({ method: 'GET', url: '/health' }),
    ];
    for (const answer of answers) {
      expect(answer.headers['cache-control'], answer.raw.req.url).toBe('no-store');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

/** "METHOD /path" for every route in Fastify's printRoutes tree (children print their path suffix). */
function registeredRoutes(tree: string): string[] {
  const parents: string[] = [];
  return tree.split('\n').flatMap((line) => {
    const match = /^([│├└─\s]*)(\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) return [];
    const depth = match[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = path;
    return match[3]!.split(', ').map((method) => `${method} ${path}`);
  });
}
