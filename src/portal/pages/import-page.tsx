// A directory's CSV import: pick a file, read what would change (nothing is written), confirm, watch it run.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Directory } from '../api/types.ts';
import type { DirectoryImport } from '../../sdk/import-types.ts';
import { ErrorNote } from '../components/async-view.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useAction } from '../components/use-action.ts';
import { guideFor } from '../guides/idp-guides.ts';

const MAX_BYTES = 10 * 1024 * 1024;
const POLL_MS = 500;

function Counts({ run }: { run: DirectoryImport }) {
  const would = run.dryRun ? ' (would be)' : '';
  const facts: [string, number][] = [
    ['Created', run.created],
    ['Updated', run.updated],
    ['Deactivated', run.deactivated],
    ['Reactivated', run.reactivated],
    ['Managers set', run.managersSet],
    ['Unchanged', run.unchanged],
    ['In the directory, not in the file', run.notInFile],
    ['Rows with a problem', run.failed],
  ];
  return (
    <dl className="facts import-counts" aria-label={`Counts${would}`}>
      {facts.map(([label, n]) => (
        <div key={label} className="fact-row">
          <dt>{label}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}

function Sample({ run }: { run: DirectoryImport }) {
  const parts: [string, string[]][] = [
    ['Create', run.sample.creates],
    ['Update', run.sample.updates],
    ['Deactivate', run.sample.deactivations],
    ['Reactivate', run.sample.reactivations],
    ['Set manager', run.sample.managers],
  ];
  const shown = parts.filter(([, list]) => list.length > 0);
  if (shown.length === 0) return null;
  return (
    <section aria-label="Examples of the changes" className="stack">
      <h3>Examples</h3>
      {shown.map(([title, list]) => (
        <div key={title}>
          <h4 className="small">{title}</h4>
          <ul className="small mono">
            {list.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function RowErrors({ run }: { run: DirectoryImport }) {
  if (run.errors.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Rows with a problem">
        <TableHead columns={['Line', 'User', 'What to fix']} />
        <tbody>
          {run.errors.map((e) => (
            <tr key={`${e.line}-${e.userName}-${e.message}`}>
              <td>{e.line || '—'}</td>
              <td>{e.userName}</td>
              <td className="small">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPage({ directory }: { directory: Directory }) {
  const ids = { file: useId(), missing: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const [preview, setPreview] = useState<DirectoryImport | null>(null);
  const [run, setRun] = useState<DirectoryImport | null>(null);
  const { busy, error, run: act } = useAction();
  const [pollError, setPollError] = useState<Error | null>(null);
  const path = `/directories/${directory.id}/imports`;
  const idp = directory.provider !== 'generic' ? guideFor(directory.provider).name : null;

  // Follows a running import until it ends.
  useEffect(() => {
    if (!run?.id || run.state !== 'running') return;
    const timer = setTimeout(() => {
      api.get<DirectoryImport>(`${path}/${run.id}`).then(setRun, (err: unknown) => setPollError(err instanceof Error ? err : new Error(String(err))));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [run, path]);

  const send = (dryRun: boolean) =>
    act(async () => {
      if (!file) return;
      if (file.size > MAX_BYTES) throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; an import takes at most 10 MB. Split the file and import the parts one after the other.`);
      const answer = await api.post<DirectoryImport>(path, { csv: await file.text(), dryRun, deactivateMissing });
      if (dryRun) setPreview(answer);
      else setRun(answer);
    });
  const check = (e: FormEvent) => {
    e.preventDefault();
    setPreview(null);
    setRun(null);
    void send(true);
  };
  const changes = preview ? preview.total + preview.managersSet : 0;

  if (run) {
    const percent = run.total === 0 ? 100 : Math.round((run.done / run.total) * 100);
    return (
      <section className="stack" aria-label="Import">
        <h2>{run.state === 'running' ? 'Importing…' : run.state === 'completed' ? 'Import done' : 'The import stopped'}</h2>
        <div className="import-progress">
          <progress max={Math.max(run.total, 1)} value={run.total === 0 ? 1 : run.done} aria-label="Import progress" />
          <span className="small" aria-live="polite">
            {run.done} of {run.total} written ({percent}%)
          </span>
        </div>
        {pollError && <ErrorNote error={pollError} />}
        {run.state === 'interrupted' && <p className="note note-warn">The server running this import stopped. Import the same file again: rows already imported are left as they are.</p>}
        <Counts run={run} />
        <RowErrors run={run} />
        {run.state !== 'running' && (
          <div>
            <button type="button" className="button" onClick={() => { setRun(null); setPreview(null); setFile(null); }}>
              Import another file
            </button>
          </div>
        )}
      </section>
    );
  }

  return (
    <section className="stack" aria-label="Import">
      <p>
        Create, update and deactivate this directory's users from a CSV file: the first line names the columns (<span className="mono">userName</span> is required; also{' '}
        <span className="mono">email, givenName, familyName, displayName, title, department, manager, active</span>…). Nothing is written until you confirm.
      </p>
      {idp && (
        <p className="note note-warn">
          {idp} keeps this directory in step: what you import may be changed or removed by its next sync. Imports are meant for people {idp} does not send.
        </p>
      )}
      <form className="card stack" onSubmit={check} aria-label="Choose a file">
        <div className="field">
          <label htmlFor={ids.file}>CSV file</label>
          <input id={ids.file} className="input" type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); }} />
        </div>
        <label htmlFor={ids.missing}>
          <input id={ids.missing} type="checkbox" checked={deactivateMissing} onChange={(e) => { setDeactivateMissing(e.target.checked); setPreview(null); }} /> Deactivate users of this directory who are not in the file (the file lists everyone)
        </label>
        {error && <ErrorNote error={error} />}
        <div>
          <button type="submit" className="button button-primary" disabled={!file || busy}>
            {busy && !preview ? 'Checking…' : 'Check the file'}
          </button>
        </div>
      </form>
      {preview && (
        <section className="card stack" aria-label="What would change">
          <h2>What would change</h2>
          <p className="muted">Nothing was changed yet.</p>
          <Counts run={preview} />
          <Sample run={preview} />
          {preview.failed > 0 && <p className="note note-warn">{preview.failed} row(s) cannot be imported as they are; the others can. Fix them in the file and check it again, or import the rest now.</p>}
          <RowErrors run={preview} />
          <div>
            {changes === 0 ? (
              <p className="muted">This file changes nothing: the directory already matches it.</p>
            ) : (
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void send(false)}>
                {busy ? 'Starting…' : `Import: ${changes} change${changes === 1 ? '' : 's'}`}
              </button>
            )}
          </div>
        </section>
      )}
    </section>
  );
}
