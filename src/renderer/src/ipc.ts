import type { IpcError, IpcResult } from '../../shared/contracts/ipc';

/** What a store keeps of one call: the last good value and the last error, never both stale. */
export interface Loaded<T> {
  value: T | null;
  error: IpcError | null;
}

/** Unwraps a call's result into state; keeps the previous value when the call fails. */
export async function unwrap<T>(call: Promise<IpcResult<T>>, previous: T | null = null): Promise<Loaded<T>> {
  const result = await call;
  return result.ok ? { value: result.value, error: null } : { value: previous, error: result.error };
}
