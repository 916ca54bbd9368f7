// A directory's settings the IT admin may change: what deprovisioning does, and the request rate limit. Every change is audited.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Directory } from '../api/types.ts';
import { ErrorNote } from '../components/async-view.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';

export function SettingsPage({ directory, onSaved }: { directory: Directory; onSaved: () => void }) {
  const ids = { rate: useId(), burst: useId() };
  const [rule, setRule] = useState(directory.deprovisionRule);
  const [rate, setRate] = useState(String(directory.rateLimitPerSecond));
  const [burst, setBurst] = useState(String(directory.rateLimitBurst));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [confirming, setConfirming] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Deleting is the one setting that loses data: ask before turning it on.
    if (rule === 'delete' && directory.deprovisionRule !== 'delete') setConfirming(true);
    else void save();
  };
  const save = async () => {
    setConfirming(false);
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      await api.patch(`/directories/${directory.id}`, { deprovisionRule: rule, rateLimitPerSecond: Number(rate), rateLimitBurst: Number(burst) });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack settings" onSubmit={submit}>
      <fieldset className="radios">
        <legend>When a user is removed in the identity provider</legend>
        <label>
          <input type="radio" name="rule" value="deactivate" checked={rule === 'deactivate'} onChange={() => setRule('deactivate')} /> <strong>Deactivate</strong> —
          the user loses access and can come back with their data (recommended)
        </label>
        <label>
          <input type="radio" name="rule" value="delete" checked={rule === 'delete'} onChange={() => setRule('delete')} /> <strong>Delete</strong> — the user is
          removed from the application
        </label>
      </fieldset>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.rate}>Requests per second</label>
          <input id={ids.rate} className="input" type="number" min={1} max={100000} required value={rate} onChange={(e) => setRate(e.target.value)} />
          <p className="field-help">Above this rate the identity provider is asked to retry later (all major ones do).</p>
        </div>
        <div className="field">
          <label htmlFor={ids.burst}>Burst</label>
          <input id={ids.burst} className="input" type="number" min={1} max={1000000} required value={burst} onChange={(e) => setBurst(e.target.value)} />
          <p className="field-help">Requests allowed at once before the rate applies.</p>
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <ConfirmDialog open={confirming} title="Delete users removed in the identity provider?" confirmLabel="Delete them" danger onConfirm={() => void save()} onCancel={() => setConfirming(false)}>
        <p>From now on, a user removed in the identity provider is deleted from the application with their data, instead of being deactivated. A user removed by mistake cannot come back as they were.</p>
      </ConfirmDialog>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
        <span role="status" className="muted">
          {saved ? 'Saved. The change is recorded in the audit log.' : ''}
        </span>
      </div>
    </form>
  );
}
