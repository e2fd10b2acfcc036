import type { RejectionCode } from '../../shared/contracts/sync';

/** A mutation the server refuses, with the reason the client is told. Nothing it did is kept. */
export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}
