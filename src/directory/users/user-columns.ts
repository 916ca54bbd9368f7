// Derives the indexed columns of a user row from its canonical SCIM resource.
import { isDeepStrictEqual } from 'node:util';
import type { UserColumns } from '../../store/user-repository.ts';

interface EmailLike {
  value?: unknown;
}

/** Lifecycle states (docs/lifecycle.md). `active`/`suspended` follow the `active` attribute; the others hold. */
export type UserState = 'active' | 'suspended' | 'deprovisioned' | 'held' | 'refused';

/** States whose users the app knows about, and so whose changes are events. */
export const APP_VISIBLE_STATES: ReadonlySet<string> = new Set(['active', 'suspended']);

/**
 * What is stored: the resource without computed or secret attributes, and its column mirrors.
 * `base` is the state the user is in or enters; `active`/`suspended` are then decided by `active`.
 */
export function userColumns(resource: Record<string, unknown>, base: UserState): UserColumns {
  const { password: _password, groups: _groups, id: _id, meta: _meta, ...stored } = resource;
  const emails = Array.isArray(stored.emails) ? (stored.emails as EmailLike[]) : [];
  const active = stored.active !== false;
  return {
    user_name: String(stored.userName),
    external_id: typeof stored.externalId === 'string' ? stored.externalId : null,
    emails: [...new Set(emails.map((e) => (typeof e.value === 'string' ? e.value.toLowerCase() : '')).filter(Boolean))],
    display_name: typeof stored.displayName === 'string' ? stored.displayName : null,
    active,
    state: base === 'active' || base === 'suspended' ? (active ? 'active' : 'suspended') : base,
    resource: { ...stored, active },
  };
}

/** Top-level attributes whose values differ, with their previous values (for user.updated). */
export function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'schemas') continue;
    // jsonb reorders keys, so compare structurally, not as text.
    if (!isDeepStrictEqual(before[key], after[key])) changes[key] = before[key] ?? null;
  }
  return changes;
}
