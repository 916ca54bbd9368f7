// Cursor paging: a stack of cursors makes "Previous" possible over a keyset API that only goes forward.
import { useState } from 'react';

export interface Pager {
  cursor: string | undefined;
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
  reset: () => void;
}

/**
 * `key` names the filters the pages belong to: when it changes, paging starts again at page 1 in the
 * same render, so no request goes out with the new filters and an old page's cursor.
 */
export function usePager(key = ''): Pager {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({ key, stack: [undefined] });
  const stack = state.key === key ? state.stack : [undefined];
  if (state.key !== key) setState({ key, stack });
  const update = (change: (s: (string | undefined)[]) => (string | undefined)[]) => setState((s) => ({ key: s.key, stack: change(s.stack) }));
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor) => update((s) => [...s, cursor]),
    previous: () => update((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => update(() => [undefined]),
  };
}

export function PagerControls({ pager, nextCursor }: { pager: Pager; nextCursor: string | null | undefined }) {
  if (pager.page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button" onClick={pager.previous} disabled={pager.page === 1}>
        ← Previous
      </button>
      <span className="muted">Page {pager.page}</span>
      <button type="button" className="button" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        Next →
      </button>
    </nav>
  );
}
