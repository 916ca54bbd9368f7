// Times the SCIM list page statement at several depths of one directory, straight on its database
// (no HTTP, no JSON): `node --import tsx bench/page-depth.ts <postgres URL> [directoryId]`.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { parseFilter } from '../src/scim/filter/filter-parser.ts';
import { USER_RESOURCE } from '../src/scim/schema/resource-types.ts';
import type { Database } from '../src/store/database.ts';
import { pageResources, type ResourceQuery } from '../src/store/resource-query.ts';

const [url, directoryArg] = process.argv.slice(2);
if (!url) throw new Error('usage: bench/page-depth.ts <postgres URL> [directoryId]');
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });

async function timed(label: string, q: ResourceQuery, runs = 20): Promise<void> {
  const ms: number[] = [];
  let rows = 0;
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const page = await pageResources(db, USER_RESOURCE, q, true);
    ms.push(performance.now() - t0);
    rows = page.rows.length;
    total = page.total;
  }
  ms.sort((a, b) => a - b);
  process.stdout.write(`| ${label} | ${rows} of ${total} | ${ms[Math.floor(runs / 2)]?.toFixed(1)} | ${ms[runs - 1]?.toFixed(1)} |\n`);
}

async function main(): Promise<void> {
  const dir =
    directoryArg ??
    ((await sql<{ d: string }>`select directory_id as d from users group by directory_id order by count(*) desc limit 1`.execute(db)).rows[0]?.d as string);
  const n = Number((await sql<{ n: string }>`select count(*) as n from users where directory_id = ${dir}::uuid and state <> 'deprovisioned'`.execute(db)).rows[0]?.n);
  const idAt = async (offset: number) =>
    (await sql<{ id: string }>`select id from users where directory_id = ${dir}::uuid and state <> 'deprovisioned' order by id offset ${offset} limit 1`.execute(db)).rows[0]?.id as string;
  const base = { directoryId: dir, limit: 100 };
  process.stdout.write(`directory ${dir}: ${n} users; page of 100 with groups and total, median and max of 20 runs\n\n| page | rows | median ms | max ms |\n| --- | --- | --- | --- |\n`);
  await timed('first page', { ...base, offset: 0 });
  for (const depth of [Math.floor(n / 2), n - 150]) {
    await timed(`cursor after row ${depth}`, { ...base, offset: 0, afterId: await idAt(depth) });
  }
  for (const start of [Math.floor(n / 2), n - 100]) await timed(`startIndex ${start + 1}`, { ...base, offset: start });
  const someone = (await sql<{ u: string }>`select user_name as u from users where directory_id = ${dir}::uuid offset ${Math.floor(n / 3)} limit 1`.execute(db)).rows[0]?.u;
  await timed(`filter userName eq (lookup)`, { ...base, offset: 0, filter: parseFilter(`userName eq "${someone}"`) });
  await db.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
