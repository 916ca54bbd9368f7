// Standard app fields and where each provider sends them, so Okta and Entra need no mapping for the common ones.
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import type { FieldType } from './field-types.ts';

const ENTERPRISE = SCHEMA_URN.enterpriseUser;

export interface StandardField {
  key: string;
  type: FieldType;
  description: string;
  /** The SCIM path most providers send it as. */
  path: string;
  /** Providers that send it elsewhere (or not at all: null). */
  byProvider?: Partial<Record<string, string | null>>;
}

/**
 * Okta's and Entra's default attribute mappings both write the RFC 7643 enterprise extension for
 * department, cost center, division, organization, employee number and manager, `title` for the job
 * title and `addresses[type eq "work"]` for the office's city (Entra's `city`, Okta's `city`);
 * Entra's `employeeType` is not in its default SCIM mapping, Okta's `userType` is: both are read
 * from `userType` when sent. Providers not listed take the same paths (they follow the RFC).
 */
export const STANDARD_FIELDS: readonly StandardField[] = [
  { key: 'department', type: 'string', description: 'Department', path: `${ENTERPRISE}:department` },
  { key: 'jobTitle', type: 'string', description: 'Job title', path: 'title' },
  { key: 'managerId', type: 'string', description: "The manager's id in the identity provider (enterprise manager.value)", path: `${ENTERPRISE}:manager.value` },
  { key: 'costCenter', type: 'string', description: 'Cost center', path: `${ENTERPRISE}:costCenter` },
  { key: 'employeeType', type: 'string', description: 'Employee type (employee, contractor, …)', path: 'userType' },
  { key: 'location', type: 'string', description: "The work address's city", path: 'addresses[type eq "work"].locality' },
  { key: 'country', type: 'string', description: "The work address's country", path: 'addresses[type eq "work"].country' },
  { key: 'division', type: 'string', description: 'Division', path: `${ENTERPRISE}:division` },
  { key: 'organization', type: 'string', description: 'Organization (company name)', path: `${ENTERPRISE}:organization` },
  { key: 'employeeNumber', type: 'string', description: 'Employee number', path: `${ENTERPRISE}:employeeNumber` },
  { key: 'firstName', type: 'string', description: 'Given name', path: 'name.givenName' },
  { key: 'lastName', type: 'string', description: 'Family name', path: 'name.familyName' },
  { key: 'email', type: 'string', description: 'The primary email', path: 'emails.value' },
  { key: 'phone', type: 'string', description: 'Work phone number', path: 'phoneNumbers[type eq "work"].value', byProvider: { google: null } },
  { key: 'locale', type: 'string', description: 'Locale (en-US)', path: 'locale' },
  { key: 'timezone', type: 'string', description: 'Time zone (Europe/Paris)', path: 'timezone' },
  { key: 'preferredLanguage', type: 'string', description: 'Preferred language', path: 'preferredLanguage' },
];

const BY_KEY = new Map(STANDARD_FIELDS.map((f) => [f.key, f]));

export function standardField(key: string): StandardField | undefined {
  return BY_KEY.get(key);
}

/** Where `provider` sends a standard field by default; undefined for the app's own fields. */
export function defaultPath(provider: string, key: string): string | undefined {
  const f = BY_KEY.get(key);
  if (!f) return undefined;
  const own = f.byProvider?.[provider];
  return own === null ? undefined : (own ?? f.path);
}
