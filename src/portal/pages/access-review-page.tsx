// One access review: its items with filters, keep or revoke as a chosen reviewer, the evidence, closing it.
import { useId, useState } from 'react';
import { api, downloadText } from '../api/client.ts';
import type { ListPage } from '../api/types.ts';
import { useViewer } from '../api/viewer.tsx';
import type { AccessReview, AccessReviewItem } from '../../sdk/access-review-types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { ReviewItemRow } from '../components/review-item-row.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TableHead } from '../components/table-head.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAction } from '../components/use-action.ts';
import { useAsync } from '../components/use-async.ts';
import { ReviewProgress, reviewersText } from './access-reviews-page.tsx';

const AS_KEY = 'roster.reviewingAs';

/** Who the person at this browser reviews as: the portal knows the organization, not the person (docs/portal.md). */
function useReviewingAs(): [string, (v: string) => void] {
  const [value, setValue] = useState(() => sessionStorage.getItem(AS_KEY) ?? '');
  return [
    value,
    (v) => {
      sessionStorage.setItem(AS_KEY, v);
      setValue(v);
    },
  ];
}

function Evidence({ path, review }: { path: string; review: AccessReview }) {
  const { viewer } = useViewer();
  const { error, run } = useAction();
  const csv = () => run(async () => downloadText(`access-review-${review.id}.csv`, await api.text(`${path}/evidence.csv`, 'text/csv'), 'text/csv'));
  const report = () =>
    run(async () => {
      const html = await api.text(`${path}/report`, 'text/html');
      window.open(URL.createObjectURL(new Blob([html], { type: 'text/html' })), '_blank', 'noopener');
    });
  return (
    <>
      <button type="button" className="button" onClick={() => void csv()}>
        Download evidence (CSV)
      </button>
      {/* The session's cookie opens the report as its own page (with its own no-script policy); the developer's key cannot ride a link. */}
      {viewer.kind === 'portal' ? (
        <a className="button" href={`/api/v1${path}/report`} target="_blank" rel="noopener">
          Printable report
        </a>
      ) : (
        <button type="button" className="button" onClick={() => void report()}>
          Printable report
        </button>
      )}
      {error && <ErrorNote error={error} />}
    </>
  );
}

export function AccessReviewPage({ organizationId, reviewId, back }: { organizationId: string; reviewId: string; back: { to: string; label: string } }) {
  const path = `/organizations/${organizationId}/access-reviews/${reviewId}`;
  const ids = { as: useId(), show: useId(), mine: useId() };
  const review = useAsync(() => api.get<AccessReview>(path), [path]);
  // Every item, for the names of reviewers and the list of who may review; the table below is filtered by the server.
  const all = useAsync(() => api.get<ListPage<AccessReviewItem>>(`${path}/items`), [path]);
  const [reviewingAs, setReviewingAs] = useReviewingAs();
  const [show, setShow] = useState<'' | 'false' | 'true'>('');
  const [mine, setMine] = useState(false);
  const items = useAsync(() => api.get<ListPage<AccessReviewItem>>(`${path}/items`, { decided: show, reviewer: mine ? reviewingAs : undefined }), [path, show, mine, reviewingAs]);
  const [closing, setClosing] = useState(false);
  const closer = useAction();
  const reload = () => {
    review.reload();
    all.reload();
    items.reload();
  };
  const close = () =>
    closer.run(async () => {
      setClosing(false);
      await api.post(`${path}/close`);
      reload();
    });
  return (
    <AsyncView state={review}>
      {(r) => {
        const names = new Map((all.data?.data ?? []).map((i) => [i.user.id, i.user.userName]));
        const nameOf = (reviewer: string) => names.get(reviewer) ?? reviewer;
        const reviewers = [...new Set([...(all.data?.data ?? []).map((i) => i.reviewer), r.reviewer.fallback])];
        const open = r.status === 'open' && (!r.closesAt || new Date(r.closesAt).getTime() > Date.now());
        return (
          <>
            <PageHeader
              title={r.name}
              subtitle={`${r.roleKeys ? `Roles: ${r.roleKeys.join(', ')}` : 'Every role'} · reviewed by ${reviewersText(r)}`}
              back={back}
              actions={
                <>
                  <Evidence path={path} review={r} />
                  {r.status === 'open' && (
                    <button type="button" className="button button-danger" onClick={() => setClosing(true)}>
                      Close review
                    </button>
                  )}
                </>
              }
            />
            <div className="row review-summary">
              <StatusBadge value={open ? 'pending' : 'inactive'} label={open ? 'open' : 'closed'} />
              <ReviewProgress review={r} />
              <span className="small muted">
                kept {r.counts.kept} · revoked {r.counts.revoked} · change needed in the identity provider {r.counts.idpChangeNeeded} · opened <TimeText iso={r.createdAt} />
                {r.closesAt && (
                  <>
                    {' '}
                    · closes <TimeText iso={r.closesAt} />
                  </>
                )}
              </span>
            </div>
            {closer.error && <ErrorNote error={closer.error} />}
            <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
              <div className="field">
                <label htmlFor={ids.as}>Reviewing as</label>
                <select id={ids.as} className="input" value={reviewingAs} onChange={(e) => setReviewingAs(e.target.value)} aria-describedby={`${ids.as}-help`}>
                  <option value="">Choose who you are…</option>
                  {reviewingAs && !reviewers.includes(reviewingAs) && <option value={reviewingAs}>{nameOf(reviewingAs)}</option>}
                  {reviewers.map((v) => (
                    <option key={v} value={v}>
                      {nameOf(v)}
                      {v === r.reviewer.fallback ? ' (fallback)' : ''}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={ids.show}>Show</label>
                <select id={ids.show} className="input" value={show} onChange={(e) => setShow(e.target.value as '' | 'false' | 'true')}>
                  <option value="">Every grant</option>
                  <option value="false">Not decided yet</option>
                  <option value="true">Decided</option>
                </select>
              </div>
              <div className="field end">
                <label htmlFor={ids.mine}>
                  <input id={ids.mine} type="checkbox" checked={mine} disabled={!reviewingAs} onChange={(e) => setMine(e.target.checked)} /> Only the grants I review
                </label>
              </div>
            </form>
            <p id={`${ids.as}-help`} className="field-help">
              Your decisions are recorded under this name; the audit log also records this portal session. Nobody may review their own access.
            </p>
            {open && !reviewingAs && <p className="note note-warn">Choose who you are above to keep or revoke grants.</p>}
            <AsyncView state={items}>
              {(page) =>
                page.data.length === 0 ? (
                  <EmptyState title={show || mine ? 'No grant matches these filters' : 'Nobody held a role in scope when this review opened'} />
                ) : (
                  <div className="table-wrap">
                    <table className="table" aria-label="Grants under review">
                      <TableHead columns={['User', 'Role', 'Comes from', 'Reviewer', 'Decision']} actions />
                      <tbody>
                        {page.data.map((i) => (
                          <ReviewItemRow key={`${i.id}-${i.decision ?? ''}`} path={path} item={i} reviewingAs={reviewingAs} open={open} nameOf={nameOf} onDecided={reload} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                )
              }
            </AsyncView>
            <ConfirmDialog open={closing} title="Close this review?" confirmLabel="Close review" danger onConfirm={() => void close()} onCancel={() => setClosing(false)}>
              <p>
                {r.counts.pending > 0 ? `${r.counts.pending} grant(s) are not decided yet. ` : ''}A closed review takes no more decisions; its evidence stays available.
              </p>
            </ConfirmDialog>
          </>
        );
      }}
    </AsyncView>
  );
}
