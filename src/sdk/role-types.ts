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
  revokedBy: 'admin' | 'expiry' | 'rule' | null;
  /** grant: given through the API; rule: from a rule (ruleId), kept in step with memberships and attributes. */
  source: 'grant' | 'rule';
  ruleId: string | null;
}

export const ROLE_GRANT_FIELDS = {
  id: true, userId: true, role: true, reason: true, grantedAt: true, expiresAt: true, revokedAt: true, revokedBy: true, source: true, ruleId: true,
} satisfies Fields<RoleGrant>;

export interface RoleRule {
  id: string;
  roleKey: string;
  roleName: string;
  /** everyone: a default role, held by every current user of the organization; attribute: users matching `filter`. */
  kind: 'group' | 'everyone' | 'attribute';
  groupId: string | null;
  groupName: string | null;
  directoryId: string | null;
  includeNested: boolean;
  /** Attribute rules: the SCIM filter over User, as written. */
  filter: string | null;
  priority: number;
  createdAt: string;
  /** Users holding the role through this rule now. */
  users: number;
}

export const ROLE_RULE_FIELDS = {
  id: true, roleKey: true, roleName: true, kind: true, groupId: true, groupName: true, directoryId: true, includeNested: true, filter: true, priority: true, createdAt: true, users: true,
} satisfies Fields<RoleRule>;

export interface RoleRulePreview {
  groupId: string | null;
  groupName: string | null;
  includeNested: boolean;
  filter: string | null;
  users: number;
  sample: { id: string; userName: string }[];
}

export const ROLE_RULE_PREVIEW_FIELDS = { groupId: true, groupName: true, includeNested: true, filter: true, users: true, sample: true } satisfies Fields<RoleRulePreview>;
