import type { IpcErrorCode } from '../../../shared/contracts/ipc';

/**
 * An expected failure the user should see (locked, not found, wrong password...). Its message is
 * written for the user and never contains patient data; the IPC router passes code and message
 * through, while any other error becomes a generic 'internal' error.
 */
export class WorkstationError extends Error {
  override readonly name = 'WorkstationError';

  constructor(
    readonly code: Exclude<
      IpcErrorCode,
      'unknown-channel' | 'forbidden-sender' | 'invalid-request' | 'internal'
    >,
    message: string,
  ) {
    super(message);
  }
}
