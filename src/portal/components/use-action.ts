// A form's or a button's call to the API: busy while it runs, the server's error (message and hint) when it fails.
import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  error: Error | null;
  clearError: () => void;
  /** Runs `call`; a failure becomes `error` (shown with ErrorNote), never an unhandled rejection. */
  run: (call: () => Promise<void>) => Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = useCallback(async (call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, clearError, run };
}
