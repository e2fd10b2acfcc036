import {
  type IpcChannel,
  type IpcError,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  ipcRequests,
  isIpcChannel,
} from '../../shared/contracts/ipc';
import { WorkstationError } from '../core/workstation/errors';

/** One handler per channel; it gets the validated request. */
export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> | IpcResponse<C>;
};

export interface IpcRouter {
  /**
   * Validate and dispatch one call from the renderer. Never rejects: every failure becomes an
   * `{ ok: false }` result whose message is safe to show (no internals, no patient data).
   */
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
}

export interface IpcRouterOptions {
  /**
   * Told about unexpected handler errors (the renderer only sees 'internal'). Errors may quote
   * data, so the default reports the channel and the error's class name only.
   */
  onUnexpectedError?: (channel: IpcChannel, error: unknown) => void;
}

const reportClassOnly = (channel: IpcChannel, error: unknown): void => {
  const kind = error instanceof Error ? error.name : typeof error;
  console.error(`IPC handler for ${channel} failed unexpectedly (${kind})`);
};

/**
 * The transport-neutral half of IPC: the Electron shell (after checking the sender frame) and the
 * test host's WebSocket bridge both hand every message to `invoke`.
 */
export function createIpcRouter(handlers: IpcHandlers, options: IpcRouterOptions = {}): IpcRouter {
  const onUnexpectedError = options.onUnexpectedError ?? reportClassOnly;
  return {
    async invoke(channel, payload) {
      if (!isIpcChannel(channel)) {
        return failure({
          code: 'unknown-channel',
          message: `There is no IPC channel "${channel.slice(0, 100)}"`,
        });
      }
      const parsed = ipcRequests[channel].safeParse(payload ?? {});
      if (!parsed.success) {
        return failure({
          code: 'invalid-request',
          message: `The request to ${channel} is not valid`,
          // Paths and messages only: zod's issues can echo the rejected input.
          issues: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        });
      }
      try {
        const handler = handlers[channel] as (request: unknown) => unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        if (error instanceof WorkstationError) return failure({ code: error.code, message: error.message });
        onUnexpectedError(channel, error);
        return failure({
          code: 'internal',
          message: 'Something went wrong in the workstation; please try again',
        });
      }
    },
  };
}

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}
