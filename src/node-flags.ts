// The V8 flags Roster's server runs with: `npm start` (package.json) passes them, and so do the
// bench and the tests that start the server as a process, from this list (a test keeps them equal).

/**
 * A young generation of at most 8 MB per semi-space (Node 20's default lets it grow to 16). Under
 * an initial sync's allocation rate V8 grows it to the maximum, and the RSS with it: measured over
 * 30,000-user syncs on PostgreSQL, peaks of 277–314 MB with the default against 250–262 MB with
 * this, for about 2% more CPU per synced user (docs/performance.md). The issue's bound is 300 MB.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
