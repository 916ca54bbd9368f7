// The developer's webhook endpoints: list, create (the signing secret shown once).
import { api } from '../api/client.ts';
import type { ListPage, WebhookEndpoint } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useAsync } from '../components/use-async.ts';
import { Link } from '../router.tsx';
import { CreateWebhook } from '../components/create-webhook-form.tsx';

export function WebhooksPage() {
  const hooks = useAsync(() => api.get<ListPage<WebhookEndpoint>>('/webhooks', { limit: 100 }), []);
  return (
    <>
      <PageHeader title="Webhooks" subtitle="Where Roster sends events, signed (Standard Webhooks), retried until your app answers 2xx." />
      <AsyncView state={hooks}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="No endpoints yet">
              <p>Add your app’s webhook URL below to receive user and group changes as they happen.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Webhook endpoints">
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Events</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((h) => (
                    <tr key={h.id}>
                      <td>
                        <Link to={`/webhooks/${h.id}`} className="mono small">
                          {h.url}
                        </Link>
                      </td>
                      <td className="small">{h.eventTypes.length ? h.eventTypes.join(', ') : 'all'}</td>
                      <td>
                        <StatusBadge value={h.enabled ? 'active' : 'inactive'} label={h.enabled ? 'enabled' : 'disabled'} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
      <CreateWebhook onCreated={hooks.reload} />
    </>
  );
}
