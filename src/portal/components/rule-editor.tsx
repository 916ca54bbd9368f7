// Writes a role rule: which role, who gets it (a group's members, everyone, or users whose attributes match), with a live
// preview of whom it matches before it is saved.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Role, RoleRule, RulePreview, SeatUtilization } from '../api/types.ts';
import { ErrorNote } from './async-view.tsx';
import { GroupPicker, type PickedGroup } from './group-picker.tsx';
import { plural } from './rule-label.ts';
import { useAction } from './use-action.ts';
import { useAsync } from './use-async.ts';
import { useDebounced } from './use-debounced.ts';

type Kind = RoleRule['kind'];
/** Whom a rule would match: the preview API's answer, or for a default role every current user. */
type Matches = Pick<RulePreview, 'users' | 'sample'>;

const KINDS: [Kind, string, string][] = [
  ['group', 'Members of a group', 'while they are in the group in the identity provider'],
  ['everyone', 'Everyone', 'every current user of the organization: a default role'],
  ['attribute', 'Users whose attributes match', 'a condition on what the identity provider sends, such as the department'],
];

/** What the preview depends on, as one string: the debounce settles it, and a shown answer must belong to the current one. */
function previewKey(kind: Kind, group: PickedGroup | null, includeNested: boolean, filter: string): string {
  if (kind === 'group') return group ? `group:${includeNested}:${group.id}` : '';
  if (kind === 'attribute') return filter.trim() ? `attribute:${filter.trim()}` : '';
  return 'everyone';
}

async function loadPreview(organizationId: string, key: string): Promise<Matches> {
  const [kind, nested, ...rest] = key.split(':');
  if (kind === 'group') return api.get<RulePreview>(`/organizations/${organizationId}/role-rules/preview`, { groupId: rest.join(':'), includeNested: nested });
  if (kind === 'attribute') return api.get<RulePreview>(`/organizations/${organizationId}/role-rules/preview`, { filter: key.slice('attribute:'.length) });
  // A default role goes to every current user: the active and the suspended (held users match no rule).
  const seats = await api.get<SeatUtilization>(`/organizations/${organizationId}/seats`, { days: 1 });
  return { users: seats.provisioned + seats.suspended, sample: [] };
}

function Preview({ kind, waiting, state }: { kind: Kind; waiting: boolean; state: { data: { key: string; preview: Matches } | undefined; error: Error | undefined } }) {
  let body;
  if (waiting) body = <span className="muted">Counting…</span>;
  else if (state.error) {
    body = (
      <span className="preview-problem">
        <strong>{kind === 'attribute' ? 'This condition does not work:' : 'No preview:'}</strong> {state.error.message}
        {'hint' in state.error && typeof state.error.hint === 'string' && <span className="muted"> {state.error.hint}</span>}
      </span>
    );
  } else if (!state.data) body = <span className="muted">{kind === 'group' ? 'Choose a group to see whom the rule matches.' : 'Write a condition to see whom the rule matches.'}</span>;
  else {
    const { users, sample } = state.data.preview;
    body = (
      <>
        <strong>This rule matches {plural(users, 'user')}</strong>
        {kind === 'everyone' && <span className="muted"> — every current user, and each new one as they arrive.</span>}
        {sample.length > 0 && (
          <ul className="plain preview-sample" aria-label="First matching users">
            {sample.map((u) => (
              <li key={u.id} className="mono small">
                {u.userName}
              </li>
            ))}
          </ul>
        )}
        {users > sample.length && sample.length > 0 && <span className="muted small">and {plural(users - sample.length, 'more user')}</span>}
      </>
    );
  }
  return (
    <div className={`preview${!waiting && state.error ? ' preview-error' : ''}`} role="status" aria-live="polite" data-testid="rule-preview">
      {body}
    </div>
  );
}

export function RuleEditor({ organizationId, roles, onSaved }: { organizationId: string; roles: Role[]; onSaved: (rule: RoleRule) => void }) {
  const ids = { role: useId(), filter: useId(), priority: useId(), nested: useId(), kind: useId() };
  const [roleKey, setRoleKey] = useState(roles[0]?.key ?? '');
  const [kind, setKind] = useState<Kind>('group');
  const [group, setGroup] = useState<PickedGroup | null>(null);
  const [includeNested, setIncludeNested] = useState(true);
  const [filter, setFilter] = useState('');
  const [priority, setPriority] = useState('100');
  const { busy, error, clearError, run } = useAction();
  const key = previewKey(kind, group, includeNested, filter);
  // A refusal of the last save is about what was written then: it goes once the rule changes.
  useEffect(clearError, [clearError, key, roleKey, priority]);
  const settled = useDebounced(key, 350);
  const preview = useAsync(async () => (settled ? { key: settled, preview: await loadPreview(organizationId, settled) } : undefined), [organizationId, settled]);
  const current = preview.data?.key === key ? preview.data : undefined;
  const waiting = key !== '' && !current && !(preview.error && settled === key);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const who = kind === 'group' ? { groupId: group?.id ?? null, includeNested } : kind === 'everyone' ? { everyone: true } : { filter: filter.trim() };
      const rule = await api.post<RoleRule>(`/organizations/${organizationId}/role-rules`, { roleKey, priority: Number(priority), ...who });
      setGroup(null);
      setFilter('');
      onSaved(rule);
    });
  };
  const ready = roleKey !== '' && key !== '' && priority !== '';
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">New rule</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} className="input" value={roleKey} onChange={(e) => setRoleKey(e.target.value)}>
            {roles.map((r) => (
              <option key={r.key} value={r.key}>
                {r.name} ({r.key})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.priority}>Priority</label>
          <input id={ids.priority} className="input" type="number" min={0} max={10000} step={1} required value={priority} onChange={(e) => setPriority(e.target.value)} aria-describedby={`${ids.priority}-help`} />
          <p id={`${ids.priority}-help`} className="field-help">
            0 comes first. When several rules give the same role, a user’s grant names the first.
          </p>
        </div>
      </div>
      <fieldset className="radios">
        <legend>Who gets the role</legend>
        {KINDS.map(([value, label, help]) => (
          <label key={value}>
            <input type="radio" name={ids.kind} value={value} checked={kind === value} onChange={() => setKind(value)} /> <span>
              <strong>{label}</strong> <span className="muted">— {help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {kind === 'group' && (
        <>
          <GroupPicker organizationId={organizationId} value={group} onChange={setGroup} />
          <label className="check">
            <input id={ids.nested} type="checkbox" checked={includeNested} onChange={(e) => setIncludeNested(e.target.checked)} /> Also members of groups nested inside it
          </label>
        </>
      )}
      {kind === 'attribute' && (
        <div className="field">
          <label htmlFor={ids.filter}>Condition</label>
          <input id={ids.filter} className="input mono" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder='department eq "Sales"' aria-describedby={`${ids.filter}-help`} spellCheck={false} autoComplete="off" />
          <p id={`${ids.filter}-help`} className="field-help">
            A SCIM filter over the user’s attributes: <code>department eq "Sales"</code>, <code>title sw "VP"</code>, <code>{'addresses[type eq "work"].locality eq "Boston"'}</code>, joined with <code>and</code> / <code>or</code>.
          </p>
        </div>
      )}
      <Preview kind={kind} waiting={waiting} state={{ data: current, error: settled === key ? preview.error : undefined }} />
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={busy || !ready}>
          {busy ? 'Saving…' : 'Save rule'}
        </button>
      </div>
    </form>
  );
}
