import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LOCKING_SYSTEM_EVENTS, lockOnSystemEvents } from '../../../src/main/app/system-lock';

describe('the workstation locks when the system says someone else may be at the screen', () => {
  it.each(LOCKING_SYSTEM_EVENTS)('locks on %s', (event) => {
    const monitor = new EventEmitter();
    let locks = 0;
    lockOnSystemEvents(monitor, () => locks++);
    monitor.emit(event);
    expect(locks).toBe(1);
  });
  it('locks on the screen lock and on suspend', () => {
    expect(LOCKING_SYSTEM_EVENTS).toEqual(expect.arrayContaining(['lock-screen', 'suspend']));
  });
  it('ignores other power events, and stops listening when disposed', () => {
    const monitor = new EventEmitter();
    let locks = 0;
    const stop = lockOnSystemEvents(monitor, () => locks++);
    monitor.emit('resume');
    monitor.emit('unlock-screen');
    stop();
    monitor.emit('lock-screen');
    expect(locks).toBe(0);
    expect(LOCKING_SYSTEM_EVENTS.map((event) => monitor.listenerCount(event))).toEqual([0, 0, 0]);
  });
});
