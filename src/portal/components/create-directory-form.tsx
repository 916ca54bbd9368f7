// The developer's form to add a directory to an organization; its token is shown on the next page, once.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { rememberToken } from '../api/token-memory.ts';
import type { CreatedDirectory } from '../api/types.ts';
import { ErrorNote } from './async-view.tsx';
import { GUIDES, guideFor } from '../guides/idp-guides.ts';
import { navigate } from '../router.tsx';

export function CreateDirectory({ organizationId }: { organizationId: string }) {
  const ids = { name: useId(), provider: useId() };
  const [name, setName] = useState('');
  const [provider, setProvider] = useState('okta');
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api.post<CreatedDirectory>(`/organizations/${organizationId}/directories`, { name: name.trim() || guideFor(provider).name, provider });
      rememberToken(created.id, created.bearerToken);
      navigate(`/directories/${created.id}/setup`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="new-dir-title">
      <h2 id="new-dir-title">New directory</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.provider}>Identity provider</label>
          <select id={ids.provider} className="input" value={provider} onChange={(e) => setProvider(e.target.value)}>
            {GUIDES.map((g) => (
              <option key={g.provider} value={g.provider}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.name}>Name (optional)</label>
          <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={guideFor(provider).name} />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary">
          Create directory
        </button>
      </div>
    </form>
  );
}
