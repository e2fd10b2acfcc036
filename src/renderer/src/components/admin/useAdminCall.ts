import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, IpcResult } from '../../../../shared/contracts/ipc';

/**
 * One admin form's call: busy while it runs, and its refusal in the user's words. A refusal from
 * the portal carries the portal's code (e.g. username_taken) as its message; a known code has its
 * own sentence, anything else the general one for the error kind.
 */
export function useAdminCall() {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  function describe(error: IpcError): string {
    const key = `admin.errors.${error.message}`;
    return i18n.exists(key) ? t(key as 'admin.errors.username_taken') : t(`error.${error.code}`);
  }

  async function run<T>(call: () => Promise<IpcResult<T>>): Promise<T | null> {
    setBusy(true);
    setProblem(null);
    try {
      const result = await call();
      if (result.ok) return result.value;
      setProblem(describe(result.error));
      return null;
    } finally {
      setBusy(false);
    }
  }

  return { busy, problem, run };
}
