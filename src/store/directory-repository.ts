// SQL for directories and their SCIM bearer tokens (stored as hashes only).
import { sql } from 'kysely';
import type { DirectoryRow } from './database.ts';
import type { Executor } from './organization-repository.ts';

export async function insertDirectory(
  db: Executor,
  row: { id: string; organization_id: string; name: string; provider: string },
): Promise<DirectoryRow> {
  return db.insertInto('directories').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findDirectory(db: Executor, id: string): Promise<DirectoryRow | undefined> {
  return db.selectFrom('directories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDirectories(db: Executor, organizationId: string, after: string | undefined, limit: number): Promise<DirectoryRow[]> {
  let q = db.selectFrom('directories').selectAll().where('organization_id', '=', organizationId).orderBy('id').limit(limit);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

export async function deleteDirectoryRow(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('directories').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Moves a pending directory to active; true only for the request that made the move. */
export async function activateDirectory(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('directories')
    .set({ state: 'active', updated_at: sql`now()` as never })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchDirectory(db: Executor, id: string): Promise<void> {
  await db.updateTable('directories').set({ last_request_at: new Date() }).where('id', '=', id).execute();
}

export async function insertToken(db: Executor, row: { id: string; directory_id: string; token_hash: string; prefix: string }): Promise<void> {
  await db.insertInto('directory_tokens').values(row).execute();
}

/** Ends the current tokens of a directory now, or after a grace period (rotation). */
export async function expireTokens(db: Executor, directoryId: string, at: Date): Promise<void> {
  await db
    .updateTable('directory_tokens')
    .set({ expires_at: at })
    .where('directory_id', '=', directoryId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .execute();
}

/** The directory a token hash opens, if the token is unexpired. Reads a secret hash: auth only. */
export async function readDirectoryByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<{ directory: DirectoryRow; tokenHash: string; expiresAt: Date | null; domains: string[]; externalDomainPolicy: string } | undefined> {
  const row = await db
    .selectFrom('directory_tokens as t')
    .innerJoin('directories as d', 'd.id', 't.directory_id')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .selectAll('d')
    .select(['t.token_hash', 't.expires_at as token_expires_at', 'o.domains as org_domains', 'o.external_domain_policy as org_policy'])
    .where('t.token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', new Date())]))
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_hash, token_expires_at, org_domains, org_policy, ...directory } = row;
  return { directory, tokenHash: token_hash, expiresAt: token_expires_at, domains: org_domains, externalDomainPolicy: org_policy };
}

export interface DirectorySettings {
  name?: string;
  deprovision_rule?: string;
  attribute_mode?: string;
  store_passwords?: boolean;
  rate_limit_per_second?: number;
  rate_limit_burst?: number;
  sync_log_retention_days?: number;
}

export async function updateDirectorySettings(db: Executor, id: string, settings: DirectorySettings): Promise<DirectoryRow | undefined> {
  return db
    .updateTable('directories')
    .set({ ...settings, updated_at: sql`now()` as never })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function insertPendingToken(db: Executor, row: { id: string; directory_id: string; token_hash: string; prefix: string }): Promise<void> {
  await db.insertInto('directory_tokens').values({ ...row, status: 'pending' }).execute();
}

/** Ends the tokens of one status now (cancel ends `pending`, complete ends `active`). */
export async function expireTokensWithStatus(db: Executor, directoryId: string, status: string): Promise<number> {
  const r = await db
    .updateTable('directory_tokens')
    .set({ expires_at: new Date() })
    .where('directory_id', '=', directoryId)
    .where('status', '=', status)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Promotes the live pending token(s) of a directory to active; returns how many. */
export async function promotePendingTokens(db: Executor, directoryId: string): Promise<number> {
  const r = await db
    .updateTable('directory_tokens')
    .set({ status: 'active' })
    .where('directory_id', '=', directoryId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function countLiveTokens(db: Executor, directoryId: string, status: string): Promise<number> {
  const r = await db
    .selectFrom('directory_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('directory_id', '=', directoryId)
    .where('status', '=', status)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
