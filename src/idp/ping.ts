// Ping Identity (PingFederate SCIM Provisioner, PingOne propagation): groups by PUT, all RFC.
import { defineDialect } from './dialect.ts';

/**
 * Ping sends plain RFC, so its dialect has no rules; it is named so a directory says what it
 * is connected to, and so a rule has a home the day Ping needs one. What stands out is the
 * shape of its traffic, which Roster handles in the core and the directory: unless "Use PATCH
 * for group updates" is on (PingFederate SCIM connector ≥ 1.4), every group change is a PUT
 * carrying the whole member list, which replaces the stored list (RFC 7644 §3.5.1); Roster
 * applies it as a difference, so only the members that came or went get events. The unique
 * user identifier and the filter expression are the admin's choice, so lookups may use any
 * attribute with `eq`, `and` and `or`. The remove action is configurable: "Disable" sends
 * `active: false` (suspended), "Delete" sends DELETE (the directory's deprovisioning rule).
 */
export const pingDialect = defineDialect({ provider: 'ping' });
