// Issue 5: a membership's directory is its group's, and deleting a directory already removes its
// memberships through the group's foreign key (and the user's). The membership's own foreign key to
// directories only cost a check per inserted row: 0.2 ms of a 100-member push's 1 ms of foreign-key
// checks (docs/performance.md, "Where the member PATCH goes now"). The column stays for the indexes
// and queries that read it; every writer sets it from the group's directory.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table group_members drop constraint group_members_directory_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table group_members add constraint group_members_directory_id_fkey
    foreign key (directory_id) references directories(id) on delete cascade`.execute(db);
}
