import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcChannels } from '../../../src/shared/contracts/ipc';
import { type IpcRouter, createIpcHandlers, createIpcRouter } from '../../../src/main/ipc';
import { patientHistory, staff, team, up } from '../core/cache/support/records';
import { type Harness, harness } from '../core/workstation/support/harness';

/** The router in front of a real workstation (real encrypted cache; a scripted sync engine). */
let h: Harness;
let router: IpcRouter;

beforeEach(() => {
  h = harness();
  router = createIpcRouter(createIpcHandlers(h.ws));
});
afterEach(async () => {
  await h.ws.session.shutdown();
  h.cleanup();
});

describe('IPC over the workstation', () => {
  it('answers the session and app queries while signed out, and refuses patient data', async () => {
    expect(await router.invoke('session.get', {})).toMatchObject({
      ok: true,
      value: { status: 'signed-out' },
    });
    expect(await router.invoke('app.info', {})).toMatchObject({
      ok: true,
      value: { portal: { kind: 'configured' } },
    });
    expect(await router.invoke('session.demoAccounts', {})).toEqual({ ok: true, value: [] });
    for (const channel of ['queue.get', 'drafts.list', 'team.get', 'sync.rejected'] as const) {
      expect(await router.invoke(channel, {}), channel).toMatchObject({
        ok: false,
        error: { code: 'not-signed-in' },
      });
    }
  });

  it('serves a signed-in user, and maps expected failures to their codes', async () => {
    expect(await router.invoke('session.signIn', { username: 'terapeut1', password: 'feil' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-credentials' },
    });
    expect(
      await router.invoke('session.signIn', { username: 'terapeut1', password: 'riktig' }),
    ).toMatchObject({
      ok: true,
      value: { status: 'ready' },
    });
    const t = team();
    const p = patientHistory(t.id, h.engine.therapist.id, 3);
    h.pull([up('team', t), up('staff', staff(t.id, { id: h.engine.therapist.id })), ...p.changes]);

    expect(await router.invoke('queue.get', {})).toMatchObject({
      ok: true,
      value: { items: [{ patientId: p.patient.id }] },
    });
    expect(await router.invoke('patient.get', { patientId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const sent = await router.invoke('message.send', { patientId: p.patient.id, body: 'Hei' });
    expect(sent).toMatchObject({ ok: true, value: { messageId: expect.any(String) } });
    expect(await router.invoke('sync.status', {})).toMatchObject({ ok: true, value: { pending: 1 } });
    expect(await router.invoke('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    expect(await router.invoke('patient.get', { patientId: p.patient.id })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });

  it('refuses text with a control character at the IPC boundary, naming the field, and queues nothing', async () => {
    await router.invoke('session.signIn', { username: 'terapeut1', password: 'riktig' });
    const t = team();
    const p = patientHistory(t.id, h.engine.therapist.id, 3);
    h.pull([up('team', t), up('staff', staff(t.id, { id: h.engine.therapist.id })), ...p.changes]);

    for (const [channel, request, field] of [
      ['message.send', { patientId: p.patient.id, body: 'Hei\u0007 på deg' }, 'body'],
      ['note.add', { patientId: p.patient.id, body: 'Notat\u0000' }, 'body'],
      ['flag.raise', { patientId: p.patient.id, severity: 'risk', note: 'Flagg \uD800' }, 'note'],
      ['draft.save', { patientId: p.patient.id, body: 'Utkast\u001b' }, 'body'],
    ] as const) {
      expect(await router.invoke(channel, request), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid-request', issues: [{ path: field }] },
      });
    }
    expect(await router.invoke('sync.status', {})).toMatchObject({ ok: true, value: { pending: 0 } });
    expect(await router.invoke('drafts.list', {})).toEqual({ ok: true, value: [] });
    // Line breaks and tabs are text.
    expect(
      await router.invoke('message.send', { patientId: p.patient.id, body: 'Hei,\n\tså bra.' }),
    ).toMatchObject({ ok: true });
  });

  it('has a handler for every channel of the contract', () => {
    expect(Object.keys(createIpcHandlers(h.ws)).sort()).toEqual([...ipcChannels].sort());
  });
});
