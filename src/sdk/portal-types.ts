// SDK types of Admin Portal links (docs/portal.md); mirrors the PortalLink component.
import type { Fields } from './types.ts';

export interface PortalLinkInput {
  /** setup: the portal opens on the identity provider setup; manage: on the directories. */
  intent: 'setup' | 'manage';
  /** Seconds the link may be opened in: 30 to 604800, default 300. */
  expiresIn?: number;
}

/** A single-use link to send to the customer's IT admin; `url` is shown once. */
export interface PortalLink {
  object: 'portal_link';
  id: string;
  organizationId: string;
  intent: 'setup' | 'manage';
  url: string;
  expiresAt: string;
}

export const PORTAL_LINK_FIELDS = { object: true, id: true, organizationId: true, intent: true, url: true, expiresAt: true } satisfies Fields<PortalLink>;
