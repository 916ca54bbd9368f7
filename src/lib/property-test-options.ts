// Sizing for property tests: one seed per test process, printed so a failure can be replayed.
// Read here rather than in config.ts: this is test support, never loaded by the server.

const seedText = process.env.ROSTER_PROPERTY_SEED;
const scaleText = process.env.ROSTER_PROPERTY_SCALE;

/** The seed of every property in this process; `ROSTER_PROPERTY_SEED=<n>` replays a printed one. */
export const PROPERTY_SEED = seedText !== undefined && /^-?\d+$/.test(seedText) ? Number(seedText) : Math.floor(Math.random() * 2 ** 31);

/** `ROSTER_PROPERTY_SCALE=0.1` for a quick run, `10` for a soak; 1 by default. */
const SCALE = scaleText !== undefined && Number(scaleText) > 0 ? Number(scaleText) : 1;

let announced = false;
let total = 0;

/**
 * fast-check options for one property: the shared seed and the run count scaled. The seed and a
 * running total of generated inputs are printed as test diagnostics (`# property …`).
 */
export function propertyOptions(numRuns: number, name: string): { numRuns: number; seed: number } {
  const runs = Math.max(1, Math.round(numRuns * SCALE));
  total += runs;
  if (!announced) {
    announced = true;
    console.log(`# property seed=${PROPERTY_SEED} (replay: ROSTER_PROPERTY_SEED=${PROPERTY_SEED}; size: ROSTER_PROPERTY_SCALE)`);
  }
  console.log(`# property ${name}: ${runs} inputs (${total} in this file so far)`);
  return { numRuns: runs, seed: PROPERTY_SEED };
}
