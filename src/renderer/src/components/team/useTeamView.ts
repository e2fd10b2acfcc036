import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, TeamView } from '../../../../shared/contracts/ipc';
import { unwrap } from '../../ipc';

/**
 * The team view while the team screen is open: loaded from main's cache, reloaded whenever synced
 * data changes, and gone from memory when the screen closes. Only the newest answer lands.
 */
export function useTeamView(): { view: TeamView | null; error: IpcError | null; reload: () => void } {
  const [state, setState] = useState<{ view: TeamView | null; error: IpcError | null }>({
    view: null,
    error: null,
  });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    void unwrap(window.api['team.get']()).then(({ value, error }) => {
      if (mine === generation.current) setState((previous) => ({ view: value ?? previous.view, error }));
    });
  }, []);
  useEffect(() => {
    const counter = generation;
    reload();
    const stop = window.api.on('data.changed', reload);
    return () => {
      // An answer still on its way when the screen closes is dropped.
      counter.current++;
      stop();
    };
  }, [reload]);
  return { ...state, reload };
}
