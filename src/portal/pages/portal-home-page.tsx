// The IT admin's start page: the organization's directories and their state, or the way to connect the first one.
import { api } from '../api/client.ts';
import type { Directory, ListPage } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link } from '../router.tsx';
import { DirectoryCards } from '../components/directory-cards.tsx';

export function PortalHomePage({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const state = useAsync(() => api.get<ListPage<Directory>>(`/organizations/${organizationId}/directories`, { limit: 100 }), [organizationId]);
  return (
    <>
      <PageHeader
        title="Directories"
        subtitle={`${organizationName}: the identity providers that send your people and groups to this application.`}
        actions={
          <Link to="/setup" className="button button-primary">
            Connect an identity provider
          </Link>
        }
      />
      <AsyncView state={state}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No identity provider is connected yet">
              <p>Connect Okta, Microsoft Entra ID, Google Workspace or another SCIM identity provider: it takes about ten minutes.</p>
              <Link to="/setup" className="button button-primary">
                Start the setup
              </Link>
            </EmptyState>
          ) : (
            <DirectoryCards directories={page.data} />
          )
        }
      </AsyncView>
    </>
  );
}
