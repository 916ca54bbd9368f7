// Leavers' checklists of an organization: each deprovisioned user with the tasks the app declared, done or not.
import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { ListPage } from '../api/types.ts';
import type { Offboarding } from '../../sdk/offboarding-types.ts';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { PagerControls, usePager } from '../components/pager.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TimeText } from '../components/time-text.tsx';
import { useAction } from '../components/use-action.ts';
import { useAsync } from '../components/use-async.ts';

const STATUSES = [
  ['open', 'Open (tasks left to do)'],
  ['completed', 'Completed'],
  ['cancelled', 'Cancelled (rehired)'],
  ['all', 'All'],
] as const;

type Task = Offboarding['tasks'][number];

/** One task: done or not, when, the note the app left; the developer (the app) may tick it here too. */
function TaskRow({ organizationId, offboarding, task, canMark, onChanged }: { organizationId: string; offboarding: Offboarding; task: Task; canMark: boolean; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  const mark = (done: boolean) =>
    run(async () => {
      await api.post(`/organizations/${organizationId}/offboardings/${offboarding.id}/tasks/${encodeURIComponent(task.key)}`, { done });
      onChanged();
    });
  return (
    <li className="task-row">
      <span className={`task-mark ${task.done ? 'task-done' : ''}`} aria-hidden="true">{task.done ? '✓' : '○'}</span>
      <div className="grow">
        <div>
          {task.name} <span className="visually-hidden">{task.done ? '(done)' : '(not done)'}</span>
        </div>
        <div className="muted small">
          {task.done ? (
            <>
              Marked done <TimeText iso={task.doneAt} /> by {task.doneBy ?? 'the application'}
              {task.note ? `: ${task.note}` : ''}
            </>
          ) : (
            'Not done yet'
          )}
        </div>
        {error && <ErrorNote error={error} />}
      </div>
      {canMark && offboarding.status !== 'cancelled' && (
        <button type="button" className="button button-quiet" disabled={busy} onClick={() => void mark(!task.done)} aria-label={`${task.done ? 'Mark not done' : 'Mark done'}: ${task.name} for ${offboarding.user.userName}`}>
          {task.done ? 'Mark not done' : 'Mark done'}
        </button>
      )}
    </li>
  );
}

function OffboardingCard({ organizationId, offboarding, canMark, onChanged }: { organizationId: string; offboarding: Offboarding; canMark: boolean; onChanged: () => void }) {
  const u = offboarding.user;
  const done = offboarding.tasks.filter((t) => t.done).length;
  return (
    <li className="card stack offboarding" aria-label={`Offboarding of ${u.userName}`}>
      <div className="row">
        <div className="grow">
          <h2 className="card-title">{u.displayName ?? u.userName}</h2>
          <div className="muted small">
            {u.userName}
            {u.email && u.email !== u.userName ? ` · ${u.email}` : ''}
          </div>
        </div>
        <StatusBadge value={offboarding.status === 'open' ? 'pending' : offboarding.status === 'completed' ? 'succeeded' : 'inactive'} label={offboarding.status} />
      </div>
      <p className="small">
        {offboarding.cause === 'deleted' ? 'Deleted' : 'Deprovisioned'} <TimeText iso={offboarding.startedAt} />
        {offboarding.completedAt && (
          <>
            {' '}
            · completed <TimeText iso={offboarding.completedAt} />
          </>
        )}
        {offboarding.cancelledAt && (
          <>
            {' '}
            · cancelled <TimeText iso={offboarding.cancelledAt} /> (provisioned again)
          </>
        )}{' '}
        · {done} of {offboarding.tasks.length} tasks done
      </p>
      <ul className="plain tasks" aria-label="Tasks">
        {offboarding.tasks.map((t) => (
          <TaskRow key={t.key} organizationId={organizationId} offboarding={offboarding} task={t} canMark={canMark} onChanged={onChanged} />
        ))}
      </ul>
    </li>
  );
}

export function OffboardingsPage({ organizationId, canMark, back }: { organizationId: string; canMark: boolean; back?: { to: string; label: string } }) {
  const statusId = useId();
  const [status, setStatus] = useState<string>('open');
  const pager = usePager(status);
  const list = useAsync(() => api.get<ListPage<Offboarding>>(`/organizations/${organizationId}/offboardings`, { status, limit: 25, after: pager.cursor }), [organizationId, status, pager.cursor]);
  return (
    <>
      <PageHeader
        title="Leavers"
        subtitle={
          canMark
            ? 'Each deprovisioned user gets the tasks your application declared (PUT /api/v1/offboarding-tasks); your application marks them done through the API, or you mark them here.'
            : 'Each person removed in your identity provider gets the tasks this application needs done when someone leaves. The application marks them done as they happen.'
        }
        {...(back ? { back } : {})}
      />
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={statusId}>Show</label>
          <select id={statusId} className="input" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field end">
          <button type="button" className="button" onClick={list.reload}>
            Refresh
          </button>
        </div>
      </form>
      <AsyncView state={list}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title={status === 'open' ? 'No leaver has tasks left' : 'No leaver matches this filter'}>
              <p>When your identity provider removes someone, their checklist appears here until every task is done.</p>
            </EmptyState>
          ) : (
            <>
              <ul className="plain stack" aria-label="Leavers, newest first">
                {page.data.map((o) => (
                  <OffboardingCard key={o.id} organizationId={organizationId} offboarding={o} canMark={canMark} onChanged={list.reload} />
                ))}
              </ul>
              <PagerControls pager={pager} nextCursor={page.nextCursor} />
            </>
          )
        }
      </AsyncView>
    </>
  );
}
