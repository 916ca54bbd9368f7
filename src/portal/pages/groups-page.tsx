// A directory's groups: search by name, keyset pages, each opening its members in the users list.
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { AppGroup, Directory, ListPage } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { groupFilter } from '../components/scim-filter.ts';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { useDebounced } from '../components/use-debounced.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { Link } from '../router.tsx';

export function GroupsPage({ directory }: { directory: Directory }) {
  const searchId = useId();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search);
  const pager = usePager(settled);
  const groups = useAsync(() => api.get<ListPage<AppGroup>>(`/directories/${directory.id}/groups`, { limit: 50, filter: groupFilter(settled), after: pager.cursor }), [directory.id, settled, pager.cursor]);
  return (
    <section aria-label="Groups" className="stack">
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor={searchId}>Search groups</label>
          <input id={searchId} className="input" type="search" placeholder="Group name" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </form>
      <AsyncView state={groups}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title={settled ? 'No group matches this search' : 'No groups yet'}>
              {!settled && <p>Groups appear when {guideFor(directory.provider).name} pushes them (in Okta: the Push Groups tab).</p>}
            </EmptyState>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Groups">
                  <thead>
                    <tr>
                      <th scope="col">Group</th>
                      <th scope="col">External id</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((g) => (
                      <tr key={g.id}>
                        <td>
                          <Link to={`/directories/${directory.id}/users?group=${g.id}`}>{g.displayName}</Link>
                        </td>
                        <td className="mono small">{g.externalId ?? '—'}</td>
                        <td>
                          <TimeText iso={g.updatedAt} />
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
