// A digest of the data a rejected request must not change: users, groups, memberships, events, and the admin objects.
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';

/**
 * Rows as text, ordered, hashed per table. Columns every request may touch by design are left out:
 * directories.last_request_at (authentication notes it) and last_error_* (the sync log notes failures).
 */
const TABLES: Record<string, string> = {
  organizations: 'select id, name, domains, external_domain_policy from organizations order by id',
  directories: 'select id, organization_id, name, provider, state, deprovision_rule, rate_limit_per_second, rate_limit_burst from directories order by id',
  directory_tokens: 'select id, token_hash, status, expires_at from directory_tokens order by id',
  admin_keys: 'select id, key_hash, scope, organization_id, revoked_at from admin_keys order by id',
  users: 'select id, directory_id, user_name, external_id, active, state, resource, version from users order by id',
  groups: 'select id, directory_id, display_name, resource, version from groups order by id',
  group_members: 'select group_id, user_id, member_group_id from group_members order by group_id, user_id, member_group_id',
  events: 'select sequence, id, type, object_id from events order by sequence',
  webhook_endpoints: 'select id, organization_id, url, enabled, event_types, secret_ciphertext from webhook_endpoints order by id',
};

/** One string per table; equal digests mean no row of those tables changed. */
export async function dataDigest(db: Db): Promise<Record<string, string>> {
  // One statement, one round trip: the fuzzer takes a digest after nearly every request.
  const columns = Object.entries(TABLES).map(([table, query]) => `(select md5(coalesce(string_agg(t::text, '|'), '')) from (${query}) t) as ${table}`);
  const r = await sql<Record<string, string | null>>`select ${sql.raw(columns.join(', '))}`.execute(db);
  const row = r.rows[0] ?? {};
  return Object.fromEntries(Object.keys(TABLES).map((table) => [table, row[table] ?? '']));
}

/** The tables whose digest differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}

/**
 * The next transaction id PostgreSQL will hand out. It moves only when a transaction writes (or
 * starts to and rolls back), so an unmoved mark proves that no row changed at the price of one
 * tiny query; a moved one calls for the full digest.
 */
export async function writeMark(db: Db): Promise<string> {
  const r = await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db);
  return r.rows[0]?.x ?? '';
}
