// SDK types of access reviews (docs/access.md §7); mirror the AccessReview and AccessReviewItem components.
import type { Fields } from './types.ts';

export interface AccessReview {
  id: string;
  organizationId: string;
  name: string;
  /** The roles in scope; null: every role. */
  roleKeys: string[] | null;
  reviewer: { mode: 'admin' | 'manager'; reviewer: string | null; fallback: string };
  status: 'open' | 'closed';
  createdAt: string;
  closesAt: string | null;
  closedAt: string | null;
  counts: { items: number; decided: number; pending: number; kept: number; revoked: number; idpChangeNeeded: number };
}

export const ACCESS_REVIEW_FIELDS = {
  id: true, organizationId: true, name: true, roleKeys: true, reviewer: true, status: true, createdAt: true, closesAt: true, closedAt: true, counts: true,
} satisfies Fields<AccessReview>;

export interface AccessReviewItem {
  id: string;
  reviewId: string;
  user: { id: string; userName: string };
  role: { key: string; name: string };
  grantId: string;
  source: 'grant' | 'rule';
  /** The group a rule-derived grant comes from. */
  groupName: string | null;
  /** The assigned reviewer (the manager's user id in mode manager). */
  reviewer: string;
  decision: 'keep' | 'revoke' | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** idp_change_needed: the grant comes from an IdP group; `task` says which group the user must leave there. */
  outcome: 'kept' | 'revoked' | 'idp_change_needed' | null;
  task: string | null;
}

export const ACCESS_REVIEW_ITEM_FIELDS = {
  id: true, reviewId: true, user: true, role: true, grantId: true, source: true, groupName: true, reviewer: true,
  decision: true, reason: true, decidedBy: true, decidedAt: true, outcome: true, task: true,
} satisfies Fields<AccessReviewItem>;

export interface AccessReviewInput {
  name: string;
  /** Absent or null: every role. */
  roleKeys?: string[] | null;
  reviewer: { mode: 'admin'; reviewer: string; fallback: string } | { mode: 'manager'; fallback: string };
  closesAt?: string | null;
}
