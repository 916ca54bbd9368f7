// The generic dialect: plain RFC 7643/7644, for any SCIM 2.0 client Roster has no profile for.
import { defineDialect } from './dialect.ts';

/**
 * No rules: what a generic client sends reaches the protocol core as sent, and the core's own
 * leniency (any-case `op`, "True"/"False", path-less values with dotted and URN keys, unquoted
 * filter values, a manager given as a bare id) is all it gets. In particular "" stays "": a
 * client that is not known to mean "cleared" by it keeps the empty string it wrote.
 */
export const genericDialect = defineDialect({ provider: 'generic' });
