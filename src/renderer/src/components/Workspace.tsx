import { Suspense, lazy, useEffect } from 'react';
import type { AccountView } from '../../../shared/contracts/ipc';
import { homeOf, useNavigation, type View } from '../stores/navigation';
import { QueueScreen } from './QueueScreen';

/**
 * The screens besides the queue are chunks of their own: the window parses only what its first
 * paint needs, and fetches the role's other screens while it is idle, before anyone opens them.
 */
const screenModules = {
  patient: () => import('./patient/PatientScreen'),
  team: () => import('./team/TeamScreen'),
  admin: () => import('./admin/AdminScreen'),
};
const PatientScreen = lazy(() => screenModules.patient().then((m) => ({ default: m.PatientScreen })));
const TeamScreen = lazy(() => screenModules.team().then((m) => ({ default: m.TeamScreen })));
const AdminScreen = lazy(() => screenModules.admin().then((m) => ({ default: m.AdminScreen })));

const screensOf: Record<AccountView['role'], (keyof typeof screenModules)[]> = {
  therapist: ['patient'],
  team_lead: ['team', 'patient'],
  admin: ['admin'],
  patient: [],
};

/** The signed-in screen: the open view, or the role's home. */
export function Workspace({ account }: { account: AccountView }) {
  const view = useNavigation((state) => state.view) ?? homeOf(account.role);

  useEffect(() => {
    const idle = requestIdleCallback(() =>
      screensOf[account.role].forEach((name) => void screenModules[name]()),
    );
    return () => cancelIdleCallback(idle);
  }, [account.role]);

  return <Suspense fallback={null}>{screenOf(view)}</Suspense>;
}

function screenOf(view: View) {
  switch (view.screen) {
    case 'round':
      return <QueueScreen />;
    case 'patient':
      return <PatientScreen key={view.patientId} patientId={view.patientId} />;
    case 'team':
      return <TeamScreen />;
    case 'admin':
      return <AdminScreen />;
  }
}
