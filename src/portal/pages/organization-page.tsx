// One organization for the developer: its directories with state, last sync and failures, a new directory, a portal link.
import { api } from '../api/client.ts';
import type { Directory, ListPage, Organization } from '../api/types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PortalLinkForm } from '../components/portal-link-form.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { Link } from '../router.tsx';
import { FailureCount } from '../components/failure-count.tsx';
import { CreateDirectory } from '../components/create-directory-form.tsx';
import { PortalSessions } from '../components/portal-sessions.tsx';

export function OrganizationPage({ organizationId }: { organizationId: string }) {
  const org = useAsync(() => api.get<Organization>(`/organizations/${organizationId}`), [organizationId]);
  const dirs = useAsync(() => api.get<ListPage<Directory>>(`/organizations/${organizationId}/directories`, { limit: 100 }), [organizationId]);
  return (
    <AsyncView state={org}>
      {(o) => (
        <>
          <PageHeader
            title={o.name}
            subtitle={o.domains.join(', ') || 'No email domains'}
            back={{ to: '/', label: 'Organizations' }}
            actions={
              <>
                <Link to={`/organizations/${o.id}/roles`} className="button">
                  Roles
                </Link>
                <Link to={`/organizations/${o.id}/seats`} className="button">
                  Seats
                </Link>
                <Link to={`/organizations/${o.id}/access-reviews`} className="button">
                  Access reviews
                </Link>
                <Link to={`/organizations/${o.id}/offboardings`} className="button">
                  Leavers
                </Link>
              </>
            }
          />
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
          <PortalSessions organizationId={o.id} />
          {dirs.error && <ErrorNote error={dirs.error} />}
        </>
      )}
    </AsyncView>
  );
}
