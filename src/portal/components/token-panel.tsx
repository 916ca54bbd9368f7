// The SCIM token: shown once after creation, and a new one after a confirmation.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { recalledToken, rememberToken } from '../api/token-memory.ts';
import type { Directory, TokenRotated } from '../api/types.ts';
import { ErrorNote } from './async-view.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CopyField } from './copy-field.tsx';
import { guideFor } from '../guides/idp-guides.ts';

const GRACE_CHOICES = [
  [0, 'Stop the old token now'],
  [3600, 'Keep the old token working for 1 hour'],
  [86400, 'Keep the old token working for 24 hours'],
] as const;

export function TokenPanel({ directory }: { directory: Directory }) {
  const [token, setToken] = useState(recalledToken(directory.id));
  const [asking, setAsking] = useState(false);
  const [grace, setGrace] = useState<number>(directory.state === 'pending' ? 0 : 3600);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<TokenRotated>(`/directories/${directory.id}/token`, { gracePeriodSeconds: grace });
      rememberToken(directory.id, r.bearerToken);
      setToken(r.bearerToken);
      setAsking(false);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      {token ? (
        <>
          <CopyField label="SCIM token" value={token} secret testId="scim-token" />
          <p className="note note-warn">Copy it now: for your security it is shown only once. If you lose it, generate a new one.</p>
        </>
      ) : (
        <p className="muted">The token was shown when this connection was created and is not stored readable. Generate a new one if you need it.</p>
      )}
      <div>
        <button type="button" className="button" onClick={() => setAsking(true)}>
          {token ? 'Generate another token' : 'Generate a new token'}
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      <ConfirmDialog open={asking} title="Generate a new SCIM token?" confirmLabel="Generate token" danger busy={busy} onConfirm={() => void rotate()} onCancel={() => setAsking(false)}>
        <p>{guideFor(directory.provider).name} must then use the new token. Until you paste it there, provisioning fails once the old token stops working.</p>
        <fieldset className="radios">
          <legend>The current token</legend>
          {GRACE_CHOICES.map(([seconds, label]) => (
            <label key={seconds}>
              <input type="radio" name="grace" value={seconds} checked={grace === seconds} onChange={() => setGrace(seconds)} /> {label}
            </label>
          ))}
        </fieldset>
      </ConfirmDialog>
    </div>
  );
}
