// Seat utilization: the app reports sign-ins; Roster answers provisioned vs activated vs active, over time.
import { readTime } from '../../lib/input-time.ts';
import { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';
import {
  countSeats,
  findUserWithOrganization,
  lastSignIns,
  listActiveWhileInactive,
  listNeverSignedIn,
  listSeatHistory,
  upsertActivity,
  type SeatCounts,
} from '../../store/activity-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { countByRole } from '../../store/role-repository.ts';
import { getOrganization } from '../organizations/organization-service.ts';
import { appUser } from '../users/user-app-view.ts';

/** How far a reported sign-in may be ahead of our clock (clock skew), or behind it (a late batch). */
const MAX_FUTURE_MS = 5 * 60_000;
const MAX_PAST_DAYS = 400;
/** The history a request may ask for. */
export const MAX_HISTORY_DAYS = 400;

/**
 * What a sign-in of a user the IdP does not have active means: `deactivated_in_idp` (suspended or
 * deprovisioned: access the IdP already took away is still in use) or `not_approved` (held or
 * refused under the organization's domain policy).
 */
export type ActivityFinding = 'deactivated_in_idp' | 'not_approved' | null;

function findingFor(state: string): ActivityFinding {
  if (state === 'active') return null;
  if (state === 'suspended' || state === 'deprovisioned') return 'deactivated_in_idp';
  return 'not_approved';
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

function parseAt(raw: unknown, now: Date): Date {
  const at = readTime(raw, 'at', { dateTimeOnly: true });
  if (!at) return now;
  if (at.getTime() > now.getTime() + MAX_FUTURE_MS) throw new RosterError('invalid_value', 'at is in the future', { attribute: 'at', hint: "Send the sign-in's own time, or leave at out for now" });
  if (at.getTime() < now.getTime() - MAX_PAST_DAYS * 86400_000) {
    throw new RosterError('invalid_value', `at is more than ${MAX_PAST_DAYS} days ago`, { attribute: 'at' });
  }
  return at;
}

/** Records one sign-in of a user (idempotent per day as to who is active; the count of sign-ins grows). */
export async function reportActivity(db: Executor, userId: string, body: { at?: unknown }, now = new Date()) {
  const found = isUuid(userId) ? await findUserWithOrganization(db, userId.toLowerCase()) : undefined;
  if (!found) throw new RosterError('not_found', `User ${userId} not found`, { resourceId: userId });
  const at = parseAt(body.at, now);
  const finding = findingFor(found.user.state);
  const { day, signIns } = await upsertActivity(db, { userId: found.user.id, at, whileInactive: finding !== null });
  return { userId: found.user.id, organizationId: found.organizationId, state: found.user.state, day, signInsThatDay: signIns, finding };
}

function checkCursor(after: string | undefined): void {
  if (after !== undefined && !isUuid(after)) throw new RosterError('invalid_cursor', 'after must be the nextCursor of the previous page', { attribute: 'after' });
}

const historyPoint = (day: string, c: SeatCounts) => ({ day, provisioned: c.provisioned, activated: c.activated, active30d: c.active30d, suspended: c.suspended });

/**
 * Today's counts, live, and the recorded daily counts of the last `days` days (today's point is
 * the live one). Days before Roster recorded anything are absent, not zero.
 */
export async function seatUtilization(db: Executor, organizationId: string, days: number, now = new Date()) {
  await getOrganization(db, organizationId);
  const today = utcDay(now);
  const since = utcDay(new Date(now.getTime() - (days - 1) * 86400_000));
  const [counts, recorded, byRole] = await Promise.all([countSeats(db, organizationId, today), listSeatHistory(db, organizationId, since), countByRole(db, organizationId, today)]);
  const history = recorded
    .filter((r) => r.day !== today)
    .map((r) => historyPoint(r.day, { provisioned: r.provisioned, activated: r.activated, active30d: r.active_30d, suspended: r.suspended }));
  history.push(historyPoint(today, counts));
  const rate = (part: number) => (counts.provisioned === 0 ? null : Math.round((part / counts.provisioned) * 1000) / 1000);
  return {
    organizationId,
    at: now.toISOString(),
    ...counts,
    neverSignedIn: counts.provisioned - counts.activated,
    activationRate: rate(counts.activated),
    activeRate: rate(counts.active30d),
    byRole,
    history,
  };
}

/** Provisioned users who never signed in: the people to invite. */
export async function pageNeverSignedIn(db: Executor, organizationId: string, after: string | undefined, limit: number) {
  await getOrganization(db, organizationId);
  checkCursor(after);
  const rows = await listNeverSignedIn(db, organizationId, after, limit);
  const last = rows[rows.length - 1];
  return { data: rows.map((r) => appUser(r, organizationId)), nextCursor: rows.length === limit && last ? last.id : null };
}

/** Users who signed in while the IdP had them deactivated or unapproved: a security finding. */
export async function pageActiveWhileInactive(db: Executor, organizationId: string, after: string | undefined, limit: number) {
  await getOrganization(db, organizationId);
  checkCursor(after);
  const rows = await listActiveWhileInactive(db, organizationId, after, limit);
  const latest = await lastSignIns(db, rows.map((r) => r.id));
  const last = rows[rows.length - 1];
  return {
    data: rows.map(({ last_inactive_sign_in, ...row }) => ({
      user: appUser(row, organizationId),
      finding: findingFor(row.state) ?? 'deactivated_in_idp',
      lastSignInWhileInactive: new Date(last_inactive_sign_in).toISOString(),
      lastSignIn: latest.get(row.id)?.toISOString() ?? null,
    })),
    nextCursor: rows.length === limit && last ? last.id : null,
  };
}
