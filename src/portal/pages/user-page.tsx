// One user: who they are, their attributes, groups, roles, and what happened to them.
import { api } from '../api/client.ts';
import type { AppUserWithGroups, Directory, RosterEventJson } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { changedAttributes, eventTitle } from '../components/event-summary.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link } from '../router.tsx';
import { UserRoles } from '../components/user-roles.tsx';
import { UserSuspension } from '../components/user-suspension.tsx';
import { useViewer } from '../api/viewer.tsx';

function roles(attributes: Record<string, unknown>): string[] {
  const raw = attributes.roles;
  if (!Array.isArray(raw)) return [];
  return raw.map((r) => (r && typeof r === 'object' ? String((r as { value?: unknown; display?: unknown }).display ?? (r as { value?: unknown }).value ?? '') : String(r))).filter(Boolean);
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function UserPage({ directory, userId }: { directory: Directory; userId: string }) {
  const user = useAsync(() => api.get<AppUserWithGroups>(`/directories/${directory.id}/users/${userId}`), [directory.id, userId]);
  const { viewer } = useViewer();
  const history = useAsync(() => api.get<{ data: RosterEventJson[]; nextCursor: string | null }>(`/directories/${directory.id}/users/${userId}/events`, { limit: 50 }), [directory.id, userId]);
  return (
    <AsyncView state={user}>
      {(u) => {
        const userRoles = roles(u.attributes);
        return (
          <div className="stack">
            <Link to={`/directories/${directory.id}/users`} className="back">
              ← All users
            </Link>
            <div className="card">
              <h2>
                {u.displayName ?? u.userName} <StatusBadge value={u.state} />
              </h2>
              <dl className="facts wide">
                <dt>Username</dt>
                <dd className="mono">{u.userName}</dd>
                <dt>Email</dt>
                <dd>{u.email ?? '—'}</dd>
                <dt>Name</dt>
                <dd>{[u.firstName, u.lastName].filter(Boolean).join(' ') || '—'}</dd>
                <dt>Title</dt>
                <dd>{u.title ?? '—'}</dd>
                <dt>Department</dt>
                <dd>{u.department ?? '—'}</dd>
                <dt>External id</dt>
                <dd className="mono">{u.externalId ?? '—'}</dd>
                <dt>Created</dt>
                <dd>
                  <TimeText iso={u.createdAt} />
                </dd>
              </dl>
            </div>
            <UserRoles user={u} onChanged={history.reload} />
            <UserSuspension user={u} canChange={viewer.kind === 'developer'} onChanged={() => {
              user.reload();
              history.reload();
            }} />
            <div className="grid-2">
              <section className="card" aria-labelledby="groups-title">
                <h3 id="groups-title">Groups</h3>
                {u.groups.length === 0 ? (
                  <p className="muted">In no group.</p>
                ) : (
                  <ul className="plain">
                    {u.groups.map((g) => (
                      <li key={g.id}>
                        {g.displayName} {g.membership === 'indirect' && <span className="muted small">(through a nested group)</span>}
                      </li>
                    ))}
                  </ul>
                )}
                <h3>Roles sent by the identity provider</h3>
                {userRoles.length === 0 ? <p className="muted">None (the SCIM roles attribute).</p> : <ul className="plain">{userRoles.map((r) => <li key={r}>{r}</li>)}</ul>}
              </section>
              <section className="card" aria-labelledby="attrs-title">
                <h3 id="attrs-title">Attributes as received</h3>
                <dl className="facts">
                  {Object.entries(u.attributes).map(([k, v]) => (
                    <div key={k} className="fact-row">
                      <dt className="mono">{k}</dt>
                      <dd className="mono small">{show(v)}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            </div>
            <section className="card" aria-labelledby="history-title">
              <h3 id="history-title">History</h3>
              <AsyncView state={history}>
                {(page) =>
                  page.data.length === 0 ? (
                    <EmptyState title="No events for this user" />
                  ) : (
                    <ol className="timeline">
                      {page.data.map((e) => (
                        <li key={e.id}>
                          <strong>{eventTitle(e)}</strong> <TimeText iso={e.createdAt} />
                          {changedAttributes(e).length > 0 && <div className="muted small">Changed: {changedAttributes(e).join(', ')}</div>}
                        </li>
                      ))}
                    </ol>
                  )
                }
              </AsyncView>
              <p>
                <Link to={`/directories/${directory.id}/sync-log?userId=${u.id}`}>See this user’s requests in the sync log →</Link>
              </p>
            </section>
          </div>
        );
      }}
    </AsyncView>
  );
}
