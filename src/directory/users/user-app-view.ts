// The user as the app sees it, in events and the read API: normalised fields beside the SCIM attributes.
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { UserRow } from '../../store/database.ts';

export interface AppEmail {
  value: string;
  type: string | null;
  primary: boolean;
}

/** The documented shape of `data.user` in user events and of /api/v1/directories/:id/users. */
export interface AppUser {
  object: 'user';
  id: string;
  directoryId: string;
  organizationId: string;
  externalId: string | null;
  userName: string;
  /** The primary email, else the first one. */
  email: string | null;
  emails: AppEmail[];
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  title: string | null;
  department: string | null;
  employeeNumber: string | null;
  managerId: string | null;
  active: boolean;
  /** active, suspended, deprovisioned (see docs/lifecycle.md). */
  state: string;
  /** Monotonic per user: apply an event only if its version is newer than what you hold. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The SCIM attributes as stored (canonical names; no password, no meta). */
  attributes: Record<string, unknown>;
  /** The app's fields, typed, computed by the directory's attribute mapping (docs/mapping.md); a field without a value is absent. */
  fields: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function appUser(row: UserRow, organizationId: string): AppUser {
  const attributes = row.resource as Record<string, unknown>;
  const name = (attributes.name ?? {}) as Record<string, unknown>;
  const enterprise = (attributes[SCHEMA_URN.enterpriseUser] ?? {}) as Record<string, unknown>;
  const rawEmails = Array.isArray(attributes.emails) ? (attributes.emails as Record<string, unknown>[]) : [];
  const emails: AppEmail[] = rawEmails
    .filter((e) => typeof e.value === 'string')
    .map((e) => ({ value: e.value as string, type: str(e.type), primary: e.primary === true }));
  const manager = (enterprise.manager ?? {}) as Record<string, unknown>;
  return {
    object: 'user',
    id: row.id,
    directoryId: row.directory_id,
    organizationId,
    externalId: row.external_id,
    userName: row.user_name,
    email: (emails.find((e) => e.primary) ?? emails[0])?.value ?? null,
    emails,
    firstName: str(name.givenName),
    lastName: str(name.familyName),
    displayName: row.display_name,
    title: str(attributes.title),
    department: str(enterprise.department),
    employeeNumber: str(enterprise.employeeNumber),
    managerId: str(manager.value),
    active: row.active,
    state: row.state,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    attributes,
    fields: (row.fields ?? {}) as Record<string, unknown>,
  };
}
