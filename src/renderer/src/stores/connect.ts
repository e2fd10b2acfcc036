import { reportActivity } from '../activity';
import { useNavigation } from './navigation';
import { useQueue } from './queue';
import { useSession } from './session';
import { initialSyncRunning, useSync } from './sync';

/**
 * Loads every store and keeps it current from main's events. Returns the function that stops
 * listening. The queue is read only while the session is ready: otherwise main would refuse. While
 * the first sync is known to run the queue is not read (its screen shows the progress instead), and
 * it is read once when that sync ends, so rows never arrive in batches and reorder. Calls that do
 * not depend on each other go out together: each round trip delays the first paint.
 */
export function connectStores(): () => void {
  const session = useSession.getState();
  const sync = useSync.getState();
  const queue = useQueue.getState();
  const ready = () => useSession.getState().session?.status === 'ready';

  function loadQueue(): void {
    if (ready() && !initialSyncRunning(useSync.getState().status)) void queue.load();
  }

  function followSession(): void {
    if (ready()) {
      // Side by side: the queue screen shows the rows only once the status says the cache is complete.
      void sync.load();
      loadQueue();
    } else {
      queue.clear();
      useNavigation.getState().home();
    }
  }

  const unsubscribers = [
    window.api.on('session.changed', (state) => session.receive(state)),
    window.api.on('sync.status', (status) => {
      const wasRunning = initialSyncRunning(useSync.getState().status);
      sync.receive(status);
      if (wasRunning && !initialSyncRunning(status)) loadQueue();
    }),
    window.api.on('data.changed', loadQueue),
    // Reacts to every session change, whether pushed by main or answered to a command.
    useSession.subscribe((next, previous) => {
      if (next.session?.status !== previous.session?.status) followSession();
    }),
    reportActivity(),
  ];

  void session.load();
  void sync.load();
  void session.loadDemoAccounts();
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
