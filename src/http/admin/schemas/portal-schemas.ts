// Admin API schemas of Admin Portal links and sessions (portal-link-routes.ts).
import { MAX_LINK_SECONDS, MIN_LINK_SECONDS, PORTAL_INTENTS } from '../../../directory/portal/portal-links.ts';
import { listOf, nullableTimestamp, timestamp, uuid } from './common-schemas.ts';

export const PortalLinkCreate = {
  $id: 'PortalLinkCreate',
  type: 'object',
  required: ['intent'],
  additionalProperties: false,
  properties: {
    intent: { type: 'string', enum: PORTAL_INTENTS, description: 'setup: the portal opens on the IdP setup guide; manage: on the directory overview.' },
    expiresIn: { type: 'integer', minimum: MIN_LINK_SECONDS, maximum: MAX_LINK_SECONDS, default: 300, description: 'Seconds the link may be opened in (default 300).' },
  },
} as const;

export const PortalLink = {
  $id: 'PortalLink',
  description: 'A single-use link to the Admin Portal for one organization; send `url` to the customer. Shown once.',
  type: 'object',
  required: ['object', 'id', 'organizationId', 'intent', 'url', 'expiresAt'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', const: 'portal_link' },
    id: uuid,
    organizationId: uuid,
    intent: { type: 'string', enum: PORTAL_INTENTS },
    url: { type: 'string', description: 'Opens the portal once, before expiresAt; then a session cookie takes over.' },
    expiresAt: timestamp,
  },
} as const;

const sessionProperties = {
  object: { type: 'string', const: 'portal_session' },
  id: uuid,
  organizationId: uuid,
  intent: { type: 'string', enum: PORTAL_INTENTS },
  createdAt: timestamp,
  expiresAt: timestamp,
  revokedAt: nullableTimestamp,
  active: { type: 'boolean', description: 'Neither expired nor revoked.' },
} as const;

export const PortalSession = {
  $id: 'PortalSession',
  description: 'A browser session opened by a portal link (the audit log names it as the actor of its changes).',
  type: 'object',
  required: Object.keys(sessionProperties) as (keyof typeof sessionProperties)[],
  additionalProperties: false,
  properties: sessionProperties,
} as const;

export const PortalSessionList = listOf('PortalSessionList', 'PortalSession', "A page of an organization's portal sessions, newest first.");

export const PortalWhoAmI = {
  $id: 'PortalWhoAmI',
  description: 'The portal session making the request and its organization.',
  type: 'object',
  required: ['object', 'id', 'intent', 'expiresAt', 'organization'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', const: 'portal_session' },
    id: uuid,
    intent: { type: 'string', enum: PORTAL_INTENTS },
    expiresAt: timestamp,
    organization: {
      type: 'object',
      required: ['id', 'name'],
      additionalProperties: false,
      properties: { id: uuid, name: { type: 'string' } },
    },
  },
} as const;

export const UserEventList = {
  $id: 'UserEventList',
  description: "A page of one user's events, newest first; nextCursor is the sequence to read before.",
  type: 'object',
  required: ['data', 'nextCursor'],
  additionalProperties: false,
  properties: {
    data: { type: 'array', items: { $ref: 'Event#' } },
    nextCursor: { type: ['string', 'null'] },
  },
} as const;
