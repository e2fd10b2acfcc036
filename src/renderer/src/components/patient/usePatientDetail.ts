import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, PatientDetail } from '../../../../shared/contracts/ipc';

export interface PatientDetailState {
  detail: PatientDetail | null;
  error: IpcError | null;
  /** When the detail was read (ms since epoch): the "now" its ages are shown against. */
  loadedAt: number;
}

/**
 * One patient's record from the encrypted cache, read again whenever main reports that this
 * patient's data changed (a pull, a push answer, an action on this screen). Only the newest read
 * lands; a failed read keeps what is shown.
 */
export function usePatientDetail(patientId: string): PatientDetailState & { reload(): Promise<void> } {
  const [state, setState] = useState<PatientDetailState>({ detail: null, error: null, loadedAt: 0 });
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    const result = await window.api['patient.get']({ patientId });
    if (mine !== generation.current) return;
    setState((previous) =>
      result.ok
        ? { detail: result.value, error: null, loadedAt: Date.now() }
        : { ...previous, error: result.error },
    );
  }, [patientId]);

  useEffect(() => {
    void reload();
    return window.api.on('data.changed', ({ patientIds }) => {
      if (patientIds === 'all' || patientIds.includes(patientId)) void reload();
    });
  }, [patientId, reload]);

  return { ...state, reload };
}
