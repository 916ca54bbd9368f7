// A directory's attribute mapping: where each of the app's fields is read from (provider default or the IT admin's path), with a live preview on real users.
import { useEffect, useMemo, useState } from 'react';
import type { DirectoryMapping, MappingEntry, MappingOverrides, MappingPreview } from '../../sdk/mapping-types.ts';
import { api } from '../api/client.ts';
import type { Directory } from '../api/types.ts';
import { AsyncView, ErrorNote, Spinner } from '../components/async-view.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useAction } from '../components/use-action.ts';
import { useAsync } from '../components/use-async.ts';
import { useDebounced } from '../components/use-debounced.ts';

const SOURCE_LABEL = { default: 'Default', custom: 'Custom', none: 'Not mapped' } as const;

/** What the inputs say, as overrides: empty unmaps, the provider's default is no override. */
function overridesOf(entries: MappingEntry[], draft: Record<string, string>): MappingOverrides {
  const out: MappingOverrides = {};
  for (const e of entries) {
    const path = (draft[e.key] ?? '').trim();
    if (path === (e.defaultPath ?? '')) continue;
    out[e.key] = path === '' ? null : path;
  }
  return out;
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));

function Preview({ directoryId, overrides }: { directoryId: string; overrides: MappingOverrides }) {
  const settled = useDebounced(JSON.stringify(overrides), 400);
  const state = useAsync(() => api.post<MappingPreview>(`/directories/${directoryId}/mapping/preview`, { fields: JSON.parse(settled) as MappingOverrides }), [directoryId, settled]);
  return (
    <section className="card stack" aria-labelledby="mapping-preview-title">
      <h2 id="mapping-preview-title" className="card-title">Preview on your users</h2>
      <AsyncView state={state}>
        {(p) =>
          p.data.length === 0 ? (
            <p className="muted">No users yet: the preview appears once your identity provider has sent some.</p>
          ) : (
            <ul className="plain" aria-label="Users with their mapped fields">
              {p.data.map((u) => (
                <li key={u.userId}>
                  <strong>{u.userName}</strong> →{' '}
                  {Object.keys(u.fields).length === 0 ? <span className="muted">no fields</span> : Object.entries(u.fields).map(([k, v]) => `${k}: ${show(v)}`).join(', ')}
                  {u.problems.map((problem) => (
                    <div key={problem.field} className="small preview-problem"><strong>⚠</strong> {problem.message}</div>
                  ))}
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

function MappingForm({ directory, mapping, onSaved }: { directory: Directory; mapping: DirectoryMapping; onSaved: (m: DirectoryMapping) => void }) {
  const initial = useMemo(() => Object.fromEntries(mapping.fields.map((e) => [e.key, e.path ?? ''])), [mapping]);
  const [draft, setDraft] = useState<Record<string, string>>(initial);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(initial), [initial]);
  const overrides = overridesOf(mapping.fields, draft);
  const save = () =>
    run(async () => {
      setSaved(false);
      onSaved(await api.put<DirectoryMapping>(`/directories/${directory.id}/mapping`, { fields: overrides }));
      setSaved(true);
    });
  return (
    <>
      <form className="card stack" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <p className="muted">
          Each field the application uses is read from a SCIM attribute your identity provider sends. Defaults fit {directory.provider === 'generic' ? 'most providers' : 'your provider'};
          change a path to read another attribute, such as <code>addresses[type eq "work"].locality</code> or <code>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter</code>. Leave it empty to not map the field.
        </p>
        <div className="table-wrap">
          <table className="table" aria-label="Field mapping">
            <TableHead columns={['Field', 'Source attribute', 'Source']} />
            <tbody>
              {mapping.fields.map((e) => {
                const value = draft[e.key] ?? '';
                const source = value.trim() === (e.defaultPath ?? '') ? (e.defaultPath ? 'default' : 'none') : value.trim() === '' ? 'none' : 'custom';
                return (
                  <tr key={e.key}>
                    <td>
                      <strong className="mono">{e.key}</strong> <span className="muted">{e.type}{e.required ? ', required' : ''}</span>
                      {e.description && <div className="field-help">{e.description}</div>}
                    </td>
                    <td>
                      <input className="input mono" aria-label={`Source of ${e.key}`} value={value} placeholder={e.defaultPath ?? 'not mapped'} onChange={(ev) => setDraft({ ...draft, [e.key]: ev.target.value })} />
                      {source === 'custom' && e.defaultPath && (
                        <button type="button" className="button button-quiet small" onClick={() => setDraft({ ...draft, [e.key]: e.defaultPath ?? '' })}>
                          Use the default ({e.defaultPath})
                        </button>
                      )}
                    </td>
                    <td><span className={`badge badge-${source === 'custom' ? 'wait' : source === 'default' ? 'good' : 'muted'}`}>{SOURCE_LABEL[source]}</span></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {error && <ErrorNote error={error} />}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Saving…' : 'Save mapping'}</button>
          <span role="status" className="muted">{saved ? 'Saved. Every user of this directory is being updated.' : ''}</span>
        </div>
        <Recompute recompute={mapping.recompute} />
      </form>
      <Preview directoryId={directory.id} overrides={overrides} />
    </>
  );
}

function Recompute({ recompute }: { recompute: DirectoryMapping['recompute'] }) {
  if (recompute.state === 'done' && recompute.finishedAt === null) return null;
  if (recompute.state === 'done') return <p className="muted">Last update of the users: {recompute.done} checked, {recompute.changed} changed.</p>;
  return <p className="muted" role="status">Updating the users: {recompute.done} of {recompute.total || '…'} checked.</p>;
}

export function MappingPage({ directory }: { directory: Directory }) {
  const state = useAsync(() => api.get<DirectoryMapping>(`/directories/${directory.id}/mapping`), [directory.id]);
  const [current, setCurrent] = useState<DirectoryMapping | undefined>(undefined);
  // While users are being updated, look again now and then to show the progress.
  const shown = current ?? state.data;
  useEffect(() => {
    if (!shown || shown.recompute.state === 'done') return;
    const timer = window.setTimeout(() => void api.get<DirectoryMapping>(`/directories/${directory.id}/mapping`).then(setCurrent, () => undefined), 2000);
    return () => window.clearTimeout(timer);
  }, [shown, directory.id]);
  if (state.loading && !shown) return <Spinner label="Loading the mapping…" />;
  if (state.error) return <ErrorNote error={state.error} onRetry={state.reload} />;
  if (!shown) return null;
  if (shown.fields.length === 0) {
    return <EmptyState title="The application has not declared any fields yet">Fields such as department or job title appear here once the application asks for them.</EmptyState>;
  }
  return <MappingForm directory={directory} mapping={shown} onSaved={setCurrent} />;
}
