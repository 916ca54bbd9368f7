// Filtered, sorted, paged reads of users or groups: the SQL behind SCIM list and search.
import { sql, type RawBuilder } from 'kysely';
import type { AttrPath, Filter } from '../scim/filter/filter-ast.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import { resolvePath } from '../scim/schema/resolve-path.ts';
import { compileFilter, compileSortKey } from './filter-sql/compile-filter.ts';
import type { Executor } from './organization-repository.ts';
import { visibleCount } from './resource-count-repository.ts';
import { StatementBatcher } from './statement-batcher.ts';

export interface ResourceQuery {
  directoryId: string;
  filter?: Filter | undefined;
  sortBy?: AttrPath | undefined;
  descending?: boolean;
  /** 0-based offset (index pagination). */
  offset: number;
  limit: number;
  /** Keyset pagination: rows with id greater than this (default order only). */
  afterId?: string | undefined;
  /** The directory's SCIM base URL, so filters on `meta.location` and `$ref` compare what clients see. */
  scimBaseUrl?: string | undefined;
}

const TABLES = { User: 'users', Group: 'groups' } as const;

function whereClause(rs: ResourceSchema, q: ResourceQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`r.directory_id = ${q.directoryId}::uuid`];
  // Deprovisioned users are kept for audit but no longer exist for SCIM clients.
  if (rs.type === 'User') parts.push(sql`r.state <> 'deprovisioned'`);
  if (q.filter) parts.push(compileFilter(q.filter, rs, q.scimBaseUrl ? { scimBaseUrl: q.scimBaseUrl } : undefined));
  return sql.join(parts, sql` and `);
}

/**
 * The total as an expression: unfiltered, the directory's maintained count (a row or a few, at any
 * size: migration 026); filtered, a `count(*)` of the matching rows, never loading them.
 */
function totalOf(rs: ResourceSchema, q: ResourceQuery): RawBuilder<unknown> {
  if (!q.filter) return visibleCount(q.directoryId, rs.type);
  return sql`(select count(*) from ${sql.table(TABLES[rs.type])} r where ${whereClause(rs, q)})`;
}

/** Total matching rows. */
export async function countResources(db: Executor, rs: ResourceSchema, q: ResourceQuery): Promise<number> {
  const r = await sql<{ n: string }>`select ${totalOf(rs, q)} as n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

// The groups of a page's users, direct and through nested groups, in one set-based recursive query
// over the page's ids (not one recursive query per row).
const PAGE_GROUPS = sql`, closure(user_id, group_id, direct) as (
    select gm.user_id, gm.group_id, true from group_members gm where gm.user_id in (select id from page)
    union
    select c.user_id, gm.group_id, false from group_members gm join closure c on gm.member_group_id = c.group_id
  ), rel as (
    select d.user_id, jsonb_agg(jsonb_build_object('value', g.id, 'display', g.display_name,
        'type', case when d.direct then 'direct' else 'indirect' end) order by g.display_name, g.id) as related
    from (select user_id, group_id, bool_or(direct) as direct from closure group by user_id, group_id) d
    join groups g on g.id = d.group_id group by d.user_id
  )`;

export interface PagedRows<Row> {
  total: number;
  rows: (Row & { related?: { value: string; display: string | null; type: string }[] })[];
}

/**
 * One page of rows with the total count in a single round trip (the lookups IdPs make on every
 * sync are the hot path). The page's ids are chosen first on their own (an index-only scan when
 * the order is the default one), then its rows are read: a deep `startIndex` skips index entries,
 * not rows. The total is a separate `count(*)` in the same statement, not a window over every
 * matching row. With `withGroups`, each user row carries its groups.
 */
export async function pageResources<Row>(db: Executor, rs: ResourceSchema, q: ResourceQuery, withGroups: boolean): Promise<PagedRows<Row>> {
  const userName = db.isTransaction ? undefined : userNameLookup(rs, q);
  if (userName !== undefined) {
    const groups = withGroups && rs.type === 'User';
    return lookupBatcherOf(db).submit({ directoryId: q.directoryId, userName, withGroups: groups, rs, q }) as Promise<PagedRows<Row>>;
  }
  return pageOne<Row>(db, rs, q, withGroups);
}

async function pageOne<Row>(db: Executor, rs: ResourceSchema, q: ResourceQuery, withGroups: boolean): Promise<PagedRows<Row>> {
  const r = await pageQuery(rs, q, withGroups).execute(db);
  const first = r.rows[0] as { total_count: string } | undefined;
  // An empty first page is a total of 0 (the IdP's lookup before every create: no second round trip);
  // past the last row of a later page there is no row to carry the count: ask for it alone.
  const total = first ? Number(first.total_count) : q.offset === 0 && q.afterId === undefined && q.limit > 0 ? 0 : await countResources(db, rs, { ...q, afterId: undefined });
  const rows = r.rows.map((raw) => {
    const { total_count: _t, ...row } = raw as { total_count: string };
    return row as unknown as PagedRows<Row>['rows'][number];
  });
  return { total, rows };
}

/**
 * The userName an IdP's lookup before a create names (`userName eq "x"`, first page, default
 * order): such lookups of one directory are batched. Undefined for any other query.
 */
export function userNameLookup(rs: ResourceSchema, q: ResourceQuery): string | undefined {
  if (rs.type !== 'User' || q.sortBy || q.offset !== 0 || q.afterId !== undefined || q.limit < 1) return undefined;
  const f = q.filter;
  if (f?.kind !== 'Compare' || f.op !== 'eq' || typeof f.value !== 'string') return undefined;
  const resolved = resolvePath(rs, f.path);
  if (!resolved || resolved.extension || resolved.sub || resolved.attribute.name !== 'userName' || resolved.attribute.caseExact) return undefined;
  return f.value;
}

interface Lookup {
  directoryId: string;
  userName: string;
  withGroups: boolean;
  /** The query as asked, for a lookup that goes alone. */
  rs: ResourceSchema;
  q: ResourceQuery;
}

/**
 * Lookups of one directory by userName in one statement, each answered as `pageQuery` answers it
 * alone: the visible users of that name (at most one: the unique index users_user_name), with their
 * groups when asked, and that count as the total.
 */
export function lookupsQuery(lookups: Pick<Lookup, 'directoryId' | 'userName' | 'withGroups'>[]): RawBuilder<Record<string, unknown>> {
  const { directoryId, withGroups } = lookups[0]!;
  const names = lookups.map((l, ord) => sql`(${ord}::int, ${l.userName}::text)`);
  return sql<Record<string, unknown>>`with recursive v(ord, name) as (values ${sql.join(names)}),
    page as (
      select v.ord, r.* from v join users r
        on r.directory_id = ${directoryId}::uuid and r.state <> 'deprovisioned' and lower(r.user_name) = lower(v.name)
    )${withGroups ? PAGE_GROUPS : sql``}
    select r.*${withGroups ? sql`, coalesce(rel.related, '[]'::jsonb) as related` : sql``}
    from page r${withGroups ? sql` left join rel on rel.user_id = r.id` : sql``}
    order by r.ord, r.id`;
}

async function lookupMany(db: Executor, lookups: Lookup[]): Promise<PagedRows<unknown>[]> {
  const r = await lookupsQuery(lookups).execute(db);
  const out = lookups.map((): PagedRows<unknown> => ({ total: 0, rows: [] }));
  for (const raw of r.rows) {
    const { ord, ...row } = raw as { ord: number };
    const page = out[ord]!;
    page.rows.push(row as PagedRows<unknown>['rows'][number]);
    page.total++;
  }
  return out;
}

// One batcher per store (tests open many in one process); a transaction's reads are never batched.
const lookupBatchers = new WeakMap<Executor, StatementBatcher<Lookup, PagedRows<unknown>>>();

function lookupBatcherOf(db: Executor): StatementBatcher<Lookup, PagedRows<unknown>> {
  let b = lookupBatchers.get(db);
  if (!b) {
    b = new StatementBatcher((l: Lookup) => pageOne<unknown>(db, l.rs, l.q, l.withGroups), (ls) => lookupMany(db, ls), {
      // One statement asks for groups or not, for one directory.
      lane: (l) => `${l.directoryId}:${l.withGroups}`,
      maxBatch: 32,
    });
    lookupBatchers.set(db, b);
  }
  return b;
}

/** The lookup batcher of this store: what it has sent, refused and holds (/metrics and tests). */
export function lookupBatcher(db: Executor): Pick<StatementBatcher<unknown, unknown>, 'sizes' | 'waiting' | 'refused'> {
  return lookupBatcherOf(db);
}

/** The statement behind pageResources (exported for the EXPLAIN tests). */
export function pageQuery(rs: ResourceSchema, q: ResourceQuery, withGroups: boolean): RawBuilder<Record<string, unknown>> {
  const table = sql.table(TABLES[rs.type]);
  const where = whereClause(rs, q);
  const pageWhere = q.afterId ? sql`${where} and r.id > ${q.afterId}::uuid` : where;
  const dir = sql.raw(q.descending ? 'desc' : 'asc');
  const order = q.sortBy ? sql`${compileSortKey(q.sortBy, rs)} ${dir} nulls last, r.id ${dir}` : sql`r.id asc`;
  const groups = withGroups && rs.type === 'User';
  return sql<Record<string, unknown>>`with recursive page as (
      select r.* from (select r.id from ${table} r where ${pageWhere} order by ${order} limit ${q.limit} offset ${q.offset}) k
      join ${table} r on r.id = k.id
    )${groups ? PAGE_GROUPS : sql``}
    select r.*${groups ? sql`, coalesce(rel.related, '[]'::jsonb) as related` : sql``},
      ${totalOf(rs, q)} as total_count
    from page r${groups ? sql` left join rel on rel.user_id = r.id` : sql``}
    order by ${order}`;
}
