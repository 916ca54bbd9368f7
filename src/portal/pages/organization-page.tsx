// One organization for the developer: its directories with state, last sync and failures, a new directory, a portal link.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { rememberToken } from '../api/token-memory.ts';
import type { CreatedDirectory, Directory, ListPage, Organization, PortalSessionRecord, SyncLogEntry } from '../api/types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PortalLinkForm } from '../components/portal-link-form.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { GUIDES, guideFor } from '../guides/idp-guides.ts';
import { Link, navigate } from '../router.tsx';

/** Failures in the last 24 hours, from the sync log (one page of up to 100: "100+" past that). */
function FailureCount({ directoryId }: { directoryId: string }) {
  const since = new Date(Date.now() - 86400_000).toISOString();
  const state = useAsync(() => api.get<{ data: SyncLogEntry[]; nextCursor: string | null }>(`/directories/${directoryId}/sync-log`, { status: 'error', since, limit: 100 }), [directoryId]);
  if (!state.data) return <span className="muted">…</span>;
  const n = state.data.data.length;
  const text = `${n}${state.data.nextCursor ? '+' : ''}`;
  return n === 0 ? <span className="muted">0</span> : <Link to={`/directories/${directoryId}/sync-log?status=error`}>{text}</Link>;
}

function CreateDirectory({ organizationId }: { organizationId: string }) {
  const ids = { name: useId(), provider: useId() };
  const [name, setName] = useState('');
  const [provider, setProvider] = useState('okta');
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api.post<CreatedDirectory>(`/organizations/${organizationId}/directories`, { name: name.trim() || guideFor(provider).name, provider });
      rememberToken(created.id, created.bearerToken);
      navigate(`/directories/${created.id}/setup`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-dir-title">
      <h2 id="new-dir-title">New directory</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.provider}>Identity provider</label>
          <select id={ids.provider} className="input" value={provider} onChange={(e) => setProvider(e.target.value)}>
            {GUIDES.map((g) => (
              <option key={g.provider} value={g.provider}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.name}>Name (optional)</label>
          <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={guideFor(provider).name} />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary">
          Create directory
        </button>
      </div>
    </form>
  );
}

function Sessions({ organizationId }: { organizationId: string }) {
  const state = useAsync(() => api.get<ListPage<PortalSessionRecord>>(`/organizations/${organizationId}/portal-sessions`, { limit: 20 }), [organizationId]);
  const revoke = async (id: string) => {
    await api.delete(`/organizations/${organizationId}/portal-sessions/${id}`);
    state.reload();
  };
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Portal sessions</h2>
      <AsyncView state={state}>
        {(page) =>
          page.data.filter((s) => s.active).length === 0 ? (
            <p className="muted">Nobody is signed in to this organization’s portal.</p>
          ) : (
            <ul className="plain">
              {page.data
                .filter((s) => s.active)
                .map((s) => (
                  <li key={s.id} className="row">
                    <span>
                      Opened <TimeText iso={s.createdAt} /> by a {s.intent} link · ends <TimeText iso={s.expiresAt} />
                    </span>
                    <button type="button" className="button button-quiet" onClick={() => void revoke(s.id)}>
                      End session
                    </button>
                  </li>
                ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

export function OrganizationPage({ organizationId }: { organizationId: string }) {
  const org = useAsync(() => api.get<Organization>(`/organizations/${organizationId}`), [organizationId]);
  const dirs = useAsync(() => api.get<ListPage<Directory>>(`/organizations/${organizationId}/directories`, { limit: 100 }), [organizationId]);
  return (
    <AsyncView state={org}>
      {(o) => (
        <>
          <PageHeader title={o.name} subtitle={o.domains.join(', ') || 'No email domains'} back={{ to: '/', label: 'Organizations' }} />
          <section aria-labelledby="dirs-title" className="stack">
            <h2 id="dirs-title">Directories</h2>
            <AsyncView state={dirs}>
              {(page) =>
                page.data.length === 0 ? (
                  <EmptyState title="No directory yet">
                    <p>Create one below, or send the customer a setup link: they choose their identity provider themselves.</p>
                  </EmptyState>
                ) : (
                  <div className="table-wrap">
                    <table className="table" aria-label="Directories">
                      <thead>
                        <tr>
                          <th scope="col">Directory</th>
                          <th scope="col">State</th>
                          <th scope="col">Last sync</th>
                          <th scope="col">Failures (24 h)</th>
                          <th scope="col">Last failure</th>
                        </tr>
                      </thead>
                      <tbody>
                        {page.data.map((d) => (
                          <tr key={d.id}>
                            <td>
                              <Link to={`/directories/${d.id}/setup`}>{d.name}</Link>
                              <div className="muted small">{guideFor(d.provider).name}</div>
                            </td>
                            <td>
                              <StatusBadge value={d.state === 'pending' ? 'waiting' : d.state} label={d.state === 'pending' ? 'waiting' : d.state} />
                            </td>
                            <td>
                              <TimeText iso={d.lastRequestAt} fallback="never" />
                            </td>
                            <td>
                              <FailureCount directoryId={d.id} />
                            </td>
                            <td className="small">{d.lastErrorMessage ?? <span className="muted">none</span>}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )
              }
            </AsyncView>
          </section>
          <div className="grid-2">
            <CreateDirectory organizationId={o.id} />
            <PortalLinkForm organizationId={o.id} />
          </div>
          <Sessions organizationId={o.id} />
          {dirs.error && <ErrorNote error={dirs.error} />}
        </>
      )}
    </AsyncView>
  );
}
