import { create } from 'zustand';
import type { AccountView } from '../../../shared/contracts/ipc';

/** Which screen the signed-in workspace shows. The session decides whether it shows at all. */
export type View =
  { screen: 'round' } | { screen: 'patient'; patientId: string } | { screen: 'team' } | { screen: 'admin' };

/** Each role starts on the screen that fits its work, and goes back to it (Escape from a patient). */
export function homeOf(role: AccountView['role']): View {
  if (role === 'team_lead') return { screen: 'team' };
  if (role === 'admin') return { screen: 'admin' };
  return { screen: 'round' };
}

interface NavigationStore {
  view: View | null;
  open(view: View): void;
  /** Back to the role's home screen; also on lock and sign-out, so no patient stays open. */
  home(): void;
}

export const useNavigation = create<NavigationStore>()((set) => ({
  view: null,
  open: (view) => set({ view }),
  home: () => set({ view: null }),
}));
