// Which user or group a SCIM request was about: from the URL id, the created id, the error, or the body.
import type { RosterError } from '../../errors.ts';
import { isUuid } from '../../lib/ids.ts';

export interface RequestFacts {
  /** The route pattern, e.g. `/scim/v2/:directoryId/Users/:id`; undefined for an unknown endpoint. */
  route: string | undefined;
  /** The `:id` of the URL. */
  urlId: string | undefined;
  /** The Location header of a 201. */
  location: string | undefined;
  body: unknown;
  /** The `filter` query parameter. */
  filter: string | undefined;
  error: RosterError | null;
}

export interface Subject {
  type: 'User' | 'Group' | null;
  id: string | null;
  userName: string | null;
}

// The lookup every IdP makes before a create: `userName eq "a@b.com"` (Okta, Entra, OneLogin, …).
const USER_NAME_FILTER = /^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function userNameFromFilter(filter: unknown): string | null {
  if (typeof filter !== 'string') return null;
  const m = USER_NAME_FILTER.exec(filter);
  if (!m) return null;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return null;
  }
}

/** userName from a create/replace body, a PatchOp that sets it, or a lookup filter. */
function userNameOf(facts: RequestFacts): string | null {
  const body = record(facts.body);
  if (typeof body?.userName === 'string') return body.userName;
  if (Array.isArray(body?.Operations)) {
    for (const op of body.Operations as unknown[]) {
      const o = record(op);
      if (!o) continue;
      if (typeof o.path === 'string' && o.path.toLowerCase() === 'username' && typeof o.value === 'string') return o.value;
      const value = record(o.value);
      if (o.path === undefined && typeof value?.userName === 'string') return value.userName;
    }
  }
  return userNameFromFilter(facts.filter ?? body?.filter);
}

function idOf(facts: RequestFacts): string | null {
  if (facts.urlId && isUuid(facts.urlId)) return facts.urlId.toLowerCase();
  const created = facts.location?.split('/').pop();
  if (created && isUuid(created)) return created.toLowerCase();
  // A duplicate on create names the user or group that already holds the value: that is the one to look at.
  const holder = facts.error?.code === 'uniqueness' ? facts.error.details.resourceId : undefined;
  return holder && isUuid(holder) ? holder.toLowerCase() : null;
}

/** The subject of a request; Bulk, discovery and unknown endpoints have none. */
export function requestSubject(facts: RequestFacts): Subject {
  const match = /\/(Users|Groups)(?:\/|$)/.exec(facts.route ?? '');
  if (!match) return { type: null, id: null, userName: null };
  const type = match[1] === 'Users' ? 'User' : 'Group';
  return { type, id: idOf(facts), userName: type === 'User' ? userNameOf(facts) : null };
}
