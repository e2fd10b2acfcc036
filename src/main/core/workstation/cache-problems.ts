import { randomUUID } from 'node:crypto';
import type { CacheProblem, PendingChangeSummary, RevocationCause } from '../../../shared/contracts/ipc';
import { writtenText } from '../../../shared/contracts/sync';
import type { CacheUnreadableError } from '../cache/errors';
import type { SalvagedMutation } from '../cache/salvage';

/**
 * The decisions put to the user before local data is deleted, worded for them. They list what
 * would be lost by kind, patient and text (the user's own work, shown only while unlocked).
 */

export function pendingOnSignOutProblem(pending: PendingChangeSummary[]): CacheProblem {
  return {
    id: randomUUID(),
    cause: 'pending-on-sign-out',
    action: 'sign-out',
    pendingReadable: true,
    pending,
    detailsHidden: false,
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
    detailsHidden: false,
    message: `${UNREADABLE_MESSAGES[error.kind]} It can be rebuilt from the portal by a full sync. ${unsent}`,
  };
}

/** A change read back from a damaged cache: its patient records are not read, so no name. */
export function salvagedSummary(m: SalvagedMutation): PendingChangeSummary {
  return {
    mutationId: m.mutation.id,
    type: m.mutation.type,
    patientName: null,
    text: writtenText(m.mutation),
    queuedAt: m.queuedAt,
  };
}

const REVOCATION_MESSAGES: Record<RevocationCause, string> = {
  'session-revoked': 'The portal ended this session (it was signed out at the portal).',
  'token-reused':
    'The portal ended this session because its sign-in token was used twice, which can mean it was copied.',
  'account-inactive': 'The portal ended this session because the account has been deactivated.',
};

/** The portal ended the session for good: the user sees what is unsent and decides. */
export function revokedProblem(cause: RevocationCause, pending: PendingChangeSummary[]): CacheProblem {
  const unsent =
    pending.length > 0
      ? ` ${pending.length} change(s) have not reached the portal. Copy what you need, then sign in ` +
        'again to send them, or sign out, which deletes them with the local cache.'
      : ' Nothing is waiting to be sent.';
  return {
    id: randomUUID(),
    cause,
    action: 'revoked',
    pendingReadable: true,
    pending,
    detailsHidden: false,
    message: REVOCATION_MESSAGES[cause] + unsent,
  };
}
