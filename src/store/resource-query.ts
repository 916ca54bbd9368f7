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
}

const TABLES = { User: 'users', Group: 'groups' } as const;

function whereClause(rs: ResourceSchema, q: ResourceQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`r.directory_id = ${q.directoryId}::uuid`];
  // Deprovisioned users are kept for audit but no longer exist for SCIM clients.
  if (rs.type === 'User') parts.push(sql`r.state <> 'deprovisioned'`);
  if (q.filter) parts.push(compileFilter(q.filter, rs));
  return sql.join(parts, sql` and `);
}

/** Total matching rows; `count(*)`, never loading rows. */
export async function countResources(db: Executor, rs: ResourceSchema, q: ResourceQuery): Promise<number> {
  const table = sql.table(TABLES[rs.type]);
  const r = await sql<{ n: string }>`select count(*) as n from ${table} r where ${whereClause(rs, q)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The ids of one page, in a stable order (sort key, then id). */
export async function pageResourceIds(db: Executor, rs: ResourceSchema, q: ResourceQuery): Promise<string[]> {
  const table = sql.table(TABLES[rs.type]);
  const where = [whereClause(rs, q)];
  if (q.afterId) where.push(sql`r.id > ${q.afterId}::uuid`);
  const dir = sql.raw(q.descending ? 'desc' : 'asc');
  const order = q.sortBy ? sql`${compileSortKey(q.sortBy, rs)} ${dir} nulls last, r.id ${dir}` : sql`r.id asc`;
  const r = await sql<{ id: string }>`select r.id from ${table} r where ${sql.join(where, sql` and `)}
    order by ${order} limit ${q.limit} offset ${q.offset}`.execute(db);
  return r.rows.map((row) => row.id);
}
