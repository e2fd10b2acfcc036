import { reportActivity, reportViewing } from '../activity';
import { homeOf, useNavigation } from './navigation';
import { useQueue } from './queue';
import { useSession } from './session';
import { initialSyncRunning, useSync } from './sync';

/**
 * Loads every store and keeps it current from main's events. Returns the function that stops
 * listening. The queue is read only while the session is ready (otherwise main would refuse), and
 * only once something shows it: the round's screen, or a patient opened from it. A team lead's home
 * is the team screen, and their 1,500-row queue would only delay it. While
 * the first sync is known to run the queue is not read (its screen shows the progress instead), and
 * it is read once when that sync ends, so rows never arrive in batches and reorder. Calls that do
 * not depend on each other go out together: each round trip delays the first paint.
 */
export function connectStores(): () => void {
  const session = useSession.getState();
  const sync = useSync.getState();
  const queue = useQueue.getState();
  const ready = () => useSession.getState().session?.status === 'ready';
  function queueShown(): boolean {
    const session = useSession.getState().session;
    if (session?.status !== 'ready') return false;
    const view = useNavigation.getState().view ?? homeOf(session.account.role);
    return view.screen === 'round' || useQueue.getState().queue !== null;
  }

  function loadQueue(): void {
    if (queueShown() && !initialSyncRunning(useSync.getState().status)) void queue.load();
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
    // The first visit to the round's screen reads the queue; later ones find it loaded and current.
    useNavigation.subscribe(({ view }) => {
      if (view?.screen === 'round' && useQueue.getState().queue === null) loadQueue();
    }),
    reportActivity(),
    reportViewing(),
  ];

  void session.load();
  void sync.load();
  void session.loadDemoAccounts();
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
