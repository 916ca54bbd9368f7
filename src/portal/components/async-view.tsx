// What a page shows while its data loads or when loading failed: never a blank screen.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import type { Async } from './use-async.ts';

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorNote({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="note note-error" role="alert">
      <p>
        <strong>Something went wrong.</strong> {error.message}
      </p>
      {hint && <p>{hint}</p>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Renders `children(data)` once loaded; a spinner before, the error with a retry button after a failure. */
export function AsyncView<T>({ state, children }: { state: Async<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorNote error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Spinner />;
  return <>{children(state.data)}</>;
}
