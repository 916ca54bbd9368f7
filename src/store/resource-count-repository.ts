// Per-directory counts of visible users and groups, kept by triggers as delta rows (migration 026).
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './organization-repository.ts';

/**
 * The exact number of the directory's visible resources of this type, as an expression for the
 * statement that reads the page: the same snapshot, so the total and the rows always agree.
 */
export function visibleCount(directoryId: string, resourceType: 'User' | 'Group'): RawBuilder<string> {
  return sql<string>`(select coalesce(sum(n), 0) from resource_counts where directory_id = ${directoryId}::uuid and resource_type = ${resourceType})`;
}

/**
 * Folds the delta rows of up to `limit` directories (those with more than one row) into one row
 * each, and drops the rows of deleted directories; answers how many it handled. Safe beside
 * concurrent writes and other replicas folding: the delete takes exactly the rows the insert sums
 * (a delta committed after the statement began is neither deleted nor summed; a row another fold
 * deleted first is skipped by both).
 */
export async function foldResourceCounts(db: Executor, limit: number): Promise<number> {
  const r = await sql<{ handled: string }>`with dirty as (
      select directory_id, resource_type from resource_counts group by directory_id, resource_type having count(*) > 1 limit ${limit}
    ), gone as (
      delete from resource_counts c using dirty d where c.directory_id = d.directory_id and c.resource_type = d.resource_type
      returning c.directory_id, c.resource_type, c.n
    ), folded as (
      insert into resource_counts (directory_id, resource_type, n)
        select g.directory_id, g.resource_type, sum(g.n) from gone g
        where exists (select 1 from directories x where x.id = g.directory_id)
        group by g.directory_id, g.resource_type
    ), orphans as (
      delete from resource_counts c where not exists (select 1 from directories x where x.id = c.directory_id)
    )
    select count(*)::text as handled from dirty`.execute(db);
  return Number(r.rows[0]?.handled ?? 0);
}
