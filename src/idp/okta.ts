// Okta (OIN and App Integration Wizard apps): blanks mean "cleared", group renames echo the id, a user PATCH answers 200, a group PATCH 204.
import { defineDialect, type PatchOperation, type ResourceTypeName } from './dialect.ts';
import { isPlain } from './rules/attribute-keys.ts';
import { blanksClearInBody, blanksClearInPatch } from './rules/blank-clears.ts';

/**
 * Okta's Push Groups sends `{"op":"replace","value":{"id":"<our id>","displayName":"…"}}` with
 * every membership update (OKTA-REF), and its deactivation may echo the id too. `id` is readOnly
 * (RFC 7643 §3.1); it is the resource's own id, so it is dropped here and the core sees only
 * what Okta means to change. A path-less value left empty names nothing and goes too.
 */
export function dropEchoedId(_type: ResourceTypeName, ops: PatchOperation[]): PatchOperation[] {
  return ops.flatMap((op) => {
    if (op.path !== undefined || !isPlain(op.value)) return [op];
    const value = Object.fromEntries(Object.entries(op.value).filter(([key]) => key.toLowerCase() !== 'id'));
    if (Object.keys(value).length === Object.keys(op.value).length) return [op];
    return Object.keys(value).length > 0 ? [{ ...op, value }] : [];
  });
}

/**
 * What Okta sends (OKTA-REF, OKTA-PREP): `GET /Users?filter=userName eq "…"&startIndex=1&count=100`
 * before a create; a create with a random `password`, `groups: []` and `externalId` (the Okta
 * user id); profile updates as a PUT of the whole user (OIN) — "" for an attribute cleared in
 * Okta; deactivation as a path-less `{"active": false}`; groups pushed as `POST {members: []}`
 * then PATCH add / `members[value eq]` remove / full `replace members`. Okta never DELETEs a user.
 * Everything but the blanks and the echoed id is RFC already or handled by the core.
 */
export const oktaDialect = defineDialect({
  provider: 'okta',
  // OKTA-REF: "200 + resource, or 204". A user's resource lets Okta's log show what was stored;
  // a group's would list every member on each push of 100, and Okta "doesn't require the list of
  // users to be returned".
  patchResponse: { User: 'resource', Group: 'no-content' },
  body: [blanksClearInBody],
  patch: [dropEchoedId, blanksClearInPatch],
});
