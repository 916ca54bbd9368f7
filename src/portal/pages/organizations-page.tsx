// The developer's start page: every organization, and a form to add one.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Directory, ListPage, Organization } from '../api/types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link, navigate } from '../router.tsx';

/** An organization's directories at a glance: how many, and whether any waits or failed recently. */
function DirectoriesCell({ organizationId }: { organizationId: string }) {
  const state = useAsync(() => api.get<ListPage<Directory>>(`/organizations/${organizationId}/directories`, { limit: 100 }), [organizationId]);
  if (state.error) return <span className="muted">—</span>;
  if (!state.data) return <span className="muted">…</span>;
  const dirs = state.data.data;
  if (dirs.length === 0) return <span className="muted">none yet</span>;
  const waiting = dirs.filter((d) => d.state === 'pending').length;
  const failing = dirs.filter((d) => d.lastErrorAt && Date.now() - new Date(d.lastErrorAt).getTime() < 86400_000).length;
  const last = dirs.map((d) => d.lastRequestAt).filter((x): x is string => x !== null).sort().pop();
  return (
    <span className="row">
      <span>{dirs.length}</span>
      {waiting > 0 && <StatusBadge value="waiting" label={`${waiting} waiting`} />}
      {failing > 0 && <StatusBadge value="error" label={`${failing} failing (24 h)`} />}
      {last && (
        <span className="muted small">
          last sync <TimeText iso={last} />
        </span>
      )}
    </span>
  );
}

function CreateOrganization() {
  const ids = { name: useId(), domains: useId() };
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const list = domains.split(/[\s,]+/).filter(Boolean);
      const org = await api.post<Organization>('/organizations', { name: name.trim(), ...(list.length ? { domains: list } : {}) });
      navigate(`/organizations/${org.id}`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-org-title">
      <h2 id="new-org-title">New organization</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} className="input" required value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme Inc." />
        </div>
        <div className="field">
          <label htmlFor={ids.domains}>Email domains (optional)</label>
          <input id={ids.domains} className="input" value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="acme.com, acme.io" />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
      </div>
    </form>
  );
}

export function OrganizationsPage() {
  const pager = usePager();
  const orgs = useAsync(() => api.get<ListPage<Organization>>('/organizations', { limit: 50, after: pager.cursor }), [pager.cursor]);
  return (
    <>
      <PageHeader title="Organizations" subtitle="Your customers. Open one to see its directories, or send its IT admin a portal link." />
      <AsyncView state={orgs}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No organizations yet">
              <p>Create one for each customer below, then send its IT admin a setup link.</p>
            </EmptyState>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Organizations">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Domains</th>
                      <th scope="col">Directories</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.data.map((o) => (
                      <tr key={o.id}>
                        <td>
                          <Link to={`/organizations/${o.id}`}>{o.name}</Link>
                        </td>
                        <td>{o.domains.length ? o.domains.join(', ') : <span className="muted">—</span>}</td>
                        <td>
                          <DirectoriesCell organizationId={o.id} />
                        </td>
                        <td>
                          <TimeText iso={o.createdAt} />
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
      <CreateOrganization />
    </>
  );
}
