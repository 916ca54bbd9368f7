// Just-in-time sign-in: an SSO assertion finds the organization's user, or creates one on first
// login; never a second user for the same person. SCIM keeps the lifecycle once it arrives.
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { normalizeResource } from '../../scim/resource/normalize-resource.ts';
import { SCHEMA_URN, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { upsertActivity } from '../../store/activity-repository.ts';
import type { DirectoryRow, UserRow } from '../../store/database.ts';
import { findJitMatches, organizationDirectories } from '../../store/jit-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { getOrganization } from '../organizations/organization-service.ts';
import { directoryContext } from '../directories/directory-service.ts';
import { appUser } from '../users/user-app-view.ts';
import { createUser } from '../users/user-service.ts';

export interface JitAssertion {
  email: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  title: string | null;
  department: string | null;
  directoryId: string | null;
}

export type JitOutcome = 'created' | 'linked' | 'refused';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(body: Record<string, unknown>, key: string, max = 256): string | null {
  const v = body[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > max) throw new RosterError('invalid_value', `${key} must be a string of at most ${max} characters`, { attribute: key });
  return v.trim();
}

/** Reads the assertion's attributes; an email is required (it is what SSO and SCIM share). */
export function readAssertion(body: Record<string, unknown>): JitAssertion {
  const email = text(body, 'email');
  if (!email || !EMAIL.test(email)) {
    throw new RosterError('invalid_value', 'email must be the address the SSO assertion carries', { attribute: 'email', hint: 'Send the NameID or the email attribute of the assertion' });
  }
  return {
    email,
    externalId: text(body, 'externalId'),
    firstName: text(body, 'firstName'),
    lastName: text(body, 'lastName'),
    displayName: text(body, 'displayName'),
    title: text(body, 'title'),
    department: text(body, 'department'),
    directoryId: text(body, 'directoryId', 64),
  };
}

/** Where a first login creates its user: the directory named, else the organization's only one. */
async function targetDirectory(db: Executor, organizationId: string, wanted: string | null): Promise<DirectoryRow> {
  const directories = await organizationDirectories(db, organizationId);
  if (wanted) {
    const hit = isUuid(wanted) ? directories.find((d) => d.id === wanted.toLowerCase()) : undefined;
    if (!hit) throw new RosterError('not_found', `Directory ${wanted} not found in this organization`, { attribute: 'directoryId', resourceId: wanted });
    return hit;
  }
  if (directories.length === 1) return directories[0]!;
  if (directories.length === 0) {
    throw new RosterError('conflict', 'This organization has no directory to create the user in', { hint: 'Create a directory (provider "generic" for SSO-only customers), then sign in again' });
  }
  throw new RosterError('invalid_value', `This organization has ${directories.length} directories: name the one for this SSO connection`, { attribute: 'directoryId' });
}

function scimUser(a: JitAssertion): Record<string, unknown> {
  const enterprise = a.department ? { [SCHEMA_URN.enterpriseUser]: { department: a.department } } : {};
  return {
    schemas: [SCHEMA_URN.user, ...(a.department ? [SCHEMA_URN.enterpriseUser] : [])],
    userName: a.email,
    ...(a.externalId ? { externalId: a.externalId } : {}),
    ...(a.firstName || a.lastName ? { name: { ...(a.firstName ? { givenName: a.firstName } : {}), ...(a.lastName ? { familyName: a.lastName } : {}) } } : {}),
    ...(a.displayName ? { displayName: a.displayName } : {}),
    ...(a.title ? { title: a.title } : {}),
    emails: [{ value: a.email, type: 'work', primary: true }],
    active: true,
    ...enterprise,
  };
}

function answer(outcome: JitOutcome, user: UserRow, organizationId: string, extra: { matchedBy?: string; reason?: string } = {}) {
  return {
    outcome,
    allowed: outcome !== 'refused',
    reason: extra.reason ?? null,
    matchedBy: extra.matchedBy ?? null,
    user: appUser(user, organizationId),
  };
}

/** The answer for an existing user: linked (and counted as a sign-in) when the IdP has them active, refused otherwise. */
async function link(db: Executor, organizationId: string, user: UserRow, matchedBy: string, now: Date) {
  if (user.state === 'active') {
    await upsertActivity(db, { userId: user.id, at: now, whileInactive: false });
    return answer('linked', user, organizationId, { matchedBy });
  }
  const reason = user.state === 'held' ? 'not_approved' : 'deactivated_in_idp';
  return answer('refused', user, organizationId, { matchedBy, reason });
}

/**
 * Links the assertion to the organization's user (by externalId, else userName or email), or
 * creates the user in the SSO connection's directory. Two first logins at once end with one user:
 * the loser of the race finds the winner's row and links to it.
 */
export async function jitSignIn(db: Executor, organizationId: string, body: Record<string, unknown>, origin: string, now = new Date()) {
  const org = await getOrganization(db, organizationId);
  const assertion = readAssertion(body);
  const [match] = await findJitMatches(db, org.id, assertion.externalId, assertion.email);
  if (match) return link(db, org.id, match, match.matched_by, now);

  const directory = await targetDirectory(db, org.id, assertion.directoryId);
  const ctx = directoryContext(directory, origin, { domains: org.domains, externalDomainPolicy: org.external_domain_policy });
  const { resource } = normalizeResource(USER_RESOURCE, scimUser(assertion), { mode: 'create' });
  let created: UserRow;
  try {
    created = await createUser(db, ctx, { resource, passwordHash: undefined });
  } catch (error) {
    // The loser of a race meets the winner's row: as our own 409, or as the unique index's 23505
    // when both passed the pre-check at once.
    const clash = error instanceof RosterError ? error.code === 'uniqueness' : (error as { code?: unknown } | null)?.code === '23505';
    if (!clash) throw error;
    const [winner] = await findJitMatches(db, org.id, assertion.externalId, assertion.email);
    if (!winner) throw error;
    return link(db, org.id, winner, winner.matched_by, now);
  }
  if (created.state !== 'active') return answer('refused', created, org.id, { reason: 'not_approved' });
  await upsertActivity(db, { userId: created.id, at: now, whileInactive: false });
  return answer('created', created, org.id);
}
