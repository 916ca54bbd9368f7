// Opens an access review: which roles, who reviews (one named person, or each user's manager), the fallback, the closing date.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { ListPage } from '../api/types.ts';
import type { AccessReview } from '../../sdk/access-review-types.ts';
import type { Role } from '../../sdk/role-types.ts';
import { ErrorNote } from './async-view.tsx';
import { useAction } from './use-action.ts';
import { useAsync } from './use-async.ts';

export function CreateReviewForm({ organizationId, onCreated }: { organizationId: string; onCreated: (review: AccessReview) => void }) {
  const ids = { name: useId(), reviewer: useId(), fallback: useId(), closes: useId(), scope: useId(), mode: useId() };
  const roles = useAsync(() => api.get<ListPage<Role>>('/roles'), []);
  const [name, setName] = useState('');
  const [allRoles, setAllRoles] = useState(true);
  const [roleKeys, setRoleKeys] = useState<string[]>([]);
  const [mode, setMode] = useState<'admin' | 'manager'>('admin');
  const [reviewer, setReviewer] = useState('');
  const [fallback, setFallback] = useState('');
  const [closes, setCloses] = useState('');
  const { busy, error, run } = useAction();
  const toggle = (key: string) => setRoleKeys((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const review = await api.post<AccessReview>(`/organizations/${organizationId}/access-reviews`, {
        name: name.trim(),
        ...(allRoles ? {} : { roleKeys }),
        reviewer: mode === 'admin' ? { mode, reviewer: reviewer.trim(), fallback: fallback.trim() } : { mode, fallback: fallback.trim() },
        // The end of the chosen day, in the browser's time zone.
        ...(closes ? { closesAt: new Date(`${closes}T23:59:59`).toISOString() } : {}),
      });
      onCreated(review);
    });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-review-title">
      <h2 id="new-review-title">New access review</h2>
      <p className="muted small">It lists who holds which role right now; each reviewer then keeps or revokes every grant. Grants made later are not in it.</p>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} className="input" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder="Q4 2026 administrators" />
      </div>
      <fieldset className="radios" aria-describedby={ids.scope}>
        <legend>Roles to review</legend>
        <label>
          <input type="radio" name="scope" checked={allRoles} onChange={() => setAllRoles(true)} /> Every role
        </label>
        <label>
          <input type="radio" name="scope" checked={!allRoles} onChange={() => setAllRoles(false)} /> Only these roles:
        </label>
        {!allRoles &&
          (roles.data ? (
            roles.data.data.length === 0 ? (
              <p className="muted small">The application has declared no role yet.</p>
            ) : (
              roles.data.data.map((r) => (
                <label key={r.key} className="indent">
                  <input type="checkbox" checked={roleKeys.includes(r.key)} onChange={() => toggle(r.key)} /> {r.name} <span className="muted mono small">{r.key}</span>
                </label>
              ))
            )
          ) : roles.error ? (
            <ErrorNote error={roles.error} />
          ) : null)}
        <p id={ids.scope} className="field-help">
          Users are everyone in your organization who holds one of these roles when the review opens.
        </p>
      </fieldset>
      <fieldset className="radios">
        <legend>Who reviews</legend>
        <label>
          <input type="radio" name="mode" checked={mode === 'admin'} onChange={() => setMode('admin')} /> One person reviews every grant
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'manager'} onChange={() => setMode('manager')} /> Each user's manager (from your identity provider)
        </label>
      </fieldset>
      <div className="grid-2">
        {mode === 'admin' && (
          <div className="field">
            <label htmlFor={ids.reviewer}>Reviewer (email)</label>
            <input id={ids.reviewer} className="input" required maxLength={320} value={reviewer} onChange={(e) => setReviewer(e.target.value)} placeholder="it-lead@acme.com" />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.fallback}>Fallback reviewer (email)</label>
          <input id={ids.fallback} className="input" required maxLength={320} value={fallback} onChange={(e) => setFallback(e.target.value)} placeholder="ciso@acme.com" aria-describedby={`${ids.fallback}-help`} />
          <p id={`${ids.fallback}-help`} className="field-help">
            Decides the grants of users without a manager, and those the reviewer may not decide: nobody reviews their own access.
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.closes}>Closes on (optional)</label>
          <input id={ids.closes} className="input" type="date" value={closes} onChange={(e) => setCloses(e.target.value)} />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim() || (!allRoles && roleKeys.length === 0)}>
          {busy ? 'Opening…' : 'Open the review'}
        </button>
      </div>
    </form>
  );
}
