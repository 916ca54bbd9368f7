// Filtered, sorted, paged reads of users or groups: the SQL behind SCIM list and search.
import { sql, type RawBuilder } from 'kysely';
import type { AttrPath, Filter } from '../scim/filter/filter-ast.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import { compileFilter, compileSortKey } from './filter-sql/compile-filter.ts';
import type { Executor } from './organization-repository.ts';

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

/** Total matching rows; `count(*)`, never loading rows. */
export async function countResources(db: Executor, rs: ResourceSchema, q: ResourceQuery): Promise<number> {
  const table = sql.table(TABLES[rs.type]);
  const r = await sql<{ n: string }>`select count(*) as n from ${table} r where ${whereClause(rs, q)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

// A user's groups as JSON, direct and through nested groups: computed per page row, after the limit.
const USER_GROUPS_JSON = sql`(with recursive closure(group_id, direct) as (
    select gm.group_id, true from group_members gm where gm.user_id = p.id
    union
    select gm.group_id, false from group_members gm join closure c on gm.member_group_id = c.group_id
  )
  select coalesce(jsonb_agg(jsonb_build_object('value', g.id, 'display', g.display_name,
      'type', case when d.direct then 'direct' else 'indirect' end) order by g.display_name, g.id), '[]'::jsonb)
  from (select group_id, bool_or(direct) as direct from closure group by group_id) d join groups g on g.id = d.group_id)`;

export interface PagedRows<Row> {
  total: number;
  rows: (Row & { related?: { value: string; display: string | null; type: string }[] })[];
}

/**
 * One page of rows with the total count in a single round trip (the lookups IdPs make on every
 * sync are the hot path). With `withGroups`, each user row carries its groups, computed after the limit.
 */
export async function pageResources<Row>(db: Executor, rs: ResourceSchema, q: ResourceQuery, withGroups: boolean): Promise<PagedRows<Row>> {
  const table = sql.table(TABLES[rs.type]);
  const where = [whereClause(rs, q)];
  if (q.afterId) where.push(sql`r.id > ${q.afterId}::uuid`);
  const dir = sql.raw(q.descending ? 'desc' : 'asc');
  const order = q.sortBy ? sql`${compileSortKey(q.sortBy, rs)} ${dir} nulls last, r.id ${dir}` : sql`r.id asc`;
  const related = withGroups && rs.type === 'User' ? sql`, ${USER_GROUPS_JSON} as related` : sql``;
  const r = await sql<Row & { total_count: string; ordinal: string }>`select p.*${related} from (
      select r.*, count(*) over () as total_count, row_number() over (order by ${order}) as ordinal
      from ${table} r where ${sql.join(where, sql` and `)}
      order by ${order} limit ${q.limit} offset ${q.offset}) p
    order by p.ordinal`.execute(db);
  const first = r.rows[0];
  // Past the last row there is no row to carry the count: ask for it alone.
  // A cursor page counts only the rows after the cursor; the total is of the whole result.
  const total = first && !q.afterId ? Number(first.total_count) : await countResources(db, rs, { ...q, afterId: undefined });
  const rows = r.rows.map(({ total_count: _t, ordinal: _o, ...row }) => row as unknown as PagedRows<Row>['rows'][number]);
  return { total, rows };
}
