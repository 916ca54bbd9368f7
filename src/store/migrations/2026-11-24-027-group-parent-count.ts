// Issue 5: a member push asks "is this group in a group?" (then its users' indirect events must be
// computed, off the one-statement path). Asked of group_members by member_group_id, the answer's
// plan went wrong: a prepared statement keeps the plan made when the table was small, and that plan
// read the whole table (measured: 3.7 ms for 8,000 rows, per push). The group row, which the push
// locks anyway, now carries the count, kept by a trigger that runs only for nested rows (PostgreSQL
// evaluates the WHEN without calling it for a user's membership). The trigger's update also takes
// the child group's row lock, so nesting a group waits for a push into it, and the other way round.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table groups add column parent_count integer not null default 0`.execute(db);
  await sql
    .raw(`create function group_members_parent_count() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      update groups set parent_count = parent_count + 1 where id = new.member_group_id;
    else
      update groups set parent_count = parent_count - 1 where id = old.member_group_id;
    end if;
    return null;
  end $$`)
    .execute(db);
  // No nesting may slip between the count and the triggers (another replica still on the old code).
  await sql`lock table group_members in share row exclusive mode`.execute(db);
  await sql`create trigger group_members_nested_inserted after insert on group_members for each row
    when (new.member_group_id is not null) execute function group_members_parent_count()`.execute(db);
  await sql`create trigger group_members_nested_deleted after delete on group_members for each row
    when (old.member_group_id is not null) execute function group_members_parent_count()`.execute(db);
  await sql`update groups g set parent_count = c.n
    from (select member_group_id as id, count(*)::integer as n from group_members where member_group_id is not null group by member_group_id) c
    where c.id = g.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger group_members_nested_inserted on group_members`.execute(db);
  await sql`drop trigger group_members_nested_deleted on group_members`.execute(db);
  await sql`drop function group_members_parent_count()`.execute(db);
  await sql`alter table groups drop column parent_count`.execute(db);
}
