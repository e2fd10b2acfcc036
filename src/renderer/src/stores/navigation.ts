import { create } from 'zustand';

/** Which screen the signed-in workspace shows. The session decides whether it shows at all. */
export type View =
  { screen: 'round' } | { screen: 'patient'; patientId: string } | { screen: 'team' } | { screen: 'admin' };

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
