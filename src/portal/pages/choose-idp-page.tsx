// Step 1 of the setup: choose the identity provider; this creates the directory and its token.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { rememberToken } from '../api/token-memory.ts';
import type { CreatedDirectory } from '../api/types.ts';
import { ErrorNote } from '../components/async-view.tsx';
import { PageHeader } from '../components/layout.tsx';
import { GUIDES, type IdpGuide } from '../guides/idp-guides.ts';
import { navigate } from '../router.tsx';

export function ChooseIdpPage({ organizationId, back }: { organizationId: string; back: { to: string; label: string } }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const choose = async (guide: IdpGuide) => {
    setBusy(guide.provider);
    setError(null);
    try {
      const created = await api.post<CreatedDirectory>(`/organizations/${organizationId}/directories`, { name: guide.name, provider: guide.provider });
      rememberToken(created.id, created.bearerToken);
      navigate(`/directories/${created.id}/setup`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title="Connect your identity provider" subtitle="Step 1 of 3: choose where your people are managed." back={back} />
      {error && <ErrorNote error={error} />}
      <ul className="idp-grid" aria-label="Identity providers">
        {GUIDES.map((guide) => (
          <li key={guide.provider}>
            <button type="button" className="idp-choice" onClick={() => void choose(guide)} disabled={busy !== null}>
              <span className="idp-name">{guide.name}</span>
              <span className="muted">{busy === guide.provider ? 'Creating the connection…' : `Set up in the ${guide.console}`}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
