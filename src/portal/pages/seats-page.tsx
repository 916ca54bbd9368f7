// An organization's seats: provisioned vs activated vs active in 30 days, by role and over time, and the two lists to act on:
// who never signed in (invite them), who signed in while the identity provider had them deactivated (investigate).
import { useId, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { AppUser, InactiveSignIn, SeatUtilization } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { SeatChart } from '../components/seat-chart.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TableHead } from '../components/table-head.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link } from '../router.tsx';

const PAGE = 25;
const PERIODS = [
  [30, '30 days'],
  [90, '90 days'],
  [365, '1 year'],
] as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function Figure({ label, value, help }: { label: string; value: ReactNode; help?: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>
        <span className="figure-value">{value}</span>
        {help && <span className="muted small">{help}</span>}
      </dd>
    </div>
  );
}

function UserCell({ user }: { user: AppUser }) {
  return (
    <>
      <Link to={`/directories/${user.directoryId}/users/${user.id}`}>{user.displayName ?? user.userName}</Link>
      {user.displayName && <div className="muted small">{user.userName}</div>}
    </>
  );
}

/** One of the two lists: its own cursor pages. */
function PagedList<T>({ path, label, empty, head, row }: { path: string; label: string; empty: ReactNode; head: string[]; row: (item: T) => ReactNode }) {
  const pager = usePager(path);
  const page = useAsync(() => api.get<{ data: T[]; nextCursor: string | null }>(path, { limit: PAGE, after: pager.cursor }), [path, pager.cursor]);
  return (
    <AsyncView state={page}>
      {(p) =>
        p.data.length === 0 && pager.page === 1 ? (
          <>{empty}</>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table" aria-label={label}>
                <TableHead columns={head} />
                <tbody>{p.data.map(row)}</tbody>
              </table>
            </div>
            <PagerControls pager={pager} nextCursor={p.nextCursor} />
          </>
        )
      }
    </AsyncView>
  );
}

export function SeatsPage({ organizationId, back }: { organizationId: string; back?: { to: string; label: string } }) {
  const periodId = useId();
  const [days, setDays] = useState(30);
  const seats = useAsync(() => api.get<SeatUtilization>(`/organizations/${organizationId}/seats`, { days }), [organizationId, days]);
  return (
    <>
      <PageHeader title="Seats" subtitle="Who the identity provider gives the application to, and who uses it." {...(back ? { back } : {})} />
      <AsyncView state={seats}>
        {(s) => (
          <>
            <section aria-labelledby="now-title" className="card stack">
              <h2 id="now-title">Now</h2>
              <dl className="figures">
                <Figure label="Provisioned" value={s.provisioned} help="active in the identity provider" />
                <Figure label="Activated" value={s.activated} help={`${percent(s.activationRate)} signed in at least once`} />
                <Figure label="Active in 30 days" value={s.active30d} help={`${percent(s.activeRate)} of the provisioned`} />
                <Figure label="Never signed in" value={s.neverSignedIn} help="to invite" />
                <Figure label="Suspended" value={s.suspended} help="deactivated, not removed" />
              </dl>
            </section>
            <section aria-labelledby="by-role-title" className="stack">
              <h2 id="by-role-title">By role</h2>
              {s.byRole.length === 0 ? (
                <EmptyState title="The application declares no roles" />
              ) : (
                <div className="table-wrap">
                  <table className="table" aria-label="Seats by role">
                    <TableHead columns={['Role', 'Billable', 'Seats (provisioned)', 'Activated', 'Active in 30 days']} />
                    <tbody>
                      {s.byRole.map((r) => (
                        <tr key={r.roleKey}>
                          <td>
                            {r.name}
                            <div className="muted small mono">{r.roleKey}</div>
                          </td>
                          <td>{r.billable ? 'Yes' : 'No'}</td>
                          <td>{r.users}</td>
                          <td>{r.activated}</td>
                          <td>{r.active30d}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {s.byRole.some((r) => r.billable) && (
                <p className="muted small">
                  Billable seats now: <strong>{s.byRole.filter((r) => r.billable).reduce((n, r) => n + r.users, 0)}</strong> (a user holding two billable roles counts in each).
                </p>
              )}
            </section>
            <section aria-labelledby="history-title" className="card stack">
              <div className="row">
                <h2 id="history-title" className="grow">
                  Over time
                </h2>
                <div className="field inline-field">
                  <label htmlFor={periodId}>Period</label>
                  <select id={periodId} className="input" value={days} onChange={(e) => setDays(Number(e.target.value))}>
                    {PERIODS.map(([d, label]) => (
                      <option key={d} value={d}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <SeatChart history={s.history} />
              {s.history.length < 2 && <p className="muted small">Roster records the figures every hour; days appear here as they are recorded.</p>}
            </section>
          </>
        )}
      </AsyncView>
      <section aria-labelledby="never-title" className="stack">
        <h2 id="never-title">Provisioned, never signed in</h2>
        <PagedList<AppUser>
          path={`/organizations/${organizationId}/seats/never-signed-in`}
          label="Provisioned, never signed in"
          head={['User', 'Email', 'Provisioned']}
          empty={<EmptyState title="Everyone provisioned has signed in" />}
          row={(u) => (
            <tr key={u.id}>
              <td>
                <UserCell user={u} />
              </td>
              <td>{u.email ?? <span className="muted">—</span>}</td>
              <td>
                <TimeText iso={u.createdAt} />
              </td>
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="inactive-title" className="stack">
        <h2 id="inactive-title">Active in the application, deactivated in the identity provider</h2>
        <p className="muted">Each row is a sign-in the identity provider had already taken away: end the user’s sessions and find out why.</p>
        <PagedList<InactiveSignIn>
          path={`/organizations/${organizationId}/seats/active-while-inactive`}
          label="Active while deactivated"
          head={['User', 'In the identity provider', 'Signed in while deactivated', 'Last sign-in']}
          empty={<EmptyState title="No one signed in while deactivated">
            <p>This list should stay empty.</p>
          </EmptyState>}
          row={(r) => (
            <tr key={r.user.id}>
              <td>
                <UserCell user={r.user} />
              </td>
              <td>
                <StatusBadge value={r.user.state} /> <span className="muted small">{r.finding === 'not_approved' ? 'not approved' : 'deactivated'}</span>
              </td>
              <td>
                <TimeText iso={r.lastSignInWhileInactive} />
              </td>
              <td>
                <TimeText iso={r.lastSignIn} />
              </td>
            </tr>
          )}
        />
      </section>
    </>
  );
}
