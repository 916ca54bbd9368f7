// SQL for role rules (group, default and attribute): list them with how many users each gives its
// role, add, remove, preview.
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './organization-repository.ts';

export interface RuleRow {
  id: string;
  organization_id: string;
  role_key: string;
  role_name: string;
  kind: string;
  group_id: string | null;
  group_name: string | null;
  directory_id: string | null;
  include_nested: boolean;
  filter: string | null;
  priority: number;
  created_at: Date;
  holders: string;
}

const withNames = sql`
  select rr.id, rr.organization_id, r.key as role_key, r.name as role_name, rr.kind, rr.group_id, g.display_name as group_name, g.directory_id,
    rr.include_nested, rr.filter, rr.priority, rr.created_at,
    (select count(*) from role_grants x where x.rule_id = rr.id and x.revoked_at is null and x.source = 'rule') as holders
  from role_rules rr join roles r on r.id = rr.role_id left join groups g on g.id = rr.group_id`;

export async function listRules(db: Executor, organizationId: string): Promise<RuleRow[]> {
  const { rows } = await sql<RuleRow>`${withNames} where rr.organization_id = ${organizationId} order by r.key, rr.priority, rr.created_at limit 500`.execute(db);
  return rows;
}

export async function findRule(db: Executor, organizationId: string, id: string): Promise<RuleRow | undefined> {
  const { rows } = await sql<RuleRow>`${withNames} where rr.organization_id = ${organizationId} and rr.id = ${id}`.execute(db);
  return rows[0];
}

/** The group, if it belongs to one of the organization's directories. */
export async function groupOfOrganization(db: Executor, organizationId: string, groupId: string) {
  const { rows } = await sql<{ id: string; display_name: string }>`
    select g.id, g.display_name from groups g join directories d on d.id = g.directory_id where g.id = ${groupId} and d.organization_id = ${organizationId}`.execute(db);
  return rows[0];
}

export interface NewRule {
  id: string;
  organizationId: string;
  roleId: string;
  kind: 'group' | 'everyone' | 'attribute';
  groupId: string | null;
  includeNested: boolean;
  /** Attribute rules: the filter as written and its parameter-free SQL over the users row `r`. */
  filter: string | null;
  predicate: string | null;
  priority: number;
}

export async function insertRule(db: Executor, row: NewRule): Promise<boolean> {
  const result = await sql`
    insert into role_rules (id, organization_id, role_id, group_id, include_nested, priority, kind, filter, predicate)
    values (${row.id}, ${row.organizationId}, ${row.roleId}, ${row.groupId}, ${row.includeNested}, ${row.priority}, ${row.kind}, ${row.filter}, ${row.predicate})
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function deleteRule(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const result = await sql`delete from role_rules where organization_id = ${organizationId} and id = ${id}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Who a rule on this group would match now: a count and the first users by userName (the editor's live preview). */
export async function previewGroupRule(db: Executor, groupId: string, includeNested: boolean, sample: number) {
  const members = includeNested
    ? // Each group reached is looked up by index (lateral, behind offset 0), never joined: a join was
      // planned as a scan of every membership (nesting-repository.ts).
      sql`with recursive down(gid) as (
          select ${groupId}::uuid union
          select x.gid from down, lateral (select gm.member_group_id as gid from group_members gm where gm.group_id = down.gid and gm.member_group_id is not null offset 0) x)
        select distinct x.uid from down, lateral (select gm.user_id as uid from group_members gm where gm.group_id = down.gid and gm.user_id is not null offset 0) x`
    : sql`select gm.user_id from group_members gm where gm.group_id = ${groupId} and gm.user_id is not null`;
  return countAndSample(db, sql`select u.id, u.user_name from users u where u.id in (${members}) and u.state in ('active', 'suspended')`, sample);
}

/** Who an attribute rule would match now: the organization's current users its filter selects (`where` over `r`). */
export async function previewAttributeRule(db: Executor, organizationId: string, where: RawBuilder<boolean>, sample: number) {
  return countAndSample(
    db,
    sql`select r.id, r.user_name from users r join directories d on d.id = r.directory_id
      where d.organization_id = ${organizationId} and r.state in ('active', 'suspended') and ${where}`,
    sample,
  );
}

async function countAndSample(db: Executor, users: RawBuilder<unknown>, sample: number) {
  const { rows } = await sql<{ total: string; sample: { id: string; userName: string }[] | null }>`
    with u as (${users})
    select (select count(*) from u) as total,
      (select jsonb_agg(jsonb_build_object('id', s.id, 'userName', s.user_name)) from (select * from u order by lower(user_name) limit ${sample}) s) as sample`.execute(db);
  return { total: Number(rows[0]?.total ?? 0), sample: rows[0]?.sample ?? [] };
}

/**
 * Takes the organization's rule lock, shared (migration 025): a rule being added holds it exclusively
 * before its foreign key locks its group's row (KEY SHARE), so a deletion, whose lock on group rows
 * that blocks, must take it before them, or each would wait for the other (PostgreSQL 40P01).
 */
export async function shareRuleLock(db: Executor, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(1383034981, hashtext(${organizationId}::text))`.execute(db);
}
