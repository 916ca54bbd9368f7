// What a 100-member push costs PostgreSQL, straight on a database (no HTTP, no JSON), and what each
// part of the schema adds to it: every variant is measured on a fresh database, seeded like the
// bench after its sync phase (100,000 users, two events each), then pushed into groups of 1,000 the
// bench's way (a group's ten batches one after the other, 16 pushes in flight).
//
//   node --import tsx bench/member-push-cost.ts [--pushes 1000] [--pad 0] [--interleave] [--consecutive] [variant…]
//
// Variants: `current` (the schema as migrated), `ceiling` (the ceiling server's one INSERT into the
// same table), `before-029` (the membership's group and user as foreign keys again), `before-031`
// (its user as a foreign key again), and the `without-*`
// ones, which drop one index, trigger or foreign key to show its share. Figures are PostgreSQL's CPU
// (every `postgres` process on this machine, from /proc) per push: run it on an otherwise idle
// machine, and compare variants of one run. `--pad N` adds N×32 bytes to each user and event, as
// the SCIM resources of a real sync do.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { newId } from '../src/lib/ids.ts';
import { postgresTicks } from '../src/cli/simulate/run-simulation.ts';
import { openStore, type Db } from '../src/store/db.ts';
import { addUsersWithEvents } from '../src/store/membership-repository.ts';
import * as groupKey from '../src/store/migrations/2026-11-24-029-membership-group-key.ts';
import * as userKey from '../src/store/migrations/2026-11-25-031-membership-user-key.ts';
import { runSql, withDatabase } from './bench-processes.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pushes: { type: 'string', default: '1000' },
    pad: { type: 'string', default: '0' },
    interleave: { type: 'boolean', default: false },
    consecutive: { type: 'boolean', default: false },
    postgres: { type: 'string' },
  },
});
const PUSHES = Number(args.pushes);
const PAD = Number(args.pad);
const CONCURRENCY = 16;
const USERS = 100_000;
const ADMIN_URL = args.postgres ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const VARIANTS: Record<string, (db: Db) => Promise<void>> = {
  current: async () => {},
  ceiling: async () => {},
  'before-029': (db) => db.transaction().execute(async (trx) => {
    await userKey.down(trx as never);
    await groupKey.down(trx as never);
  }),
  'before-031': (db) => db.transaction().execute((trx) => userKey.down(trx as never)),
  'without-role-trigger': ddl('drop trigger group_members_added_roles on group_members'),
  'without-members-by-user': ddl('drop index group_members_by_user'),
  'without-event-indexes': ddl('drop index events_created', 'drop index events_organization', 'drop index events_directory', 'drop index events_object'),
};

function ddl(...statements: string[]): (db: Db) => Promise<void> {
  return async (db) => {
    for (const s of statements) await sql.raw(s).execute(db);
  };
}

async function seed(db: Db, org: string, dir: string): Promise<{ users: string[]; groups: string[] }> {
  await sql`insert into organizations (id, name) values (${org}::uuid, 'Bench')`.execute(db);
  await sql`insert into directories (id, organization_id, name, provider, state) values (${dir}::uuid, ${org}::uuid, 'Bench', 'okta', 'active')`.execute(db);
  const users = Array.from({ length: USERS }, () => newId());
  for (let i = 0; i < USERS; i += 10_000) {
    const chunk = users.slice(i, i + 10_000);
    await sql`insert into users (id, directory_id, user_name, emails, resource)
      select u, ${dir}::uuid, u::text || '@example.com', array[u::text || '@example.com'],
        jsonb_build_object('userName', u::text, 'pad', repeat(md5(u::text), ${PAD}))
      from unnest(${chunk}::uuid[]) u`.execute(db);
    const events = chunk.flatMap(() => [newId(), newId()]);
    await sql`insert into events (id, organization_id, directory_id, type, object_id, object_version, data)
      select e, ${org}::uuid, ${dir}::uuid, 'user.created', e, 1,
        jsonb_build_object('user', jsonb_build_object('id', e::text, 'active', true), 'pad', repeat(md5(e::text), ${PAD}))
      from unnest(${events}::uuid[]) e`.execute(db);
  }
  const groups = Array.from({ length: Math.ceil(PUSHES / 10) }, () => newId());
  await sql`insert into groups (id, directory_id, display_name, resource)
    select g, ${dir}::uuid, g::text, '{}'::jsonb from unnest(${groups}::uuid[]) g`.execute(db);
  return { users, groups };
}

async function measure(variant: string): Promise<string> {
  const name = `member_push_cost_${process.pid}`;
  await runSql(ADMIN_URL, `drop database if exists ${name}`);
  await runSql(ADMIN_URL, `create database ${name}`);
  const store = await openStore({ databaseUrl: withDatabase(ADMIN_URL, name), poolSize: CONCURRENCY });
  try {
    const db = store.db;
    const [org, dir] = [newId(), newId()];
    const { users, groups } = await seed(db, org, dir);
    await VARIANTS[variant]!(db);
    await sql`vacuum analyze`.execute(db);
    await sql`checkpoint`.execute(db);

    // As the bench: user i is in group i % groups (so a batch's users lie all over the table, unless
    // --consecutive), and a group's ten batches go one after the other (unless --interleave).
    const memberIds = (k: number, b: number) =>
      args.consecutive
        ? users.slice(k * 1000 + b * 100, k * 1000 + b * 100 + 100)
        : Array.from({ length: 100 }, (_, j) => users[(b * 100 + j) * groups.length + k]!);
    const jobs = groups.flatMap((g, k) => Array.from({ length: 10 }, (_, b) => ({ g, b, ids: memberIds(k, b) })));
    jobs.length = PUSHES;
    if (args.interleave) jobs.sort((x, y) => x.b - y.b);
    let next = 0;
    let added = 0;
    const cpu0 = postgresTicks();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const { g, ids } = jobs[next++]!;
          if (variant === 'ceiling') {
            const r = await sql`insert into group_members (group_id, directory_id, user_id)
              select ${g}::uuid, ${dir}::uuid, unnest(${ids}::uuid[]) on conflict do nothing`.execute(db);
            added += Number(r.numAffectedRows ?? 0);
          } else {
            const r = await addUsersWithEvents(db, { groupId: g, directoryId: dir, organizationId: org, ids, eventIds: ids.map(() => newId()), updatedAt: new Date() });
            if (!r.applied) throw new Error('a push left the one-statement path');
            added += r.added.length;
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (postgresTicks() - cpu0) * 10; // ms
    if (added !== PUSHES * 100) throw new Error(`${added} memberships written, ${PUSHES * 100} expected`);
    return `| ${variant} | ${(PUSHES / seconds).toFixed(0)} | ${(cpu / PUSHES).toFixed(2)} |`;
  } finally {
    await store.close();
    await runSql(ADMIN_URL, `drop database if exists ${name}`);
  }
}

const chosen = positionals.length > 0 ? positionals : ['ceiling', 'before-029', 'before-031', 'current'];
for (const v of chosen) if (!VARIANTS[v]) throw new Error(`unknown variant ${v}: ${Object.keys(VARIANTS).join(', ')}`);
process.stdout.write(`${PUSHES} pushes of 100 users, ${CONCURRENCY} in flight${args.interleave ? ', groups interleaved' : ''}${args.consecutive ? ', consecutive users' : ''}${PAD ? `, rows padded by ${PAD * 32} bytes` : ''}\n\n`);
process.stdout.write('| variant | pushes/s | PostgreSQL CPU ms per push |\n| --- | --- | --- |\n');
for (const v of chosen) process.stdout.write(`${await measure(v)}\n`);
