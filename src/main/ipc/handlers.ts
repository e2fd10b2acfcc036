import { type ActionName, actionNames } from '../../shared/contracts/actions';
import type { Round } from '../core/workstation/round';
import type { Workstation } from '../core/workstation/workstation';
import type { IpcHandlers } from './router';

/**
 * Every IPC channel mapped onto the workstation; the router has validated each request. The
 * actions come from the registry (src/shared/contracts/actions.ts), one handler per action.
 *
 * Wiring (the app shell and the test host alike):
 *   const ws = createWorkstation({ engine, secrets, cacheDir, portal, demoAccounts, app });
 *   const router = createIpcRouter(createIpcHandlers(ws));
 *   on each call (after the sender check): reply(await router.invoke(channel, payload));
 *   ws.subscribe(({ name, payload }) => send name/payload to the page);
 *   at start: await ws.session.restore(); at quit: await ws.session.shutdown().
 */
export function createIpcHandlers(ws: Workstation): IpcHandlers {
  const { session, round, admin } = ws;
  return {
    'app.info': () => ws.appInfo(),
    'session.get': () => session.state(),
    'session.demoAccounts': () => session.demoAccounts(),
    'queue.get': () => round.queue(),
    'patient.get': ({ patientId }) => round.patient(patientId),
    'drafts.list': () => round.drafts(),
    'templates.list': () => ws.templates(),
    'team.get': () => round.team(),
    'team.timePatients': ({ staffId, week }) => round.teamTimePatients(staffId, week),
    'sync.status': () => round.syncStatus(),
    'sync.rejected': () => round.rejected(),
    'admin.clinic': () => admin.clinic(),
    'admin.createTeam': ({ name }) => admin.createTeam(name),
    'admin.renameTeam': ({ teamId, name }) => admin.renameTeam(teamId, name),
    'admin.createStaff': (request) => admin.createStaff(request),
    'admin.deactivateStaff': ({ staffId }) => admin.deactivateStaff(staffId),
    'admin.resetPassword': ({ staffId }) => admin.resetPassword(staffId),
    'admin.saveSettings': async (settings) => {
      const saved = await admin.saveSettings(settings);
      // This workstation applies the new idle lock now, not at the next refresh.
      await ws.clinicSettings.refresh();
      return saved;
    },
    'admin.riskRules': () => admin.riskRules(),
    'admin.saveRiskRules': ({ config }) => admin.saveRiskRules(config),
    'referral.create': (request) => admin.refer(request),
    ...actionHandlers(round),
    'sync.now': () => round.syncNow(),
    'session.signIn': (request) => session.signIn(request),
    'session.signOut': () => session.signOut(),
    'session.lock': () => session.lock(),
    'session.activity': () => {
      ws.activity();
      return null;
    },
    'session.viewing': ({ patientId }) => {
      ws.meter.viewing(patientId);
      return null;
    },
    'session.unlock': (request) => {
      ws.idle.activity();
      return session.unlock(request);
    },
    'cache.resolveProblem': (request) => session.resolveCacheProblem(request),
  };
}

function actionHandlers(round: Round): Pick<IpcHandlers, ActionName> {
  return Object.fromEntries(
    actionNames.map((name) => [name, (request: never) => round.perform(name, request)]),
  ) as Pick<IpcHandlers, ActionName>;
}
