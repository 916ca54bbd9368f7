// An organization's live Admin Portal sessions, each of which the developer can end.
import { api } from '../api/client.ts';
import type { ListPage, PortalSessionRecord } from '../api/types.ts';
import { AsyncView } from './async-view.tsx';
import { TimeText } from './time-text.tsx';
import { useAsync } from './use-async.ts';

export function PortalSessions({ organizationId }: { organizationId: string }) {
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
