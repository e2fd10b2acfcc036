import { create } from 'zustand';
import type { Organisation } from '../../../../shared/contracts/admin';
import { unwrap, type Loaded } from '../../ipc';

interface OrganisationState extends Loaded<Organisation> {
  /** Asks the portal afresh (after every change, too: configuration is not synced to the cache). */
  load(): Promise<void>;
}

/** The clinic as the administrator's screens show it. */
export const useOrganisation = create<OrganisationState>((set, get) => ({
  value: null,
  error: null,
  async load() {
    set(await unwrap(window.api['admin.clinic'](), get().value));
  },
}));
