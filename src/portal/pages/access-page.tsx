// An organization's access: the app's roles and who holds them, the rules that give them, and a new rule with its live preview.
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { ListPage, Role, RoleRule, SeatUtilization } from '../api/types.ts';
import { useViewer } from '../api/viewer.tsx';
import { AsyncView, ErrorNote } from '../components/async-view.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/layout.tsx';
import { RuleEditor } from '../components/rule-editor.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useAction } from '../components/use-action.ts';
import { plural, ruleLabel } from '../components/rule-label.ts';
import { useAsync } from '../components/use-async.ts';

function RolesTable({ roles, seats }: { roles: Role[]; seats: SeatUtilization | undefined }) {
  const holders = new Map(seats?.byRole.map((r) => [r.roleKey, r.users]));
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Roles">
        <TableHead columns={['Role', 'Key', 'Billable', 'Holders']} />
        <tbody>
          {roles.map((r) => (
            <tr key={r.key}>
              <td>
                {r.name}
                {r.description && <div className="muted small">{r.description}</div>}
              </td>
              <td className="mono small">{r.key}</td>
              <td>{r.billable ? 'Yes' : 'No'}</td>
              <td>{holders.has(r.key) ? plural(holders.get(r.key) ?? 0, 'user') : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RulesTable({ organizationId, rules, onRemoved }: { organizationId: string; rules: RoleRule[]; onRemoved: (rule: RoleRule) => void }) {
  const [removing, setRemoving] = useState<RoleRule | null>(null);
  const { busy, error, run } = useAction();
  const remove = async () => {
    if (!removing) return;
    const rule = removing;
    setRemoving(null);
    await run(async () => {
      await api.delete(`/organizations/${organizationId}/role-rules/${rule.id}`);
      onRemoved(rule);
    });
  };
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Rules">
          <TableHead columns={['Role', 'Who', 'Priority', 'Hold the role through it']} actions />
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.roleName}
                  <div className="muted small mono">{r.roleKey}</div>
                </td>
                <td>{r.kind === 'attribute' ? <>Users matching <code>{r.filter}</code></> : ruleLabel(r)}</td>
                <td>{r.priority}</td>
                <td>{plural(r.users, 'user')}</td>
                <td>
                  <button type="button" className="button small" onClick={() => setRemoving(r)} aria-label={`Remove the rule: ${r.roleName} for ${ruleLabel(r)}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <ErrorNote error={error} />}
      <ConfirmDialog open={removing !== null} title="Remove this rule?" confirmLabel="Remove rule" danger busy={busy} onConfirm={() => void remove()} onCancel={() => setRemoving(null)}>
        {removing && (
          <p>
            {ruleLabel(removing)} will no longer get the role “{removing.roleName}”. {plural(removing.users, 'user')} hold it through this rule now: those without
            another rule or a grant of it lose it at once.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

export function AccessPage({ organizationId, back }: { organizationId: string; back?: { to: string; label: string } }) {
  const { viewer } = useViewer();
  const roles = useAsync(() => api.get<ListPage<Role>>('/roles'), []);
  const rules = useAsync(() => api.get<ListPage<RoleRule>>(`/organizations/${organizationId}/role-rules`), [organizationId]);
  const seats = useAsync(() => api.get<SeatUtilization>(`/organizations/${organizationId}/seats`, { days: 1 }), [organizationId]);
  const [note, setNote] = useState('');
  const changed = (message: string) => {
    setNote(message);
    rules.reload();
    seats.reload();
  };
  return (
    <>
      <PageHeader title="Roles and rules" subtitle="Which of the application’s roles your people hold, given by groups and attributes from the identity provider." {...(back ? { back } : {})} />
      <section aria-labelledby="roles-title" className="stack">
        <h2 id="roles-title">Roles</h2>
        <AsyncView state={roles}>
          {(page) =>
            page.data.length === 0 ? (
              <EmptyState title="The application declares no roles yet">
                <p>{viewer.kind === 'developer' ? 'Declare them with POST /api/v1/roles (docs/access.md).' : 'Its developers add them; then you can give them to your people here.'}</p>
              </EmptyState>
            ) : (
              <RolesTable roles={page.data} seats={seats.data} />
            )
          }
        </AsyncView>
      </section>
      <section aria-labelledby="rules-title" className="stack">
        <h2 id="rules-title">Rules</h2>
        <p role="status" className="muted">
          {note}
        </p>
        <AsyncView state={rules}>
          {(page) =>
            page.data.length === 0 ? (
              <EmptyState title="No rules yet">
                <p>A rule gives a role to a group’s members, to everyone, or to users whose attributes match. Write one below.</p>
              </EmptyState>
            ) : (
              <RulesTable organizationId={organizationId} rules={page.data} onRemoved={(r) => changed(`Rule removed: “${r.roleName}” — ${ruleLabel(r)}.`)} />
            )
          }
        </AsyncView>
      </section>
      {roles.data && roles.data.data.length > 0 && (
        <RuleEditor organizationId={organizationId} roles={roles.data.data} onSaved={(r) => changed(`Rule saved: ${plural(r.users, 'user')} now hold “${r.roleName}” through it.`)} />
      )}
    </>
  );
}
