// The landing page without a session: customers are told to open their link; app developers sign in with an admin key.
import { useId, useState, type FormEvent } from 'react';
import { useViewer } from '../api/viewer.tsx';
import { navigate } from '../router.tsx';
import { ErrorNote } from '../components/async-view.tsx';

export function LoginPage({ reason }: { reason?: string | undefined }) {
  const { signInWithKey } = useViewer();
  const keyId = useId();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInWithKey(key.trim());
      navigate('/', true);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="centered" id="main">
      <section className="card narrow" aria-labelledby="login-title">
        <span className="brand-mark large" aria-hidden="true">R</span>
        <h1 id="login-title">Admin Portal</h1>
        {reason && <p className="note note-warn">{reason}</p>}
        <p>
          <strong>Connecting your company’s identity provider?</strong> Open the link the application’s team sent you. If it no longer works, ask them for a
          new one.
        </p>
        <hr />
        <form onSubmit={submit} className="stack">
          <h2>App developer sign-in</h2>
          <div className="field">
            <label htmlFor={keyId}>Admin API key</label>
            <input id={keyId} className="input mono" type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} />
            <p className="field-help">A full-scope key bound to no organization. It is kept in this tab only and sent as a bearer token.</p>
          </div>
          {error && <ErrorNote error={error} />}
          <button type="submit" className="button button-primary" disabled={busy || key.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
    </main>
  );
}
