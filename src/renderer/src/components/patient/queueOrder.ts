import { useQueue } from '../../stores/queue';

/**
 * The patients in the order the therapist sees the queue. The one place the patient screen reads
 * that order, for `n`/`p` and "send and next".
 */
function visibleOrder(): string[] {
  return useQueue.getState().queue?.items.map((item) => item.patientId) ?? [];
}

/** The patient `step` places from this one in the queue (1: next, -1: previous); null past either end. */
export function neighbourInQueue(patientId: string, step: 1 | -1): string | null {
  const order = visibleOrder();
  const at = order.indexOf(patientId);
  if (at === -1) return step === 1 ? (order[0] ?? null) : null;
  return order[at + step] ?? null;
}
