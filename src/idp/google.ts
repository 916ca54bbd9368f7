// Google Workspace (auto-provisioning connectors): suspend first, delete up to 21 days later.
import { defineDialect } from './dialect.ts';

/**
 * Google documents no wire format of its own; its connectors build their attribute mapping
 * from Roster's `/Schemas` and send plain RFC: PATCH `active: false` when a user is suspended
 * or unassigned, and a DELETE that can come up to 21 days later (better-auth's Google
 * conformance test, citing Google's provisioning docs). That lifecycle needs no rewriting: the
 * first is a suspension (memberships kept), the second the directory's deprovisioning rule.
 */
export const googleDialect = defineDialect({ provider: 'google' });
