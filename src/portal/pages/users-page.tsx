// A directory's users: search, filter by state and group, keyset pages (as fast on page 1,000 as on page 1).
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { AppGroup, AppUser, Directory, ListPage } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { userFilter } from '../components/scim-filter.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { useDebounced } from '../components/use-debounced.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { Link, useLocation } from '../router.tsx';

const STATES = ['active', 'suspended', 'deprovisioned', 'held', 'refused'] as const;
const PAGE = 50;

export function UsersPage({ directory }: { directory: Directory }) {
  const ids = { search: useId(), state: useId(), group: useId() };
  const { query } = useLocation();
  const [search, setSearch] = useState('');
  const [stateFilter, setStateFilter] = useState('');
  const [group, setGroup] = useState(query.get('group') ?? '');
  const settled = useDebounced(search);
  const pager = usePager(JSON.stringify([settled, stateFilter, group]));
  const groups = useAsync(() => api.get<ListPage<AppGroup>>(`/directories/${directory.id}/groups`, { limit: 100 }), [directory.id]);
  const users = useAsync(
    () => api.get<ListPage<AppUser>>(`/directories/${directory.id}/users`, { limit: PAGE, filter: userFilter(settled, group), state: stateFilter, after: pager.cursor }),
    [directory.id, settled, stateFilter, group, pager.cursor],
  );
  const filtered = settled !== '' || stateFilter !== '' || group !== '';
  return (
    <section aria-labelledby="users-title" className="stack">
      <h2 id="users-title" className="visually-hidden">
        Users
      </h2>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor={ids.search}>Search</label>
          <input id={ids.search} className="input" type="search" placeholder="Name, username or email" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.state}>State</label>
          <select id={ids.state} className="input" value={stateFilter} onChange={(e) => setStateFilter(e.target.value)}>
            <option value="">All states</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.group}>Group</label>
          <select id={ids.group} className="input" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">All groups</option>
            {groups.data?.data.map((g) => (
              <option key={g.id} value={g.id}>
                {g.displayName}
              </option>
            ))}
          </select>
        </div>
      </form>
      <AsyncView state={users}>
        {(page) =>
          page.data.length === 0 ? (
            filtered ? (
              <EmptyState title="No user matches these filters">
                <p>Clear the search or choose another state or group.</p>
              </EmptyState>
            ) : (
              <EmptyState title="No users yet">
                <p>Users appear here as soon as {guideFor(directory.provider).name} sends them: assign people to the application there.</p>
              </EmptyState>
            )
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Users">
                  <thead>
                    <tr>
                      <th scope="col">User</th>
                      <th scope="col">Email</th>
                      <th scope="col">State</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((u) => (
                      <tr key={u.id}>
                        <td>
                          <Link to={`/directories/${directory.id}/users/${u.id}`}>{u.displayName ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || u.userName)}</Link>
                          <div className="muted small">{u.userName}</div>
                        </td>
                        <td>{u.email ?? <span className="muted">—</span>}</td>
                        <td>
                          <StatusBadge value={u.state} />
                        </td>
                        <td>
                          <TimeText iso={u.updatedAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <PagerControls pager={pager} nextCursor={page.nextCursor} />
            </>
          )
        }
      </AsyncView>
    </section>
  );
}
