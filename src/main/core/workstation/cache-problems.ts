import { randomUUID } from 'node:crypto';
import type { CacheProblem, PendingChangeSummary } from '../../../shared/contracts/ipc';
import type { CacheUnreadableError } from '../cache/errors';
import type { SalvagedMutation } from '../cache/salvage';

/**
 * The decisions put to the user before local data is deleted, worded for them. They list what
 * would be lost by kind and patient name only, never the text of a message or note.
 */

export function pendingOnSignOutProblem(pending: PendingChangeSummary[]): CacheProblem {
  return {
    id: randomUUID(),
    cause: 'pending-on-sign-out',
    action: 'sign-out',
    pendingReadable: true,
    pending,
    message:
      `${pending.length} change(s) could not be sent to the portal yet. Signing out now deletes them ` +
      'with the local cache. Try again when the portal can be reached, or sign out and lose them.',
  };
}

const UNREADABLE_MESSAGES: Record<CacheUnreadableError['kind'], string> = {
  'missing-key': 'The key of the local cache is missing from the keychain, so the cache cannot be read.',
  'wrong-key': 'The key in the keychain does not open the local cache.',
  corrupt: 'The local cache file is damaged.',
};

export function unreadableProblem(
  error: CacheUnreadableError,
  salvaged: SalvagedMutation[] | null,
): CacheProblem {
  const unsent =
    salvaged === null
      ? 'Any changes in it that had not been sent yet cannot be recovered.'
      : salvaged.length > 0
        ? `The ${salvaged.length} change(s) in it not yet sent were recovered and will be sent after the rebuild.`
        : 'It held no unsent changes.';
  return {
    id: randomUUID(),
    cause: error.kind,
    action: 'rebuild',
    pendingReadable: salvaged !== null,
    // Names come from the damaged file's patient records, which are not read: none shown.
    pending: (salvaged ?? []).map(salvagedSummary),
    message: `${UNREADABLE_MESSAGES[error.kind]} It can be rebuilt from the portal by a full sync. ${unsent}`,
  };
}

/** A change read back from a damaged cache: kind and time only (its patient records are not read). */
export function salvagedSummary(m: SalvagedMutation): PendingChangeSummary {
  return { mutationId: m.mutation.id, type: m.mutation.type, patientName: null, queuedAt: m.queuedAt };
}
