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

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`create function group_members_check_group() returns trigger language plpgsql as $$
  declare
    missing uuid;
  begin
    select c.group_id into missing
    from (select distinct group_id from changed_rows) c
    left join lateral (select g.id from groups g where g.id = c.group_id offset 0 for key share) l on true
    where l.id is null
    limit 1;
    if found then
      raise exception 'insert or update on table "group_members" violates foreign key constraint "group_members_group_id_fkey"'
        using errcode = 'foreign_key_violation', table = 'group_members', constraint = 'group_members_group_id_fkey',
              detail = format('Key (group_id)=(%s) is not present in table "groups".', missing);
    end if;
    return null;
  end $$`)
    .execute(db);
  await sql
    .raw(`create function groups_delete_memberships() returns trigger language plpgsql as $$
  begin
    execute 'delete from group_members gm using deleted_groups d where gm.group_id = d.id and gm.user_id is not null';
    execute 'delete from group_members gm using deleted_groups d where gm.group_id = d.id and gm.member_group_id is not null';
    return null;
  end $$`)
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
