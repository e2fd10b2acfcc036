import { create } from 'zustand';
import type { QueueReason } from '../../../shared/clinical/queue';
import type { Programme } from '../../../shared/contracts/domain';
import type { IpcError, QueueItem, QueueView } from '../../../shared/contracts/ipc';
import { unwrap } from '../ipc';
import { useNavigation } from './navigation';

export type ReasonCode = QueueReason['code'];

/** The reasons the queue counts and filters by, most pressing first. */
export const REASON_CODES: readonly ReasonCode[] = [
  'urgent-flag',
  'risk-flag',
  'unanswered-messages',
  'feedback-due',
  'inactive',
  'ending-soon',
];

export interface QueueFilters {
  reason: ReasonCode | null;
  programme: Programme | null;
  /** Part of a patient's name, as typed. */
  search: string;
}

const NO_FILTERS: QueueFilters = { reason: null, programme: null, search: '' };

interface QueueStore {
  queue: QueueView | null;
  error: IpcError | null;
  filters: QueueFilters;
  /** The patient the list's focus is on, kept while a patient is open so the way back lands there. */
  activePatientId: string | null;
  /**
   * The visible order when a patient was last opened from the queue: the list the round walks
   * through with next/previous, unchanged while the queue below it refreshes.
   */
  roundOrder: string[];
  load(): Promise<void>;
  clear(): void;
  setFilters(patch: Partial<QueueFilters>): void;
  setActive(patientId: string | null): void;
  /** Opens a patient from the queue: the visible order becomes the round's order for n/p. */
  openPatient(patientId: string): void;
}

/**
 * Numbers each load and clear, so only the newest answer lands: an older, slower load never
 * overwrites a newer one, and a load still in flight when the session locks never brings the
 * patients back.
 */
let generation = 0;

/** The queue as the filters show it, in the queue's order. */
export function visibleItems(queue: QueueView | null, filters: QueueFilters): QueueItem[] {
  if (!queue) return [];
  const search = filters.search.trim().toLocaleLowerCase();
  return queue.items.filter(
    (item) =>
      (filters.reason === null || item.reasons.some((reason) => reason.code === filters.reason)) &&
      (filters.programme === null || item.programme === filters.programme) &&
      (search === '' || item.name.toLocaleLowerCase().includes(search)),
  );
}

export const useQueue = create<QueueStore>()((set, get) => ({
  queue: null,
  error: null,
  filters: NO_FILTERS,
  activePatientId: null,
  roundOrder: [],
  async load() {
    const mine = ++generation;
    const { value, error } = await unwrap(window.api['queue.get'](), get().queue);
    if (mine === generation) set({ queue: value, error });
  },
  // Patient data leaves memory as soon as the session is no longer ready.
  clear() {
    generation++;
    set({ queue: null, error: null, filters: NO_FILTERS, activePatientId: null, roundOrder: [] });
  },
  setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),
  setActive: (activePatientId) => set({ activePatientId }),
  openPatient(patientId) {
    const { queue, filters } = get();
    set({
      activePatientId: patientId,
      roundOrder: visibleItems(queue, filters).map((item) => item.patientId),
    });
    useNavigation.getState().open({ screen: 'patient', patientId });
  },
}));

/**
 * The next or previous patient of the round, for the patient view's n/p keys and "send and next":
 *
 *   const next = adjacentPatient(patientId, 'next');
 *   if (next) useNavigation.getState().open({ screen: 'patient', patientId: next });
 *
 * Walks the order the queue showed when the therapist opened a patient from it (filters
 * included), so marking a patient done, which moves them down the live queue, does not change
 * who comes next. Patients no longer in the queue (reassigned away) are skipped. Null at either
 * end, or when the patient is not in that order.
 */
export function adjacentPatient(patientId: string, direction: 'next' | 'previous'): string | null {
  const { roundOrder, queue } = useQueue.getState();
  const present = new Set(queue?.items.map((item) => item.patientId));
  const order = roundOrder.filter((id) => id === patientId || present.has(id));
  const index = order.indexOf(patientId);
  if (index === -1) return null;
  return order[direction === 'next' ? index + 1 : index - 1] ?? null;
}

/** Opens the next or previous patient of the round (see adjacentPatient); false at either end. */
export function openAdjacentPatient(patientId: string, direction: 'next' | 'previous'): boolean {
  const target = adjacentPatient(patientId, direction);
  if (!target) return false;
  useQueue.getState().setActive(target);
  useNavigation.getState().open({ screen: 'patient', patientId: target });
  return true;
}
