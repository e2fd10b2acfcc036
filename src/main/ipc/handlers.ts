import type { Workstation } from '../core/workstation/workstation';
import type { IpcHandlers } from './router';

/**
 * Every IPC channel mapped onto the workstation facade; the router has validated each request.
 *
 * Wiring (the app shell and the test host alike):
 *   const ws = createWorkstation({ engine, secrets, cacheDir, portal, demoAccounts, app });
 *   const router = createIpcRouter(createIpcHandlers(ws));
 *   on each call (after the sender check): reply(await router.invoke(channel, payload));
 *   ws.subscribe(({ name, payload }) => send name/payload to the page);
 *   at start: await ws.restore(); at quit: await ws.shutdown().
 */
export function createIpcHandlers(ws: Workstation): IpcHandlers {
  return {
    'app.info': () => ws.appInfo(),
    'session.get': () => ws.session(),
    'session.demoAccounts': () => ws.demoAccounts(),
    'queue.get': () => ws.queue(),
    'patient.get': ({ patientId }) => ws.patient(patientId),
    'drafts.list': () => ws.drafts(),
    'team.get': () => ws.team(),
    'sync.status': () => ws.syncStatus(),
    'sync.rejected': () => ws.rejected(),
    'draft.save': (request) => ws.saveDraft(request),
    'draft.discard': (request) => ws.discardDraft(request),
    'message.send': (request) => ws.sendMessage(request),
    'message.markRead': (request) => ws.markRead(request),
    'flag.acknowledge': (request) => ws.acknowledgeFlag(request),
    'flag.resolve': (request) => ws.resolveFlag(request),
    'flag.raise': (request) => ws.raiseFlag(request),
    'note.add': (request) => ws.addNote(request),
    'feedback.markGiven': (request) => ws.markFeedbackGiven(request),
    'round.markDone': (request) => ws.markDone(request),
    'round.snooze': (request) => ws.snooze(request),
    'round.reopen': (request) => ws.reopen(request),
    'sync.now': () => ws.syncNow(),
    'sync.dismissRejected': (request) => ws.dismissRejected(request),
    'session.signIn': (request) => ws.signIn(request),
    'session.signOut': () => ws.signOut(),
    'session.lock': () => ws.lock(),
    'session.unlock': (request) => ws.unlock(request),
    'cache.resolveProblem': (request) => ws.resolveCacheProblem(request),
  };
}
