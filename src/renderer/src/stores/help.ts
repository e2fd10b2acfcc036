import { create } from 'zustand';

/** Whether the keyboard shortcuts dialog is open: `?` anywhere, or a button, opens it. */
export const useShortcutsHelp = create<{ open: boolean; show(): void; hide(): void }>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}));
