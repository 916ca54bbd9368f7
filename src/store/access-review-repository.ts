// SQL for access reviews: campaigns, their items (frozen at creation), decisions, counts.
import { sql } from 'kysely';
import type { Executor } from './organization-repository.ts';

export interface ReviewRow {
  id: string;
  organization_id: string;
  name: string;
  role_keys: string[] | null;
  reviewer_mode: 'admin' | 'manager';
  reviewer: string | null;
  fallback_reviewer: string;
  status: 'open' | 'closed';
  created_at: Date;
  closes_at: Date | null;
  closed_at: Date | null;
}

export interface ReviewItemRow {
  id: string;
  review_id: string;
  user_id: string;
  user_name: string;
  role_key: string;
  role_name: string;
  grant_id: string;
  source: 'grant' | 'rule';
  group_name: string | null;
  /** The attribute rule's filter, when an attribute rule gave the grant. */
  rule_filter: string | null;
  reviewer: string;
  decision: 'keep' | 'revoke' | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  outcome: 'kept' | 'revoked' | 'idp_change_needed' | null;
}

export interface ReviewCounts {
  items: string;
  decided: string;
  kept: string;
  revoked: string;
  idp_change_needed: string;
}

export async function insertReview(db: Executor, row: Omit<ReviewRow, 'created_at' | 'closed_at' | 'status'>): Promise<void> {
  await sql`insert into access_reviews (id, organization_id, name, role_keys, reviewer_mode, reviewer, fallback_reviewer, closes_at)
    values (${row.id}, ${row.organization_id}, ${row.name}, ${row.role_keys}, ${row.reviewer_mode}, ${row.reviewer}, ${row.fallback_reviewer}, ${row.closes_at})`.execute(db);
}

/**
 * One item per open grant of the organization's current users in scope. The reviewer is the named
 * one, or the user's manager (enterprise extension manager.value) when it is a user of the same
 * organization; otherwise the fallback.
 */
export async function insertItems(db: Executor, review: Pick<ReviewRow, 'id' | 'organization_id' | 'role_keys' | 'reviewer_mode' | 'reviewer' | 'fallback_reviewer'>): Promise<number> {
  const result = await sql`
    insert into access_review_items (id, review_id, user_id, user_name, role_key, role_name, grant_id, source, group_name, rule_filter, reviewer)
    select gen_random_uuid(), ${review.id}, u.id, u.user_name, r.key, r.name, g.id, g.source, grp.display_name, rr.filter,
      case when ${review.reviewer_mode} = 'admin' then ${review.reviewer}
           else coalesce(m.id::text, ${review.fallback_reviewer}) end
    from role_grants g
    join roles r on r.id = g.role_id
    join users u on u.id = g.user_id
    left join role_rules rr on rr.id = g.rule_id
    left join groups grp on grp.id = rr.group_id
    left join lateral (
      select mu.id from users mu join directories md on md.id = mu.directory_id
      where md.organization_id = ${review.organization_id} and mu.state in ('active', 'suspended')
        and mu.id <> u.id and mu.id::text = lower(u.resource #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,manager,value}')
    ) m on true
    where g.organization_id = ${review.organization_id} and g.revoked_at is null and u.state in ('active', 'suspended')
      and (${review.role_keys}::text[] is null or r.key = any(${review.role_keys}::text[]))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function findReview(db: Executor, organizationId: string, id: string, lock = false): Promise<ReviewRow | undefined> {
  const { rows } = await sql<ReviewRow>`select * from access_reviews where id = ${id} and organization_id = ${organizationId} ${lock ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

export async function listReviews(db: Executor, organizationId: string): Promise<ReviewRow[]> {
  const { rows } = await sql<ReviewRow>`select * from access_reviews where organization_id = ${organizationId} order by created_at desc, id limit 200`.execute(db);
  return rows;
}

const NO_ITEMS: ReviewCounts = { items: '0', decided: '0', kept: '0', revoked: '0', idp_change_needed: '0' };

/** The counts of several reviews in one query (a list of campaigns is not N queries). */
export async function reviewCounts(db: Executor, reviewIds: readonly string[]): Promise<Map<string, ReviewCounts>> {
  if (reviewIds.length === 0) return new Map();
  const { rows } = await sql<ReviewCounts & { review_id: string }>`
    select review_id, count(*) as items, count(decision) as decided,
      count(*) filter (where outcome = 'kept') as kept, count(*) filter (where outcome = 'revoked') as revoked,
      count(*) filter (where outcome = 'idp_change_needed') as idp_change_needed
    from access_review_items where review_id = any(${reviewIds}::uuid[]) group by review_id`.execute(db);
  const counts = new Map(rows.map(({ review_id, ...c }) => [review_id, c]));
  return new Map(reviewIds.map((id) => [id, counts.get(id) ?? NO_ITEMS]));
}

export async function listItems(db: Executor, reviewId: string, filter: { reviewer?: string; decided?: boolean } = {}): Promise<ReviewItemRow[]> {
  const { rows } = await sql<ReviewItemRow>`
    select * from access_review_items where review_id = ${reviewId}
      ${filter.reviewer !== undefined ? sql`and lower(reviewer) = lower(${filter.reviewer})` : sql``}
      ${filter.decided === undefined ? sql`` : filter.decided ? sql`and decision is not null` : sql`and decision is null`}
    order by lower(user_name), role_key, id limit 10000`.execute(db);
  return rows;
}

export async function findItem(db: Executor, reviewId: string, itemId: string): Promise<ReviewItemRow | undefined> {
  const { rows } = await sql<ReviewItemRow>`select * from access_review_items where id = ${itemId} and review_id = ${reviewId} for update`.execute(db);
  return rows[0];
}

export async function recordDecision(db: Executor, itemId: string, d: { decision: 'keep' | 'revoke'; reason: string | null; decidedBy: string; outcome: ReviewItemRow['outcome']; at: Date }): Promise<ReviewItemRow> {
  const { rows } = await sql<ReviewItemRow>`
    update access_review_items set decision = ${d.decision}, reason = ${d.reason}, decided_by = ${d.decidedBy}, decided_at = ${d.at}, outcome = ${d.outcome}
    where id = ${itemId} returning *`.execute(db);
  return rows[0] as ReviewItemRow;
}

export async function closeReviewRow(db: Executor, id: string, at: Date): Promise<void> {
  await sql`update access_reviews set status = 'closed', closed_at = ${at} where id = ${id}`.execute(db);
}

/** The user under review as the self-review check needs them: id, userName, emails. */
export async function reviewedUser(db: Executor, userId: string): Promise<{ id: string; user_name: string; emails: string[] } | undefined> {
  const { rows } = await sql<{ id: string; user_name: string; emails: string[] }>`select id, user_name, emails from users where id = ${userId}`.execute(db);
  return rows[0];
}
