// An organization's access reviews: each campaign with its progress, and a form to open one.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ListPage } from '../api/types.ts';
import type { AccessReview } from '../../sdk/access-review-types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { CreateReviewForm } from '../components/create-review-form.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TableHead } from '../components/table-head.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link, navigate } from '../router.tsx';

/** "3 of 10 decided" with a bar: the progress of a campaign. */
export function ReviewProgress({ review }: { review: AccessReview }) {
  const { decided, items } = review.counts;
  return (
    <div className="review-progress">
      <progress max={Math.max(items, 1)} value={decided} aria-label={`${review.name}: ${decided} of ${items} decided`} />
      <span className="small">
        {decided} of {items} decided
      </span>
    </div>
  );
}

export function reviewersText(review: AccessReview): string {
  return review.reviewer.mode === 'admin' ? `${review.reviewer.reviewer} (fallback ${review.reviewer.fallback})` : `each user's manager (fallback ${review.reviewer.fallback})`;
}

export function AccessReviewsPage({ organizationId, base, back }: { organizationId: string; base: string; back?: { to: string; label: string } }) {
  const list = useAsync(() => api.get<ListPage<AccessReview>>(`/organizations/${organizationId}/access-reviews`), [organizationId]);
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Access reviews"
        subtitle="Who holds which role, confirmed by a reviewer: keep or revoke each grant, with the evidence your auditors ask for."
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            {creating ? 'Cancel' : 'New access review'}
          </button>
        }
        {...(back ? { back } : {})}
      />
      {creating && <CreateReviewForm organizationId={organizationId} onCreated={(r) => navigate(`${base}/${r.id}`)} />}
      <AsyncView state={list}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No access review yet">
              <p>Open one to have every role grant of your organization confirmed or removed — each quarter, for instance.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Access reviews">
                <TableHead columns={['Review', 'Status', 'Progress', 'Reviewers', 'Opened']} />
                <tbody>
                  {page.data.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`${base}/${r.id}`}>{r.name}</Link>
                        <div className="muted small">{r.roleKeys ? `Roles: ${r.roleKeys.join(', ')}` : 'Every role'}</div>
                      </td>
                      <td>
                        <StatusBadge value={r.status === 'open' ? 'pending' : 'inactive'} label={r.status} />
                      </td>
                      <td>
                        <ReviewProgress review={r} />
                      </td>
                      <td className="small">{reviewersText(r)}</td>
                      <td>
                        <TimeText iso={r.createdAt} />
                        {r.closesAt && (
                          <div className="muted small">
                            closes <TimeText iso={r.closesAt} />
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
    </>
  );
}
