import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult, SyncStatusView } from '../../src/shared/contracts/ipc';
import { INITIAL_STATUS, StatusBoard } from '../../src/main/core/sync/status';
import { useSync } from '../../src/renderer/src/stores/sync';

/**
 * The renderer asks main for the sync status while main pushes every change as an event; the
 * answer can arrive after an event that followed it (the test host's socket interleaves them).
 * Crossing two real messages on demand is not possible, so the answer is held back by hand here.
 */
describe('the sync status in the renderer', () => {
  const board = new StatusBoard();
  afterEach(() => useSync.setState({ status: null, error: null }));

  function answerLater(): { release: () => void } {
    const answer = board.get();
    let release = () => {};
    const held = new Promise<IpcResult<SyncStatusView>>((resolve) => {
      release = () => resolve({ ok: true, value: answer });
    });
    (globalThis as unknown as { window: unknown }).window = { api: { 'sync.status': () => held } };
    return { release };
  }

  it('keeps the event that overtook an older answer', async () => {
    board.update({ running: true, syncing: true });
    const { release } = answerLater();
    const loading = useSync.getState().load();
    board.update({ syncing: false, online: true, lastSyncAt: '2026-11-30T12:00:00.000Z' });
    useSync.getState().receive(board.get());
    release();
    await loading;
    expect(useSync.getState().status).toMatchObject({ online: true, syncing: false });
  });

  it('takes an answer newer than the last event', async () => {
    useSync.getState().receive(board.get());
    board.update({ online: false });
    const { release } = answerLater();
    const loading = useSync.getState().load();
    release();
    await loading;
    expect(useSync.getState().status?.online).toBe(false);
  });

  it('counts every change on the board', () => {
    const fresh = new StatusBoard();
    expect(fresh.get()).toEqual(INITIAL_STATUS);
    fresh.update({ syncing: true });
    fresh.update({ syncing: false });
    expect(fresh.get().revision).toBe(2);
  });
});
