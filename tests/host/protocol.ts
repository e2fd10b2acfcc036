import type { IpcEventName, IpcResult } from '../../src/shared/contracts/ipc';

/** The test host's WebSocket messages: the page sends requests, the host answers and pushes events. */
export interface BridgeRequest {
  id: number;
  channel: string;
  payload: unknown;
}

export type BridgeMessage =
  | { kind: 'result'; id: number; result: IpcResult<unknown> }
  | { kind: 'event'; event: IpcEventName; payload: unknown };
