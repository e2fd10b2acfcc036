import { reportActivity } from '../activity';
import { useNavigation } from './navigation';
import { useQueue } from './queue';
import { useSession } from './session';
import { useSync } from './sync';

/**
 * Loads every store and keeps it current from main's events. Returns the function that stops
 * listening. The queue is read only while the session is ready: otherwise main would refuse.
 */
export function connectStores(): () => void {
  const session = useSession.getState();
  const sync = useSync.getState();
  const queue = useQueue.getState();

  function followSession(): void {
    if (useSession.getState().session?.status === 'ready') {
      void queue.load();
      void sync.load();
    } else {
      queue.clear();
      useNavigation.getState().home();
    }
  }

  const unsubscribers = [
    window.api.on('session.changed', (state) => session.receive(state)),
    window.api.on('sync.status', (status) => sync.receive(status)),
    window.api.on('data.changed', () => {
      if (useSession.getState().session?.status === 'ready') void queue.load();
    }),
    // Reacts to every session change, whether pushed by main or answered to a command.
    useSession.subscribe((next, previous) => {
      if (next.session?.status !== previous.session?.status) followSession();
    }),
    reportActivity(),
  ];

  void session.load();
  void session.loadDemoAccounts();
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
