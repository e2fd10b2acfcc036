/**
 * Runs `task` one at a time. A call while it runs schedules exactly one follow-up run, shared by
 * every call made meanwhile: ten nudges during a sync cause one more sync, not ten. Each caller's
 * promise settles after a run that started after the call.
 */
export function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let followUp: Promise<void> | null = null;

  const run = (): Promise<void> => {
    if (!running) {
      running = task().finally(() => {
        running = null;
      });
      return running;
    }
    followUp ??= running
      .catch(() => undefined)
      .then(() => {
        followUp = null;
        return run();
      });
    return followUp;
  };
  return run;
}
