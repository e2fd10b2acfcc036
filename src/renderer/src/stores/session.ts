import { create } from 'zustand';
import type { DemoAccountView, IpcError, IpcResult, SessionState } from '../../../shared/contracts/ipc';

interface SessionStore {
  session: SessionState | null;
  /** The last failed session call (e.g. wrong password), cleared by the next success. */
  error: IpcError | null;
  busy: boolean;
  demoAccounts: DemoAccountView[];
  load(): Promise<void>;
  loadDemoAccounts(): Promise<void>;
  /** An update pushed by main ('session.changed'). */
  receive(session: SessionState): void;
  signIn(username: string, password: string): Promise<void>;
  unlock(password: string): Promise<void>;
  lock(): Promise<void>;
  signOut(): Promise<void>;
  resolveProblem(problemId: string, choice: 'retry' | 'discard' | 'cancel'): Promise<void>;
}

export const useSession = create<SessionStore>()((set) => {
  /** Every session command answers with the new state, or an error to show. */
  async function run(call: () => Promise<IpcResult<SessionState>>): Promise<void> {
    set({ busy: true, error: null });
    const result = await call();
    set(result.ok ? { busy: false, session: result.value } : { busy: false, error: result.error });
  }

  return {
    session: null,
    error: null,
    busy: false,
    demoAccounts: [],
    load: () => run(() => window.api['session.get']()),
    async loadDemoAccounts() {
      const result = await window.api['session.demoAccounts']();
      // Demo accounts are a convenience; without them the form still works.
      set({ demoAccounts: result.ok ? result.value : [] });
    },
    receive: (session) => set({ session }),
    signIn: (username, password) => run(() => window.api['session.signIn']({ username, password })),
    unlock: (password) => run(() => window.api['session.unlock']({ password })),
    lock: () => run(() => window.api['session.lock']()),
    signOut: () => run(() => window.api['session.signOut']()),
    resolveProblem: (problemId, choice) =>
      run(() => window.api['cache.resolveProblem']({ problemId, choice })),
  };
});
