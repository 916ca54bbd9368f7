// Leave of absence (docs/lifecycle.md): suspend a user until a return date, or end the suspension now. The app
// developer's: a portal session may not change it (PORTAL_CHANGES), so the IT admin sees it, read-only.
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { AppUser, ListPage, Suspension } from '../api/types.ts';
import { AsyncView, ErrorNote } from './async-view.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { daysFromNow, exactTime, fromLocalInput } from './date-time.ts';
import { useAction } from './use-action.ts';
import { useAsync } from './use-async.ts';

const ENDED_BY: Record<string, string> = { admin: 'ended by an administrator', schedule: 'ended on its return date', identity_provider: 'ended by the identity provider' };

export function UserSuspension({ user, canChange, onChanged }: { user: AppUser; canChange: boolean; onChanged: () => void }) {
  const ids = { until: useId(), reason: useId() };
  const list = useAsync(() => api.get<ListPage<Suspension>>(`/users/${user.id}/suspensions`), [user.id, user.state]);
  const [asking, setAsking] = useState<'suspend' | 'end' | null>(null);
  const [until, setUntil] = useState(daysFromNow(14));
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const act = () =>
    run(async () => {
      if (asking === 'end') await api.post(`/users/${user.id}/suspension/end`, {});
      else {
        const back = fromLocalInput(until);
        await api.post(`/users/${user.id}/suspension`, { ...(back ? { until: back } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) });
      }
      setAsking(null);
      onChanged();
    });
  return (
    <section className="card stack" aria-labelledby="suspension-title">
      <h3 id="suspension-title">Leave of absence</h3>
      <AsyncView state={list}>
        {(page) => {
          const open = page.data.find((s) => !s.endedAt);
          const last = page.data.find((s) => s.endedAt);
          return (
            <>
              {open ? (
                <p>
                  <strong>Suspended{open.until ? ` until ${exactTime(open.until)}` : ' until someone ends it'}</strong>
                  {open.reason && <span className="muted"> — “{open.reason}”</span>}. The user comes back by themselves on that date; the identity provider’s own change wins.
                </p>
              ) : (
                <p className="muted">Not suspended{last?.endedAt ? `; the last suspension ${ENDED_BY[last.endedBy ?? ''] ?? 'ended'} ${exactTime(last.endedAt)}` : ''}.</p>
              )}
              {canChange && open && (
                <div>
                  <button type="button" className="button" onClick={() => setAsking('end')}>
                    End suspension now
                  </button>
                </div>
              )}
              {canChange && !open && user.state === 'active' && (
                <div className="grid-3 end-row">
                  <div className="field">
                    <label htmlFor={ids.until}>Back on</label>
                    <input id={ids.until} className="input" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor={ids.reason}>Reason (optional)</label>
                    <input id={ids.reason} className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Parental leave" />
                  </div>
                  <div>
                    <button type="button" className="button" onClick={() => setAsking('suspend')}>
                      Suspend…
                    </button>
                  </div>
                </div>
              )}
              {!canChange && <p className="muted small">Suspensions are set by the application’s administrator.</p>}
            </>
          );
        }}
      </AsyncView>
      {error && !asking && <ErrorNote error={error} />}
      <ConfirmDialog
        open={asking !== null}
        title={asking === 'end' ? `End ${user.userName}’s suspension now?` : `Suspend ${user.userName}?`}
        confirmLabel={asking === 'end' ? 'End suspension' : 'Suspend'}
        danger={asking === 'suspend'}
        busy={busy}
        onConfirm={() => void act()}
        onCancel={() => setAsking(null)}
      >
        <p>
          {asking === 'end'
            ? 'They become active again at once, and the application is told (user.reactivated).'
            : `They lose access now (user.deactivated) and come back ${fromLocalInput(until) ? `on ${exactTime(fromLocalInput(until) ?? '')}` : 'when someone ends the suspension'}.`}
        </p>
        {error && asking && <ErrorNote error={error} />}
      </ConfirmDialog>
    </section>
  );
}
