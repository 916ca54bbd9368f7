// Issue 5: the membership's reference to its user, kept by statement triggers instead of a foreign key,
// as migration 029 did for its group.
//
// PostgreSQL checks a foreign key row by row, each check a query of its own run from the trigger
// queue: a push of 100 users into a group ran 100 of them. One query over the statement's rows does
// the same work. Measured on a push of 100 users (docs/performance.md, eighth session): the check
// took about 1.0 ms as the foreign key and 0.6 ms as this trigger (auto_explain); in the bench's
// member phase, PostgreSQL's CPU per push went from 6.55 and 6.20 ms to 5.70 and 5.65.
//
// The triggers keep the same guarantees:
// - A membership's user exists when the row is written: the insert (or an update) looks up
//   the distinct users of the statement's rows once, locking each FOR KEY SHARE as the foreign key
//   did, so a concurrent deletion of the user waits for this transaction, or this one fails with
//   23503 and the foreign key's name and detail.
// - Deleting users deletes their memberships in the same statement, through group_members_by_user;
//   the query runs with EXECUTE, so it is planned for the tables as they are. A directory's deletion
//   is one statement on users (its cascade), so one query here, where the foreign key ran one per user.
// The nested group's reference stays a foreign key: a push of users does not write it.
import { sql, type Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';
import { deleteMembershipsFunction, referenceCheckFunction } from './2026-11-24-029-membership-group-key.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(referenceCheckFunction('group_members_check_user', 'user_id', 'users', 'u', true)).execute(db);
  await sql.raw(deleteMembershipsFunction('users_delete_memberships', 'deleted_users', 'user_id', ['gm.user_id is not null'])).execute(db);
  await executeStatements(
    db,
    `
    alter table group_members drop constraint group_members_user_id_fkey;
    create trigger group_members_user_key_inserted after insert on group_members
      referencing new table as changed_rows for each statement execute function group_members_check_user();
    create trigger group_members_user_key_updated after update on group_members
      referencing new table as changed_rows for each statement execute function group_members_check_user();
    create trigger users_deleted_memberships after delete on users
      referencing old table as deleted_users for each statement execute function users_delete_memberships();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop trigger users_deleted_memberships on users;
    drop trigger group_members_user_key_updated on group_members;
    drop trigger group_members_user_key_inserted on group_members;
    drop function users_delete_memberships();
    drop function group_members_check_user();
    alter table group_members add constraint group_members_user_id_fkey
      foreign key (user_id) references users(id) on delete cascade;
  `,
  );
}
