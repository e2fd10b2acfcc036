import { create } from 'zustand';
import type { Programme } from '../../../shared/contracts/domain';
import type { IpcError } from '../../../shared/contracts/ipc';
import { moduleTitleFor, type TemplateLibrary } from '../../../shared/templates';
import { unwrap } from '../ipc';

interface TemplatesStore {
  library: TemplateLibrary | null;
  error: IpcError | null;
  /** Fetches the library unless it is here: main reads it once, at start. */
  load(): Promise<void>;
}

/** The clinic's message templates and module titles: clinic content, no patient data. */
export const useTemplates = create<TemplatesStore>()((set, get) => ({
  library: null,
  error: null,
  async load() {
    if (get().library) return;
    const { value, error } = await unwrap(window.api['templates.list']());
    set({ library: value, error });
  },
}));

/** The title of the module a patient works on this week; null until loaded or when unknown. */
export function useModuleTitle(programme: Programme | null, week: number | null): string | null {
  const library = useTemplates((state) => state.library);
  return library && programme ? moduleTitleFor(library.modules, programme, week) : null;
}
