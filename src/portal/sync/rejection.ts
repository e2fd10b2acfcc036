import type { RejectionCode } from '../../shared/contracts/sync';
import { CareError, type CareErrorKind } from '../care/errors';
import { sqlState } from '../db/db';

/** A mutation the server refuses, with the reason the client is told. Nothing it did is kept. */
export interface Rejection {
  code: RejectionCode;
  message: string;
}

/** A clinical refusal as the workstation hears it; a misconfigured clinic is no fault of the mutation. */
const REJECTION_OF: Record<CareErrorKind, RejectionCode | null> = {
  invalid: 'invalid',
  'not-found': 'not-found',
  forbidden: 'forbidden',
  conflict: 'conflict',
  misconfigured: null,
};

/**
 * The rejection an error thrown while applying a mutation stands for, or null when it is no
 * property of the mutation (connection loss, a bug) and the push must fail instead. The database
 * refusing the mutation's data (SQLSTATE class 22, data exception, or 23, integrity constraint)
 * is such a property: retrying cannot help, so it is rejected and stored like any other rejection.
 */
export function rejectionOf(error: unknown): Rejection | null {
  if (error instanceof CareError) {
    const code = REJECTION_OF[error.kind];
    return code && { code, message: error.message };
  }
  const state = sqlState(error);
  if (!state || !(state.startsWith('22') || state.startsWith('23'))) return null;
  return { code: 'invalid', message: `refused by the database (SQLSTATE ${state})` };
}
