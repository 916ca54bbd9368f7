// Role rules: members of a group, every user (a default role), or users whose attributes match a
// SCIM filter hold a role. The database applies them (migrations 015, 018); this validates, lists
// with counts, and previews who a rule would match.
import { RosterError } from '../errors.ts';
import { isUuid, newId } from '../lib/ids.ts';
import type { Executor } from '../store/organization-repository.ts';
import { getOrganization } from '../directory/organizations/organization-service.ts';
import { findRoleByKey } from '../store/role-repository.ts';
import { deleteRule, findRule, groupOfOrganization, insertRule, listRules, previewAttributeRule, previewGroupRule, type RuleRow } from '../store/role-rule-repository.ts';
import { ruleFilter } from './rule-filter.ts';

const ruleJson = (r: RuleRow) => ({
  id: r.id,
  roleKey: r.role_key,
  roleName: r.role_name,
  kind: r.kind,
  groupId: r.group_id,
  groupName: r.group_name,
  directoryId: r.directory_id,
  includeNested: r.include_nested,
  filter: r.filter,
  priority: r.priority,
  createdAt: new Date(r.created_at).toISOString(),
  users: Number(r.holders),
});

async function requireGroup(db: Executor, organizationId: string, groupId: unknown) {
  const group = typeof groupId === 'string' && isUuid(groupId) ? await groupOfOrganization(db, organizationId, groupId.toLowerCase()) : undefined;
  if (!group) throw new RosterError('not_found', `No group ${String(groupId)} in this organization's directories`, { attribute: 'groupId' });
  return group;
}

export async function pageRules(db: Executor, organizationId: string) {
  const org = (await getOrganization(db, organizationId)).id;
  return { data: (await listRules(db, org)).map(ruleJson), nextCursor: null };
}

/** Adds a rule; the users it matches get the role (with `role.assigned`) in the same transaction. */
export async function addRule(trx: Executor, organizationId: string, body: Record<string, unknown>) {
  const org = (await getOrganization(trx, organizationId)).id;
  const role = typeof body.roleKey === 'string' ? await findRoleByKey(trx, body.roleKey) : undefined;
  if (!role) throw new RosterError('not_found', `No role with key "${String(body.roleKey)}"`, { attribute: 'roleKey', hint: 'Declare it with POST /api/v1/roles' });
  if (body.everyone !== undefined && typeof body.everyone !== 'boolean') throw new RosterError('invalid_value', 'everyone must be true or false', { attribute: 'everyone' });
  const given = [body.groupId !== undefined && body.groupId !== null, body.everyone === true, body.filter !== undefined && body.filter !== null];
  if (given.filter(Boolean).length !== 1) {
    throw new RosterError('invalid_value', 'Give exactly one of groupId (members of a group), everyone: true (a default role) or filter (users whose attributes match)', { attribute: 'groupId' });
  }
  const kind = given[0] ? 'group' : given[1] ? 'everyone' : 'attribute';
  const group = kind === 'group' ? await requireGroup(trx, org, body.groupId) : null;
  const condition = kind === 'attribute' ? ruleFilter(body.filter) : null;
  if (body.includeNested !== undefined && typeof body.includeNested !== 'boolean') throw new RosterError('invalid_value', 'includeNested must be true or false', { attribute: 'includeNested' });
  const priority = body.priority ?? 100;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 10000) {
    throw new RosterError('invalid_value', 'priority must be an integer from 0 (first) to 10000', { attribute: 'priority' });
  }
  const id = newId();
  const rule = { id, organizationId: org, roleId: role.id, kind, groupId: group?.id ?? null, includeNested: body.includeNested ?? true, filter: condition?.text ?? null, predicate: condition?.predicate ?? null, priority } as const;
  if (!(await insertRule(trx, rule))) {
    const who = group ? `Group "${group.display_name}"` : condition ? 'A rule with this filter' : 'A default rule';
    throw new RosterError('conflict', `${who} already gives the role "${role.key}"`, { attribute: group ? 'groupId' : condition ? 'filter' : 'everyone' });
  }
  return ruleJson((await findRule(trx, org, id)) as RuleRow);
}

/** Removes a rule; whoever held the role only through it loses it (with `role.revoked`), in the same transaction. */
export async function removeRule(trx: Executor, organizationId: string, ruleId: string): Promise<void> {
  const org = (await getOrganization(trx, organizationId)).id;
  if (!isUuid(ruleId) || !(await deleteRule(trx, org, ruleId.toLowerCase()))) throw new RosterError('not_found', `Rule ${ruleId} not found`, { resourceId: ruleId });
}

/** "This rule matches 214 users": the count and the first 10, before the rule is saved (a group, or a filter). */
export async function previewRule(db: Executor, organizationId: string, query: Record<string, unknown>) {
  const org = (await getOrganization(db, organizationId)).id;
  const includeNested = query.includeNested === undefined || query.includeNested === 'true' || query.includeNested === true;
  if ((query.groupId === undefined) === (query.filter === undefined)) {
    throw new RosterError('invalid_value', 'Give either groupId (a group rule) or filter (an attribute rule) to preview', { attribute: 'groupId' });
  }
  if (query.filter !== undefined) {
    const condition = ruleFilter(query.filter);
    const { total, sample } = await previewAttributeRule(db, org, condition.where, 10);
    return { groupId: null, groupName: null, includeNested, filter: condition.text, users: total, sample };
  }
  const group = await requireGroup(db, org, query.groupId);
  const { total, sample } = await previewGroupRule(db, group.id, includeNested, 10);
  return { groupId: group.id, groupName: group.display_name, includeNested, filter: null, users: total, sample };
}
