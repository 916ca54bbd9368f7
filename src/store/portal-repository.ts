// SQL for Admin Portal links and sessions (stored as SHA-256 hashes only). Its tables are declared here, beside their only SQL.
import type { Generated, Selectable } from 'kysely';
import type { Executor } from './organization-repository.ts';

interface PortalLinksTable {
  id: string;
  organization_id: string;
  token_hash: string;
  intent: string;
  created_by_key_id: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

interface PortalSessionsTable {
  id: string;
  organization_id: string;
  link_id: string | null;
  session_hash: string;
  intent: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Generated<Date>;
}

export type PortalLinkRow = Selectable<PortalLinksTable>;
export type PortalSessionRow = Selectable<PortalSessionsTable>;
/** A session as listings show it: never its hash. */
export type PortalSessionRecord = Omit<PortalSessionRow, 'session_hash'>;

const SESSION_COLUMNS = ['id', 'organization_id', 'link_id', 'intent', 'expires_at', 'revoked_at', 'created_at'] as const;

function portal(db: Executor) {
  return db.withTables<{ portal_links: PortalLinksTable; portal_sessions: PortalSessionsTable }>();
}

export async function insertPortalLink(db: Executor, row: Omit<PortalLinkRow, 'used_at' | 'created_at'>): Promise<void> {
  await portal(db).insertInto('portal_links').values(row).execute();
}

/**
 * Consumes a link: marks it used if it is unused and unexpired, in one UPDATE so two opens racing
 * cannot both win. Undefined when nothing was consumed; then `readPortalLinkByHash` says why.
 */
export async function consumePortalLink(db: Executor, tokenHash: string, now: Date): Promise<PortalLinkRow | undefined> {
  return portal(db)
    .updateTable('portal_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** The link a hash names, whatever its state (to explain a refusal). */
export async function readPortalLinkByHash(db: Executor, tokenHash: string): Promise<PortalLinkRow | undefined> {
  return portal(db).selectFrom('portal_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertPortalSession(db: Executor, row: Omit<PortalSessionRow, 'revoked_at' | 'created_at'>): Promise<void> {
  await portal(db).insertInto('portal_sessions').values(row).execute();
}

/** The live session a hash opens (unexpired, unrevoked), with its hash for the constant-time check. Auth only. */
export async function readPortalSessionByHash(db: Executor, sessionHash: string, now: Date): Promise<PortalSessionRow | undefined> {
  return portal(db)
    .selectFrom('portal_sessions')
    .selectAll()
    .where('session_hash', '=', sessionHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** An organization's sessions, newest first (keyset on id: UUIDv7 ids are time-ordered). */
export async function listPortalSessions(db: Executor, organizationId: string, before: string | undefined, limit: number): Promise<PortalSessionRecord[]> {
  let q = portal(db).selectFrom('portal_sessions').select(SESSION_COLUMNS).where('organization_id', '=', organizationId).orderBy('id', 'desc').limit(limit);
  if (before) q = q.where('id', '<', before);
  return q.execute();
}

/** Revokes a session of an organization; revoking twice keeps the first time. Undefined when it is not that organization's. */
export async function revokePortalSessionRow(db: Executor, organizationId: string, id: string, at: Date): Promise<PortalSessionRecord | undefined> {
  const revoked = await portal(db)
    .updateTable('portal_sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .returning(SESSION_COLUMNS)
    .executeTakeFirst();
  return revoked ?? portal(db).selectFrom('portal_sessions').select(SESSION_COLUMNS).where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
}

/** The events about one object of a directory, newest first, before a sequence (keyset). */
export async function listObjectEvents(db: Executor, directoryId: string, objectId: string, beforeSequence: string | undefined, limit: number) {
  let q = db.selectFrom('events').selectAll().where('object_id', '=', objectId).where('directory_id', '=', directoryId).orderBy('sequence', 'desc').limit(limit);
  if (beforeSequence !== undefined) q = q.where('sequence', '<', beforeSequence);
  return q.execute();
}

/** Deletes links and sessions that stopped working before `before`; returns how many rows went. */
export async function deleteStalePortalRows(db: Executor, before: Date): Promise<number> {
  const sessions = await portal(db).deleteFrom('portal_sessions').where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)])).executeTakeFirst();
  const links = await portal(db).deleteFrom('portal_links').where('expires_at', '<', before).executeTakeFirst();
  return Number(sessions.numDeletedRows) + Number(links.numDeletedRows);
}
