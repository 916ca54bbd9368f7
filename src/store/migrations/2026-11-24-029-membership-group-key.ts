// Issue 5: the membership's reference to its group, kept by statement triggers instead of a foreign key.
//
// The foreign key cost each member push 100 checks of one and the same group row (PostgreSQL checks
// a foreign key row by row, each a query of its own): measured on a 100-member push, 4.2 → 3.4 ms
// of PostgreSQL's CPU with it gone (docs/performance.md, sixth session). And its ON DELETE CASCADE
// read the whole of group_members for every group deleted: the cascade asks `where group_id = $1`,
// which neither partial index (group_id, user_id) nor (group_id, member_group_id) can answer, so a
// group's deletion, and a directory's (one per group), scanned every membership of every directory.
//
// The triggers keep the same guarantees:
// - A membership's group exists when the row is written: the insert (or update) checks the distinct
//   groups of the statement's rows once, locking each FOR KEY SHARE as the foreign key did, so a
//   concurrent deletion of the group waits for this transaction, or this one fails with 23503.
// - Deleting groups deletes their memberships in the same statement, through the partial indexes.
//   The queries are run with EXECUTE, so each is planned for the tables as they are, not kept from
//   a plan made when they were small.
// The user and nested-group references stay foreign keys: their cascades use an index, and a check
// per distinct user is what a trigger would do too. (Migration 031 later moved the user's reference
// to triggers as well: measured, the foreign key's row-by-row checks cost more than one lookup of
// the same users.)
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The statement trigger that stands for a membership's foreign key (031 uses it for the user): the
 * distinct keys of the statement's rows looked up once, each locked FOR KEY SHARE as the key's check
 * does, and a missing one refused with the foreign key's own error (23503, its name, its detail).
 */
export function referenceCheckFunction(fn: string, column: string, table: string, alias: string, onlyNonNull = false): string {
  const constraint = `group_members_${column}_fkey`;
  return `create function ${fn}() returns trigger language plpgsql as $$
  declare
    missing uuid;
  begin
    select c.${column} into missing
    from (select distinct ${column} from changed_rows${onlyNonNull ? ` where ${column} is not null` : ''}) c
    left join lateral (select ${alias}.id from ${table} ${alias} where ${alias}.id = c.${column} offset 0 for key share) l on true
    where l.id is null
    limit 1;
    if found then
      raise exception 'insert or update on table "group_members" violates foreign key constraint "${constraint}"'
        using errcode = 'foreign_key_violation', table = 'group_members', constraint = '${constraint}',
              detail = format('Key (${column})=(%s) is not present in table "${table}".', missing);
    end if;
    return null;
  end $$`;
}

/**
 * The statement trigger that stands for the key's ON DELETE CASCADE: the memberships of the deleted
 * rows (`deleted`, the transition table) go, one delete per condition, each naming a partial
 * index's predicate. EXECUTE plans each for the tables as they are.
 */
export function deleteMembershipsFunction(fn: string, deleted: string, column: string, predicates: string[]): string {
  const deletes = predicates.map((p) => `    execute 'delete from group_members gm using ${deleted} d where gm.${column} = d.id and ${p}';\n`).join('');
  return `create function ${fn}() returns trigger language plpgsql as $$
  begin
${deletes}    return null;
  end $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(referenceCheckFunction('group_members_check_group', 'group_id', 'groups', 'g')).execute(db);
  await sql
    .raw(deleteMembershipsFunction('groups_delete_memberships', 'deleted_groups', 'group_id', ['gm.user_id is not null', 'gm.member_group_id is not null']))
    .execute(db);
  await executeStatements(
    db,
    `
    alter table group_members drop constraint group_members_group_id_fkey;
    create trigger group_members_group_key_inserted after insert on group_members
      referencing new table as changed_rows for each statement execute function group_members_check_group();
    create trigger group_members_group_key_updated after update on group_members
      referencing new table as changed_rows for each statement execute function group_members_check_group();
    create trigger groups_deleted_memberships after delete on groups
      referencing old table as deleted_groups for each statement execute function groups_delete_memberships();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop trigger groups_deleted_memberships on groups;
    drop trigger group_members_group_key_updated on group_members;
    drop trigger group_members_group_key_inserted on group_members;
    drop function groups_delete_memberships();
    drop function group_members_check_group();
    alter table group_members add constraint group_members_group_id_fkey
      foreign key (group_id) references groups(id) on delete cascade;
  `,
  );
}
