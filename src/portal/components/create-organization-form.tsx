// The developer's form to add an organization (a customer).
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { ErrorNote } from './async-view.tsx';
import { navigate } from '../router.tsx';

export function CreateOrganization() {
  const ids = { name: useId(), domains: useId() };
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const list = domains.split(/[\s,]+/).filter(Boolean);
      const org = await api.post<Organization>('/organizations', { name: name.trim(), ...(list.length ? { domains: list } : {}) });
      navigate(`/organizations/${org.id}`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-org-title">
      <h2 id="new-org-title">New organization</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} className="input" required value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme Inc." />
        </div>
        <div className="field">
          <label htmlFor={ids.domains}>Email domains (optional)</label>
          <input id={ids.domains} className="input" value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="acme.com, acme.io" />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
      </div>
    </form>
  );
}
