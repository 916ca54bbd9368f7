// Chooses one group among every directory of an organization: a search box over their groups, the matches as radio buttons.
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { AppGroup, Directory, ListPage } from '../api/types.ts';
import { Spinner } from './async-view.tsx';
import { groupFilter } from './scim-filter.ts';
import { useAsync } from './use-async.ts';
import { useDebounced } from './use-debounced.ts';

const SHOWN = 20;

export interface PickedGroup {
  id: string;
  name: string;
}

export function GroupPicker({ organizationId, value, onChange }: { organizationId: string; value: PickedGroup | null; onChange: (group: PickedGroup) => void }) {
  const searchId = useId();
  const name = useId();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search);
  const dirs = useAsync(() => api.get<ListPage<Directory>>(`/organizations/${organizationId}/directories`, { limit: 100 }), [organizationId]);
  const groups = useAsync(async () => {
    if (!dirs.data) return null;
    const directories = dirs.data.data;
    const pages = await Promise.all(directories.map((d) => api.get<ListPage<AppGroup>>(`/directories/${d.id}/groups`, { limit: SHOWN, filter: groupFilter(settled) })));
    return pages.flatMap((page, i) => page.data.map((g) => ({ group: g, directory: directories[i] as Directory })));
  }, [dirs.data, settled]);
  const several = (dirs.data?.data.length ?? 0) > 1;
  return (
    <div className="stack group-picker">
      <div className="field">
        <label htmlFor={searchId}>Find a group</label>
        <input id={searchId} className="input" type="search" placeholder="Group name" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <fieldset className="radios picker-list">
        <legend>Group</legend>
        {(groups.error ?? dirs.error) && <p className="note note-error">{(groups.error ?? dirs.error)?.message}</p>}
        {!groups.data && !groups.error && !dirs.error && <Spinner label="Looking for groups…" />}
        {groups.data?.length === 0 && <p className="muted">{settled ? 'No group matches this search.' : 'No groups yet: they appear when the identity provider pushes them.'}</p>}
        {groups.data?.map(({ group, directory }) => (
          <label key={group.id}>
            <input type="radio" name={name} value={group.id} checked={value?.id === group.id} onChange={() => onChange({ id: group.id, name: group.displayName })} /> {group.displayName}
            {several && <span className="muted small"> · {directory.name}</span>}
          </label>
        ))}
        {value && !groups.data?.some((g) => g.group.id === value.id) && (
          <p className="small">
            Chosen: <strong>{value.name}</strong>
          </p>
        )}
      </fieldset>
      {(groups.data?.length ?? 0) >= SHOWN && <p className="field-help">The first {SHOWN} groups of each directory are shown: type to narrow them down.</p>}
    </div>
  );
}
