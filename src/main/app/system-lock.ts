/**
 * Operating-system events after which someone else may be at the screen: the screen locked, the
 * computer went to sleep, or (macOS) the user switched away to another account. Each locks the
 * workstation, so the next person needs the password. Electron's powerMonitor emits them; Linux
 * reports only suspend, the idle lock covers the rest there.
 */
export const LOCKING_SYSTEM_EVENTS = ['lock-screen', 'suspend', 'user-did-resign-active'] as const;

/** Locks on each of those events; returns the function that stops listening. */
export function lockOnSystemEvents(
  monitor: {
    on(event: (typeof LOCKING_SYSTEM_EVENTS)[number], listener: () => void): unknown;
    off(event: (typeof LOCKING_SYSTEM_EVENTS)[number], listener: () => void): unknown;
  },
  lock: () => void,
): () => void {
  const listener = () => lock();
  for (const event of LOCKING_SYSTEM_EVENTS) monitor.on(event, listener);
  return () => LOCKING_SYSTEM_EVENTS.forEach((event) => monitor.off(event, listener));
}
