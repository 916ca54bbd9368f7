// The IT admin's start page: the organization's directories and their state, or the way to connect the first one.
import { api } from '../api/client.ts';
import type { Directory, ListPage } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAsync } from '../components/use-async.ts';
import { guideFor } from '../guides/idp-guides.ts';
import { Link } from '../router.tsx';

export function DirectoryCards({ directories }: { directories: Directory[] }) {
  return (
    <ul className="cards" aria-label="Directories">
      {directories.map((d) => (
        <li key={d.id} className="card card-link">
          <Link to={`/directories/${d.id}/setup`} className="card-title">
            {d.name}
          </Link>
          <p className="muted">{guideFor(d.provider).name}</p>
          <p>
            <StatusBadge value={d.state === 'pending' ? 'waiting' : d.state} label={d.state === 'pending' ? 'waiting for first request' : d.state} />
          </p>
          <dl className="facts">
            <dt>Last request</dt>
            <dd>
              <TimeText iso={d.lastRequestAt} fallback="none yet" />
            </dd>
            <dt>Last failure</dt>
            <dd>{d.lastErrorAt ? <TimeText iso={d.lastErrorAt} /> : <span className="muted">none</span>}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

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
