import type { AccountView } from '../../../shared/contracts/ipc';
import { useNavigation, type View } from '../stores/navigation';
import { AdminScreen } from './admin/AdminScreen';
import { PatientScreen } from './patient/PatientScreen';
import { QueueScreen } from './QueueScreen';
import { TeamScreen } from './team/TeamScreen';

/** Each role starts on the screen that fits its work. */
export function homeOf(role: AccountView['role']): View {
  if (role === 'team_lead') return { screen: 'team' };
  if (role === 'admin') return { screen: 'admin' };
  return { screen: 'round' };
}

/** The signed-in screen: the open view, or the role's home. */
export function Workspace({ account }: { account: AccountView }) {
  const view = useNavigation((state) => state.view) ?? homeOf(account.role);
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
