// Access reviews (docs/access.md §7): a campaign freezes the open grants in scope into items; the
// assigned reviewer (or the fallback) decides keep or revoke. A revoke of an API grant ends it here,
// in the decision's transaction; a rule-derived grant belongs to the IdP's groups, so its revoke
// records the task of taking the user out of the group there instead.
import { readFutureTime } from '../lib/input-time.ts';
import { RosterError } from '../errors.ts';
import { isUuid, newId } from '../lib/ids.ts';
import {
  closeReviewRow,
  findItem,
  findReview,
  insertItems,
  insertReview,
  listItems,
  listReviews,
  recordDecision,
  reviewCounts,
  reviewedUser,
  type ReviewCounts,
  type ReviewItemRow,
  type ReviewRow,
} from '../store/access-review-repository.ts';
import type { Executor } from '../store/organization-repository.ts';
import { getOrganization } from '../directory/organizations/organization-service.ts';
import { findRoleByKey } from '../store/role-repository.ts';
import { revokeGrantOnReview } from './role-service.ts';
import { isoOrNull } from '../lib/api-time.ts';


async function requireReview(db: Executor, organizationId: string, reviewId: string, lock = false): Promise<ReviewRow> {
  const org = (await getOrganization(db, organizationId)).id;
  const review = isUuid(reviewId) ? await findReview(db, org, reviewId.toLowerCase(), lock) : undefined;
  if (!review) throw new RosterError('not_found', `No access review ${reviewId} in this organization`, { resourceId: reviewId });
  return review;
}

function reviewer(v: unknown, attribute: string, required: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw new RosterError('invalid_value', `${attribute} is required`, { attribute });
    return null;
  }
  if (typeof v !== 'string' || v.trim().length > 320) throw new RosterError('invalid_value', `${attribute} must be text of at most 320 characters (an email or a user id)`, { attribute });
  return v.trim();
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether the review has stopped taking decisions: closed, or past its closing date. */
const isOver = (r: ReviewRow, now: Date) => r.status === 'closed' || (r.closes_at !== null && new Date(r.closes_at).getTime() <= now.getTime());

function reviewJsonWith(r: ReviewRow, c: ReviewCounts) {
  const items = Number(c.items);
  const decided = Number(c.decided);
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    roleKeys: r.role_keys,
    reviewer: { mode: r.reviewer_mode, reviewer: r.reviewer, fallback: r.fallback_reviewer },
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    closesAt: isoOrNull(r.closes_at),
    closedAt: isoOrNull(r.closed_at),
    counts: { items, decided, pending: items - decided, kept: Number(c.kept), revoked: Number(c.revoked), idpChangeNeeded: Number(c.idp_change_needed) },
  };
}

/** What an auditor reads next to an `idp_change_needed` outcome: who must leave which group (or stop matching which filter), where. */
function taskOf(i: ReviewItemRow): string | null {
  if (i.outcome !== 'idp_change_needed') return null;
  if (i.rule_filter) return `Change ${i.user_name}'s attributes in the identity provider so they no longer match ${i.rule_filter}`;
  return i.group_name
    ? `Remove ${i.user_name} from the group "${i.group_name}" in the identity provider`
    : `Remove ${i.user_name} from the group that gives the role "${i.role_key}" in the identity provider`;
}

export function itemJson(i: ReviewItemRow) {
  return {
    id: i.id,
    reviewId: i.review_id,
    user: { id: i.user_id, userName: i.user_name },
    role: { key: i.role_key, name: i.role_name },
    grantId: i.grant_id,
    source: i.source,
    groupName: i.group_name,
    reviewer: i.reviewer,
    decision: i.decision,
    reason: i.reason,
    decidedBy: i.decided_by,
    decidedAt: isoOrNull(i.decided_at),
    outcome: i.outcome,
    task: taskOf(i),
  };
}

/** Opens a campaign: one item per open grant in scope now (grants made later are not in it). */
export async function createReview(trx: Executor, organizationId: string, body: Record<string, unknown>, now: Date) {
  const org = (await getOrganization(trx, organizationId)).id;
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name || name.length > 200) throw new RosterError('invalid_value', 'name is required (at most 200 characters)', { attribute: 'name' });
  let roleKeys: string[] | null = null;
  if (body.roleKeys !== undefined && body.roleKeys !== null) {
    if (!Array.isArray(body.roleKeys) || body.roleKeys.length === 0 || body.roleKeys.some((k) => typeof k !== 'string')) {
      throw new RosterError('invalid_value', 'roleKeys must be a non-empty list of role keys (absent: every role)', { attribute: 'roleKeys' });
    }
    roleKeys = [...new Set(body.roleKeys as string[])];
    for (const key of roleKeys) {
      if (!(await findRoleByKey(trx, key))) throw new RosterError('not_found', `No role with key "${key}"`, { attribute: 'roleKeys' });
    }
  }
  const r = (body.reviewer ?? {}) as Record<string, unknown>;
  if (typeof r !== 'object' || (r.mode !== 'admin' && r.mode !== 'manager')) {
    throw new RosterError('invalid_value', "reviewer.mode must be admin (a named reviewer) or manager (each user's manager)", { attribute: 'reviewer.mode' });
  }
  const named = reviewer(r.reviewer, 'reviewer.reviewer', r.mode === 'admin');
  const fallback = reviewer(r.fallback, 'reviewer.fallback', true) as string;
  const row = {
    id: newId(),
    organization_id: org,
    name,
    role_keys: roleKeys,
    reviewer_mode: r.mode,
    reviewer: r.mode === 'admin' ? named : null,
    fallback_reviewer: fallback,
    closes_at: readFutureTime(body.closesAt, 'closesAt', now),
  } as const;
  await insertReview(trx, row);
  await insertItems(trx, row);
  return reviewJson(trx, (await findReview(trx, org, row.id)) as ReviewRow);
}

async function reviewJson(db: Executor, r: ReviewRow) {
  return reviewJsonWith(r, (await reviewCounts(db, [r.id])).get(r.id) as ReviewCounts);
}

export async function pageReviews(db: Executor, organizationId: string) {
  const org = (await getOrganization(db, organizationId)).id;
  const reviews = await listReviews(db, org);
  const counts = await reviewCounts(db, reviews.map((r) => r.id));
  return { data: reviews.map((r) => reviewJsonWith(r, counts.get(r.id) as ReviewCounts)), nextCursor: null };
}

export async function getReview(db: Executor, organizationId: string, reviewId: string) {
  return reviewJson(db, await requireReview(db, organizationId, reviewId));
}

export async function pageItems(db: Executor, organizationId: string, reviewId: string, query: Record<string, unknown>) {
  const review = await requireReview(db, organizationId, reviewId);
  const filter: { reviewer?: string; decided?: boolean } = {};
  if (typeof query.reviewer === 'string' && query.reviewer !== '') filter.reviewer = query.reviewer;
  if (query.decided === 'true' || query.decided === 'false') filter.decided = query.decided === 'true';
  return { data: (await listItems(db, review.id, filter)).map(itemJson), nextCursor: null };
}

/**
 * Records a decision. Only the item's reviewer or the campaign's fallback may decide, never the user
 * under review (matched on id, userName and every email). A decided item may be decided again only
 * from keep to revoke (a reviewer who learns more later); a revoke has already acted and is final.
 */
export async function decide(trx: Executor, organizationId: string, reviewId: string, itemId: string, body: Record<string, unknown>, now: Date) {
  const review = await requireReview(trx, organizationId, reviewId, true);
  const item = isUuid(itemId) ? await findItem(trx, review.id, itemId.toLowerCase()) : undefined;
  if (!item) throw new RosterError('not_found', `No item ${itemId} in this access review`, { resourceId: itemId });
  if (isOver(review, now)) throw new RosterError('conflict', `The access review "${review.name}" is closed: it takes no more decisions`, { resourceId: review.id });
  if (body.decision !== 'keep' && body.decision !== 'revoke') throw new RosterError('invalid_value', 'decision must be keep or revoke', { attribute: 'decision' });
  const by = reviewer(body.reviewer, 'reviewer', true) as string;
  const reason = typeof body.reason === 'string' && body.reason.trim() !== '' ? body.reason.trim() : null;
  if (reason !== null && reason.length > 2000) throw new RosterError('invalid_value', 'reason must be at most 2000 characters', { attribute: 'reason' });
  if (body.decision === 'revoke' && reason === null) throw new RosterError('invalid_value', 'A revoke needs a reason (auditors read it)', { attribute: 'reason' });
  const user = await reviewedUser(trx, item.user_id);
  const self = [item.user_id, item.user_name, ...(user ? [user.user_name, ...user.emails] : [])];
  if (self.some((s) => same(s, by))) {
    throw new RosterError('forbidden', `Self-review is not allowed: ${by} is the user under review; the fallback reviewer (${review.fallback_reviewer}) decides this item`, { attribute: 'reviewer' });
  }
  if (!same(by, item.reviewer) && !same(by, review.fallback_reviewer)) {
    throw new RosterError('forbidden', `${by} is not the reviewer of this item: it is assigned to ${item.reviewer} (or the fallback, ${review.fallback_reviewer})`, { attribute: 'reviewer' });
  }
  if (item.decision === 'revoke' || (item.decision === 'keep' && body.decision === 'keep')) {
    throw new RosterError('conflict', `This item was already decided (${item.decision} by ${item.decided_by}); only a keep can be turned into a revoke`, { resourceId: item.id });
  }
  let outcome: ReviewItemRow['outcome'] = 'kept';
  if (body.decision === 'revoke') {
    if (item.source === 'rule') outcome = 'idp_change_needed';
    else {
      // Already ended by someone else since the campaign opened: the decision stands, the grant is gone either way.
      await revokeGrantOnReview(trx, item.grant_id, review.id);
      outcome = 'revoked';
    }
  }
  return itemJson(await recordDecision(trx, item.id, { decision: body.decision, reason, decidedBy: by, outcome, at: now }));
}

/** Closes a campaign: it takes no more decisions; its evidence stays readable. */
export async function closeReview(trx: Executor, organizationId: string, reviewId: string, now: Date) {
  const review = await requireReview(trx, organizationId, reviewId, true);
  if (review.status === 'closed') throw new RosterError('conflict', `The access review "${review.name}" is already closed`, { resourceId: review.id });
  await closeReviewRow(trx, review.id, now);
  return reviewJson(trx, (await findReview(trx, review.organization_id, review.id)) as ReviewRow);
}

const EVIDENCE_COLUMNS = ['user', 'role', 'source', 'reviewer', 'decision', 'reason', 'decided_at', 'outcome'] as const;

function evidenceRow(i: ReviewItemRow): string[] {
  return [i.user_name, i.role_key, i.source, i.decided_by ?? i.reviewer, i.decision ?? 'pending', i.reason ?? '', isoOrNull(i.decided_at) ?? '', i.outcome ?? ''];
}

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function evidenceCsv(db: Executor, organizationId: string, reviewId: string): Promise<string> {
  const review = await requireReview(db, organizationId, reviewId);
  const lines = [EVIDENCE_COLUMNS.join(',')];
  for (const i of await listItems(db, review.id)) lines.push(evidenceRow(i).map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function escapeHtml(v: string): string {
  return v.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** A printable page for auditors: the campaign, its counts, and every item with its decision. */
export async function evidenceReport(db: Executor, organizationId: string, reviewId: string, now: Date): Promise<string> {
  const review = await requireReview(db, organizationId, reviewId);
  const summary = await reviewJson(db, review);
  const items = await listItems(db, review.id);
  const e = escapeHtml;
  const scope = review.role_keys ? review.role_keys.join(', ') : 'every role';
  const reviewers = review.reviewer_mode === 'admin' ? `${review.reviewer} (fallback ${review.fallback_reviewer})` : `each user's manager (fallback ${review.fallback_reviewer})`;
  const c = summary.counts;
  const rows = items
    .map((i) => `<tr>${evidenceRow(i).map((v) => `<td>${e(v)}</td>`).join('')}</tr>${taskOf(i) ? `<tr class="task"><td colspan="8">Task: ${e(taskOf(i) as string)}</td></tr>` : ''}`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access review: ${e(review.name)}</title>
<style>body{font:13px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}tr.task td{font-style:italic}@media print{body{margin:0}}</style>
</head><body>
<h1>Access review: ${e(review.name)}</h1>
<dl>
<dt>Organization</dt><dd>${e(review.organization_id)}</dd>
<dt>Scope</dt><dd>${e(scope)}</dd>
<dt>Reviewers</dt><dd>${e(reviewers)}</dd>
<dt>Status</dt><dd>${e(review.status)}; opened ${e(summary.createdAt)}${summary.closedAt ? `; closed ${e(summary.closedAt)}` : ''}</dd>
<dt>Decisions</dt><dd>${c.decided} of ${c.items} (kept ${c.kept}, revoked ${c.revoked}, IdP change needed ${c.idpChangeNeeded}, pending ${c.pending})</dd>
<dt>Generated</dt><dd>${e(now.toISOString())}</dd>
</dl>
<table><thead><tr>${EVIDENCE_COLUMNS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
