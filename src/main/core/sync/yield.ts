/** Let timers, I/O and IPC run before the next chunk of work, so the main process never stalls. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
