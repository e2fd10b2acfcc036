import { describe, expect, it, vi } from 'vitest';
import { ipcChannels } from '../../../src/shared/contracts/ipc';
import { WorkstationError } from '../../../src/main/core/workstation/errors';
import { type IpcHandlers, createIpcRouter } from '../../../src/main/ipc/router';

const patientId = '7f0c3f6e-3c4b-4d43-9a59-2a8f3c2b9d10';

function handlers(overrides: Partial<IpcHandlers>): IpcHandlers {
  const unexpected = () => {
    throw new Error('handler not expected in this test');
  };
  return { ...Object.fromEntries(ipcChannels.map((c) => [c, unexpected])), ...overrides } as IpcHandlers;
}

describe('IPC router', () => {
  it('dispatches a valid request to its handler with the parsed payload', async () => {
    const save = vi.fn((request: { patientId: string; body: string }) => ({ ...request, updatedAt: 'now' }));
    const router = createIpcRouter(handlers({ 'draft.save': save }));
    const result = await router.invoke('draft.save', { patientId, body: 'Hei' });
    expect(result).toEqual({ ok: true, value: { patientId, body: 'Hei', updatedAt: 'now' } });
    expect(save).toHaveBeenCalledOnce();
  });

  it('treats a missing payload as an empty request', async () => {
    const router = createIpcRouter(handlers({ 'queue.get': () => ({ at: 'now', items: [] }) }));
    expect(await router.invoke('queue.get', undefined)).toEqual({
      ok: true,
      value: { at: 'now', items: [] },
    });
  });

  it('rejects unknown channels, including inherited property names', async () => {
    const router = createIpcRouter(handlers({}));
    for (const channel of ['db.exec', 'constructor', '__proto__', 'toString']) {
      const result = await router.invoke(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it.each([
    ['an extra key', 'patient.get', { patientId, sql: 'drop table patients' }],
    ['a malformed id', 'patient.get', { patientId: 'not-a-uuid' }],
    ['an empty message', 'message.send', { patientId, body: '   ' }],
    ['an oversized message', 'message.send', { patientId, body: 'x'.repeat(20_001) }],
    ['a wrong type', 'message.markRead', { patientId, messageIds: patientId }],
    ['a payload that is not an object', 'queue.get', 'all'],
    ['an unknown choice', 'cache.resolveProblem', { problemId: 'p1', choice: 'ignore' }],
  ])('rejects a payload with %s without calling the handler', async (_what, channel, payload) => {
    const handler = vi.fn();
    const router = createIpcRouter(handlers({ [channel]: handler }));
    const result = await router.invoke(channel, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('does not echo rejected input back in the error', async () => {
    const router = createIpcRouter(handlers({}));
    const secret = 'Kari Nordmann har selvmordstanker';
    const result = await router.invoke('message.send', { patientId: secret, body: 'x' });
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it("passes a WorkstationError's code and message through", async () => {
    const router = createIpcRouter(
      handlers({
        'queue.get': () => {
          throw new WorkstationError('locked', 'The workstation is locked');
        },
      }),
    );
    expect(await router.invoke('queue.get', {})).toEqual({
      ok: false,
      error: { code: 'locked', message: 'The workstation is locked' },
    });
  });

  it('turns any other error into a generic internal error and reports it aside', async () => {
    const onUnexpectedError = vi.fn();
    const router = createIpcRouter(
      handlers({
        'queue.get': () => {
          throw new Error('SQLITE_CORRUPT near patient Ola Nordmann');
        },
      }),
      { onUnexpectedError },
    );
    const result = await router.invoke('queue.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('Ola');
    expect(onUnexpectedError).toHaveBeenCalledWith('queue.get', expect.any(Error));
  });
});
