// Cursor paging: a stack of cursors makes "Previous" possible over a keyset API that only goes forward.
import { useState } from 'react';

export interface Pager {
  cursor: string | undefined;
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
  reset: () => void;
}

export function usePager(): Pager {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
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
