// A user's roles in the app: what they hold now and why (a rule, named, or a grant), when it ends, its history;
// grant a role (optionally until a date), change when it ends, end it now.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { AppUser, ListPage, Role, RoleGrant, RoleRule } from '../api/types.ts';
import { AsyncView, ErrorNote } from './async-view.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { daysFromNow, exactTime, fromLocalInput, toLocalInput } from './date-time.ts';
import { ruleLabel } from './rule-label.ts';
import { TimeText } from './time-text.tsx';
import { TableHead } from './table-head.tsx';
import { useAction } from './use-action.ts';
import { useAsync } from './use-async.ts';

const ENDED_BY: Record<string, string> = { admin: 'ended by an administrator', expiry: 'ended on its date', rule: 'ended when the rule stopped matching' };

function Source({ grant, rules }: { grant: RoleGrant; rules: Map<string, RoleRule> }) {
  if (grant.source === 'grant') return <>Granted{grant.reason && <span className="muted"> — “{grant.reason}”</span>}</>;
  const rule = grant.ruleId ? rules.get(grant.ruleId) : undefined;
  return <>Rule: {rule ? ruleLabel(rule) : 'a rule since removed'}</>;
}

function GrantForm({ user, roles, onGranted }: { user: AppUser; roles: Role[]; onGranted: (g: RoleGrant) => void }) {
  const ids = { role: useId(), until: useId(), reason: useId() };
  const [roleKey, setRoleKey] = useState(roles[0]?.key ?? '');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const expiresAt = fromLocalInput(until);
      onGranted(await api.post<RoleGrant>(`/users/${user.id}/roles`, { roleKey, ...(expiresAt ? { expiresAt } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) }));
      setUntil('');
      setReason('');
    });
  };
  return (
    <form className="stack grant-form" onSubmit={submit} aria-labelledby={`${ids.role}-title`}>
      <h4 id={`${ids.role}-title`}>Grant a role</h4>
      <div className="grid-3">
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} className="input" value={roleKey} onChange={(e) => setRoleKey(e.target.value)}>
            {roles.map((r) => (
              <option key={r.key} value={r.key}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.until}>Ends on (optional)</label>
          <input id={ids.until} className="input" type="datetime-local" value={until} min={toLocalInput(new Date().toISOString())} onChange={(e) => setUntil(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>Reason (optional)</label>
          <input id={ids.reason} className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Contract until March" />
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div>
        <button type="submit" className="button button-primary" disabled={busy || !roleKey}>
          {busy ? 'Granting…' : 'Grant role'}
        </button>
      </div>
    </form>
  );
}

type Action = { kind: 'extend' | 'end'; grant: RoleGrant } | null;

export function UserRoles({ user, onChanged }: { user: AppUser; onChanged: () => void }) {
  const untilId = useId();
  const grants = useAsync(() => api.get<ListPage<RoleGrant>>(`/users/${user.id}/roles`), [user.id]);
  const rules = useAsync(() => api.get<ListPage<RoleRule>>(`/organizations/${user.organizationId}/role-rules`), [user.organizationId]);
  const roles = useAsync(() => api.get<ListPage<Role>>('/roles'), []);
  const [action, setAction] = useState<Action>(null);
  const [until, setUntil] = useState('');
  const { busy, error, clearError, run } = useAction();
  const [note, setNote] = useState('');
  const ruleById = new Map(rules.data?.data.map((r) => [r.id, r]));
  const open = (kind: 'extend' | 'end', grant: RoleGrant) => {
    clearError();
    setUntil(toLocalInput(grant.expiresAt) || daysFromNow(30));
    setAction({ kind, grant });
  };
  const confirm = async () => {
    if (!action) return;
    await run(async () => {
      const path = `/users/${user.id}/roles/${encodeURIComponent(action.grant.role.key)}`;
      if (action.kind === 'end') {
        await api.delete(path);
        setNote(`“${action.grant.role.name}” ended.`);
      } else {
        const changed = await api.patch<RoleGrant>(path, { expiresAt: fromLocalInput(until) });
        setNote(changed.expiresAt ? `“${changed.role.name}” now ends ${exactTime(changed.expiresAt)}.` : `“${changed.role.name}” now has no end date.`);
      }
      setAction(null);
      grants.reload();
      onChanged();
    });
  };
  const current = user.state === 'active' || user.state === 'suspended';
  return (
    <section className="card stack" aria-labelledby="app-roles-title">
      <h3 id="app-roles-title">Roles in the application</h3>
      <p role="status" className="muted small">
        {note}
      </p>
      <AsyncView state={grants}>
        {(page) => {
          const held = page.data.filter((g) => !g.revokedAt);
          const past = page.data.filter((g) => g.revokedAt);
          return (
            <>
              {held.length === 0 ? (
                <p className="muted">No role in the application.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table" aria-label="Roles held">
                    <TableHead columns={['Role', 'Why', 'Since', 'Ends']} actions />
                    <tbody>
                      {held.map((g) => (
                        <tr key={g.id}>
                          <td>{g.role.name}</td>
                          <td>
                            <Source grant={g} rules={ruleById} />
                          </td>
                          <td>
                            <TimeText iso={g.grantedAt} />
                          </td>
                          <td>{g.expiresAt ? <time dateTime={g.expiresAt}>{exactTime(g.expiresAt)}</time> : <span className="muted">{g.source === 'rule' ? 'while the rule matches' : 'no end date'}</span>}</td>
                          <td>
                            {g.source === 'grant' && (
                              <div className="row nowrap">
                                <button type="button" className="button small" onClick={() => open('extend', g)} aria-label={`Change when ${g.role.name} ends`}>
                                  Change end
                                </button>
                                <button type="button" className="button small" onClick={() => open('end', g)} aria-label={`End ${g.role.name} now`}>
                                  End now
                                </button>
                              </div>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {past.length > 0 && (
                <details className="history">
                  <summary>Earlier roles ({past.length})</summary>
                  <ol className="timeline small" aria-label="Earlier roles">
                    {past.map((g) => (
                      <li key={g.id}>
                        <strong>{g.role.name}</strong> — <Source grant={g} rules={ruleById} />, from {exactTime(g.grantedAt)} to {exactTime(g.revokedAt ?? g.grantedAt)}
                        {g.revokedBy && <span className="muted"> ({ENDED_BY[g.revokedBy] ?? g.revokedBy})</span>}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </>
          );
        }}
      </AsyncView>
      {error && !action && <ErrorNote error={error} />}
      {current && roles.data && roles.data.data.length > 0 && (
        <GrantForm
          user={user}
          roles={roles.data.data}
          onGranted={(g) => {
            setNote(g.expiresAt ? `“${g.role.name}” granted until ${exactTime(g.expiresAt)}.` : `“${g.role.name}” granted.`);
            grants.reload();
            onChanged();
          }}
        />
      )}
      {!current && <p className="muted small">Roles are for current users: this user is {user.state}.</p>}
      <ConfirmDialog
        open={action !== null}
        title={action?.kind === 'end' ? `End “${action.grant.role.name}” now?` : `Change when “${action?.grant.role.name ?? ''}” ends`}
        confirmLabel={action?.kind === 'end' ? 'End now' : 'Save end date'}
        danger={action?.kind === 'end'}
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => setAction(null)}
      >
        {action?.kind === 'end' && <p>{user.userName} loses the role at once. The application is told (role.revoked).</p>}
        {action?.kind === 'extend' && (
          <div className="field">
            <label htmlFor={untilId}>Ends on</label>
            <input id={untilId} className="input" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
            <p className="field-help">Empty: no end date.</p>
          </div>
        )}
        {error && action && <ErrorNote error={error} />}
      </ConfirmDialog>
    </section>
  );
}
