// Admin API schemas of access reviews (src/access/access-review-service.ts).
import { listOf, nullableString, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

const count = { type: 'integer', minimum: 0 } as const;

export const AccessReview = {
  $id: 'AccessReview',
  description: 'A campaign: the open grants in scope at its creation, each to be kept or revoked by its reviewer.',
  type: 'object',
  required: ['id', 'organizationId', 'name', 'roleKeys', 'reviewer', 'status', 'createdAt', 'closesAt', 'closedAt', 'counts'],
  additionalProperties: false,
  properties: {
    id: uuid,
    organizationId: uuid,
    name: { type: 'string' },
    roleKeys: { type: ['array', 'null'], items: { type: 'string' }, description: 'The roles in scope; null: every role.' },
    reviewer: {
      type: 'object',
      required: ['mode', 'reviewer', 'fallback'],
      additionalProperties: false,
      properties: {
        mode: { type: 'string', enum: ['admin', 'manager'], description: "admin: one named reviewer; manager: each user's manager (enterprise extension manager.value)." },
        reviewer: { ...nullableString, description: 'The named reviewer (mode admin).' },
        fallback: { type: 'string', description: 'Decides items without a manager, and items whose reviewer is the user under review.' },
      },
    },
    status: { type: 'string', enum: ['open', 'closed'] },
    createdAt: timestamp,
    closesAt: { ...nullableTimestamp, description: 'No decision is taken after it.' },
    closedAt: nullableTimestamp,
    counts: {
      type: 'object',
      required: ['items', 'decided', 'pending', 'kept', 'revoked', 'idpChangeNeeded'],
      additionalProperties: false,
      properties: { items: count, decided: count, pending: count, kept: count, revoked: count, idpChangeNeeded: count },
    },
  },
} as const;

export const AccessReviewList = listOf('AccessReviewList', 'AccessReview', "The organization's access reviews, newest first (nextCursor is always null).");

export const AccessReviewCreate = {
  $id: 'AccessReviewCreate',
  type: 'object',
  required: ['name', 'reviewer'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 200 },
    roleKeys: { type: ['array', 'null'], items: { type: 'string', maxLength: 64 }, maxItems: 100, description: 'Absent or null: every role.' },
    reviewer: {
      type: 'object',
      required: ['mode', 'fallback'],
      additionalProperties: false,
      properties: {
        mode: { type: 'string', enum: ['admin', 'manager'] },
        reviewer: { type: 'string', maxLength: 320, description: 'Required with mode admin: who reviews (such as an email).' },
        fallback: { type: 'string', maxLength: 320 },
      },
    },
    closesAt: { type: ['string', 'null'], maxLength: 40, description: 'ISO 8601, in the future: decisions stop then.' },
  },
} as const;

export const AccessReviewItem = {
  $id: 'AccessReviewItem',
  description: 'One grant under review and its decision.',
  type: 'object',
  required: ['id', 'reviewId', 'user', 'role', 'grantId', 'source', 'groupName', 'reviewer', 'decision', 'reason', 'decidedBy', 'decidedAt', 'outcome', 'task'],
  additionalProperties: false,
  properties: {
    id: uuid,
    reviewId: uuid,
    user: { type: 'object', required: ['id', 'userName'], additionalProperties: false, properties: { id: uuid, userName: { type: 'string' } } },
    role: { type: 'object', required: ['key', 'name'], additionalProperties: false, properties: { key: { type: 'string' }, name: { type: 'string' } } },
    grantId: uuid,
    source: { type: 'string', enum: ['grant', 'rule'] },
    groupName: { ...nullableString, description: 'The group a rule-derived grant comes from.' },
    reviewer: { type: 'string', description: "The assigned reviewer (the manager's user id in mode manager)." },
    decision: { type: ['string', 'null'], enum: ['keep', 'revoke', null] },
    reason: nullableString,
    decidedBy: nullableString,
    decidedAt: nullableTimestamp,
    outcome: {
      type: ['string', 'null'],
      enum: ['kept', 'revoked', 'idp_change_needed', null],
      description: 'idp_change_needed: the grant comes from an IdP group; the user must leave it there (see task).',
    },
    task: { ...nullableString, description: 'What to do in the IdP when the outcome is idp_change_needed.' },
  },
} as const;

export const AccessReviewItemList = listOf('AccessReviewItemList', 'AccessReviewItem', 'Items by userName and role (nextCursor is always null).');

export const AccessReviewDecision = {
  $id: 'AccessReviewDecision',
  type: 'object',
  required: ['decision', 'reviewer'],
  additionalProperties: false,
  properties: {
    decision: { type: 'string', enum: ['keep', 'revoke'] },
    reason: { type: ['string', 'null'], maxLength: 2000, description: 'Required for revoke.' },
    reviewer: { type: 'string', maxLength: 320, description: "Who decides: the item's reviewer or the fallback, never the user under review." },
  },
} as const;

export const AccessReviewItemQuery = {
  type: 'object',
  properties: {
    reviewer: { type: 'string', description: "Only this reviewer's items." },
    decided: { type: 'string', enum: ['true', 'false'], description: 'Only decided (true) or pending (false) items.' },
  },
} as const;
