// The developer's start page: every organization, and a form to add one.
import { api } from '../api/client.ts';
import type { ListPage, Organization } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link } from '../router.tsx';
import { DirectoriesCell } from '../components/directories-cell.tsx';
import { CreateOrganization } from '../components/create-organization-form.tsx';

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
