// Admin Portal links and sessions: a single-use, expiring link opens a session bound to one organization.
import { RosterError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashesEqual, hashSecret, newSecret } from '../../lib/secrets.ts';
import type { Executor } from '../../store/organization-repository.ts';
import {
  consumePortalLink,
  deleteStalePortalRows,
  insertPortalLink,
  insertPortalSession,
  readPortalLinkByHash,
  readPortalSessionByHash,
  type PortalSessionRecord,
} from '../../store/portal-repository.ts';
import { getOrganization } from '../organizations/organization-service.ts';

export const PORTAL_INTENTS = ['setup', 'manage'] as const;
export type PortalIntent = (typeof PORTAL_INTENTS)[number];

/** Seconds a link may be opened in: 5 minutes unless asked, at most 7 days (an invitation sent by email). */
export const DEFAULT_LINK_SECONDS = 300;
export const MIN_LINK_SECONDS = 30;
export const MAX_LINK_SECONDS = 7 * 24 * 3600;

/** Links and sessions that stopped working are kept this long (to list and investigate), then deleted. */
export const KEEP_STALE_DAYS = 30;

const LINK_PREFIX = 'rpl_';
const SESSION_PREFIX = 'rps_';
// newSecret: prefix + 32 random bytes in base64url (43 characters). Anything else was never issued.
const SECRET_SHAPE = /^rp[ls]_[A-Za-z0-9_-]{43}$/;

export interface NewPortalLink {
  intent: PortalIntent;
  expiresIn?: number | undefined;
}

/** Creates a link for an organization; the token is returned once, only its hash is stored. */
export async function createPortalLink(db: Executor, organizationId: string, input: NewPortalLink, createdByKeyId: string | null, now: Date) {
  const organization = await getOrganization(db, organizationId);
  if (!(PORTAL_INTENTS as readonly string[]).includes(input.intent)) {
    throw new RosterError('invalid_value', `intent must be one of ${PORTAL_INTENTS.join(', ')}; got "${String(input.intent)}"`, { attribute: 'intent' });
  }
  const seconds = input.expiresIn ?? DEFAULT_LINK_SECONDS;
  if (!Number.isInteger(seconds) || seconds < MIN_LINK_SECONDS || seconds > MAX_LINK_SECONDS) {
    throw new RosterError('invalid_value', `expiresIn must be a whole number of seconds from ${MIN_LINK_SECONDS} to ${MAX_LINK_SECONDS}`, { attribute: 'expiresIn' });
  }
  // Each new link sweeps the long-dead ones: the tables stay small without a job of their own.
  await deleteStalePortalRows(db, new Date(now.getTime() - KEEP_STALE_DAYS * 86400_000));
  const token = newSecret(LINK_PREFIX);
  const id = newId();
  const expiresAt = new Date(now.getTime() + seconds * 1000);
  await insertPortalLink(db, { id, organization_id: organization.id, token_hash: hashSecret(token), intent: input.intent, created_by_key_id: createdByKeyId, expires_at: expiresAt });
  return { id, organizationId: organization.id, intent: input.intent, token, expiresAt };
}

/** Why a link did not open: each is explained to the person who clicked it. */
export type LinkProblem = 'expired' | 'used' | 'invalid';

export type OpenOutcome =
  | { ok: true; session: string; organizationId: string; intent: PortalIntent; expiresAt: Date }
  | { ok: false; problem: LinkProblem };

/** Opens a link: consumes it and starts a session of `sessionSeconds`, or says why it cannot. */
export async function openPortalLink(db: Executor, token: string, now: Date, sessionSeconds: number): Promise<OpenOutcome> {
  if (!SECRET_SHAPE.test(token) || !token.startsWith(LINK_PREFIX)) return { ok: false, problem: 'invalid' };
  const hash = hashSecret(token);
  const link = await consumePortalLink(db, hash, now);
  if (!link) {
    const known = await readPortalLinkByHash(db, hash);
    if (!known) return { ok: false, problem: 'invalid' };
    return { ok: false, problem: known.used_at ? 'used' : 'expired' };
  }
  const session = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(now.getTime() + sessionSeconds * 1000);
  await insertPortalSession(db, { id: newId(), organization_id: link.organization_id, link_id: link.id, session_hash: hashSecret(session), intent: link.intent, expires_at: expiresAt });
  return { ok: true, session, organizationId: link.organization_id, intent: link.intent as PortalIntent, expiresAt };
}

export interface PortalSessionInfo {
  id: string;
  organizationId: string;
  intent: PortalIntent;
  expiresAt: Date;
}

/** The live session a cookie value opens, or undefined (unknown, expired, revoked). Hash compared in constant time. */
export async function authenticatePortalSession(db: Executor, presented: string, now: Date): Promise<PortalSessionInfo | undefined> {
  if (!SECRET_SHAPE.test(presented) || !presented.startsWith(SESSION_PREFIX)) return undefined;
  const hash = hashSecret(presented);
  const row = await readPortalSessionByHash(db, hash, now);
  if (!row || !hashesEqual(row.session_hash, hash)) return undefined;
  return { id: row.id, organizationId: row.organization_id, intent: row.intent as PortalIntent, expiresAt: row.expires_at };
}

/** The JSON of a session in the admin API: never its secret or hash. */
export function portalSessionJson(row: PortalSessionRecord, now: Date) {
  return {
    object: 'portal_session',
    id: row.id,
    organizationId: row.organization_id,
    intent: row.intent,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    active: !row.revoked_at && new Date(row.expires_at) > now,
  };
}
