import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../../../src/main/core/sync/single-flight';

describe('single-flight runner', () => {
  it('runs one task at a time and coalesces calls during a run into one follow-up', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const run = singleFlight(async () => {
      runs += 1;
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 20));
      concurrent -= 1;
    });

    const first = run();
    const duringFirst = Array.from({ length: 10 }, () => run());
    await Promise.all([first, ...duringFirst]);

    expect(runs).toBe(2);
    expect(maxConcurrent).toBe(1);
  });

  it('settles a caller only after a run that started after its call', async () => {
    const log: string[] = [];
    let n = 0;
    const run = singleFlight(async () => {
      const id = ++n;
      log.push(`start ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      log.push(`end ${id}`);
    });
    void run();
    await run().then(() => log.push('second caller settled'));
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'second caller settled']);
  });

  it('still runs the follow-up when the running task fails', async () => {
    let runs = 0;
    const run = singleFlight(async () => {
      runs += 1;
      if (runs === 1) throw new Error('first fails');
    });
    const first = run().catch(() => 'failed');
    await run();
    expect(await first).toBe('failed');
    expect(runs).toBe(2);
  });
});
