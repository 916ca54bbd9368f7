// SDK types of roles and grants (docs/access.md); mirror the Role and RoleGrant components.
import type { Fields } from './types.ts';

export interface Role {
  key: string;
  name: string;
  description: string | null;
  billable: boolean;
  createdAt: string;
}

export const ROLE_FIELDS = { key: true, name: true, description: true, billable: true, createdAt: true } satisfies Fields<Role>;

export interface RoleGrant {
  id: string;
  userId: string;
  role: { key: string; name: string };
  reason: string | null;
  grantedAt: string;
  /** Time-bound access ends by itself then. */
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: 'admin' | 'expiry' | null;
}

export const ROLE_GRANT_FIELDS = {
  id: true, userId: true, role: true, reason: true, grantedAt: true, expiresAt: true, revokedAt: true, revokedBy: true,
} satisfies Fields<RoleGrant>;
