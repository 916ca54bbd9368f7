// One webhook endpoint: its delivery log with attempts, replay of one delivery or of everything since a time.
import { api } from '../api/client.ts';
import type { ListPage, WebhookDelivery, WebhookEndpoint } from '../api/types.ts';
import { AsyncView } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { useAsync } from '../components/use-async.ts';
import { ReplaySince } from '../components/replay-since-form.tsx';
import { Delivery } from '../components/delivery-item.tsx';

export function WebhookPage({ endpointId }: { endpointId: string }) {
  const hook = useAsync(() => api.get<WebhookEndpoint>(`/webhooks/${endpointId}`), [endpointId]);
  const pager = usePager();
  const deliveries = useAsync(() => api.get<ListPage<WebhookDelivery>>(`/webhooks/${endpointId}/deliveries`, { limit: 25, after: pager.cursor }), [endpointId, pager.cursor]);
  return (
    <AsyncView state={hook}>
      {(h) => (
        <>
          <PageHeader title="Webhook endpoint" subtitle={<span className="mono">{h.url}</span>} back={{ to: '/webhooks', label: 'Webhooks' }} />
          <section className="card stack" aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">Deliveries</h2>
            <ReplaySince endpointId={h.id} onDone={deliveries.reload} />
            <AsyncView state={deliveries}>
              {(page) =>
                page.data.length === 0 ? (
                  <EmptyState title="No deliveries yet">
                    <p>Deliveries appear when events happen (a user is created in a connected directory, for example).</p>
                  </EmptyState>
                ) : (
                  <>
                    <ol className="log">
                      {page.data.map((d) => (
                        <Delivery key={d.id} delivery={d} endpointId={h.id} onReplayed={deliveries.reload} />
                      ))}
                    </ol>
                    <PagerControls pager={pager} nextCursor={page.nextCursor} />
                  </>
                )
              }
            </AsyncView>
          </section>
        </>
      )}
    </AsyncView>
  );
}
