// Runs hostile requests against every route of one surface (SCIM or admin) and checks each answer.
// Oracle: never a 5xx; every error has the surface's error body; a rejected request changes no data.
import { inspect } from 'node:util';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/store/db.ts';
import { changedTables, dataDigest, writeMark } from '../helpers/data-digest.ts';
import { fillPath, routeKey, type RegisteredRoute } from '../helpers/route-list.ts';
import { bodyFor, headers, hostileString, paramValue, queryString, type AuthSpec, type BodySpec, type HeaderSpec } from './hostile-input.ts';

export interface FuzzSurface {
  name: string;
  app: FastifyInstance;
  db: Db;
  /** The routes to fuzz (full patterns) and the prefix their templates leave out. */
  routes: RegisteredRoute[];
  prefix: string;
  templates: Record<string, unknown>;
  /** Parameters never given a hostile value (the SCIM directory id: other tokens and ids test that route's wall). */
  pinnedParams?: string[];
  /** The value of a route parameter for fixture number `n` (0–3). */
  fixtureParam(name: string, route: RegisteredRoute, n: number): string;
  authorization(spec: AuthSpec): string | undefined;
  /** `$user0` and friends → ids, in request text. */
  substitutions: Record<string, string>;
  /** What is wrong with an error answer's body, or undefined. */
  errorBodyProblem(status: number, body: unknown, contentType: string): string | undefined;
  /** A 5xx this route answers by design (501 for /Me). */
  allowedServerStatus?(route: RegisteredRoute, status: number): boolean;
  /**
   * Waits for the work an accepted request started in the background (a CSV import answers 202 and
   * writes afterwards) so that its writes are not charged to a later rejected request.
   */
  settle?(route: RegisteredRoute, status: number): Promise<void>;
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  rejected: number;
  accepted: number;
  /** Rejected requests checked: by the write mark, and of those by a full digest. */
  writeChecks: number;
  digestChecks: number;
  statuses: Record<number, number>;
  slowestMs: number;
  uncovered: string[];
  failure?: string;
}

interface FuzzInput {
  route: RegisteredRoute;
  params: ({ fixture: number } | { raw: string })[];
  query: string;
  headers: HeaderSpec;
  body: BodySpec;
}

const UNKNOWN_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function inputArbitrary(surface: FuzzSurface): fc.Arbitrary<FuzzInput> {
  // Unknown paths under the prefix reach the not-found handler, which must answer in the surface's format too.
  const unknown = fc.tuple(fc.constantFrom(...UNKNOWN_METHODS), hostileString.filter((s) => s.length < 100)).map(([method, tail]) => ({
    method,
    url: `${surface.prefix}/${tail.replace(/[\uD800-\uDFFF]/g, '?').replace(/[^A-Za-z0-9._~-]/g, (c) => encodeURIComponent(c))}`,
  }));
  // A URL first, then one of its methods: `app.all('/Me')` registers nine methods and would otherwise drown the rest.
  const byUrl = new Map<string, RegisteredRoute[]>();
  for (const r of surface.routes) byUrl.set(r.url, [...(byUrl.get(r.url) ?? []), r]);
  const known = fc.constantFrom(...byUrl.values()).chain((methods) => fc.constantFrom(...methods));
  const route = fc.oneof({ weight: 20, arbitrary: known }, { weight: 1, arbitrary: unknown });
  return route.chain((r) =>
    fc.record({
      route: fc.constant(r),
      params: fc.array(paramValue, { minLength: 3, maxLength: 3 }),
      query: queryString,
      headers,
      body: bodyFor(surface.templates[`${r.method} ${r.url.slice(surface.prefix.length)}`]),
    }),
  );
}

function encodeParam(raw: string): string {
  return encodeURIComponent(raw.replace(/[\uD800-\uDFFF]/g, '?'));
}

function substitute(text: string, subs: Record<string, string>): string {
  return text.replace(/\$(user\d|group\d|org\d|dir\d|otherUser|otherGroup)/g, (m) => subs[m] ?? m);
}

const SLOW_MS = Number(process.env.ROSTER_FUZZ_SLOW_MS ?? 3000);

const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** Runs until `maxRuns` inputs or `timeLimitMs`, whichever first; throws nothing, reports a failure in `failure`. */
export async function runFuzz(surface: FuzzSurface, options: { seed: number; maxRuns: number; timeLimitMs: number; path?: string }): Promise<FuzzReport> {
  const report: FuzzReport = { seed: options.seed, inputs: 0, rejected: 0, accepted: 0, writeChecks: 0, digestChecks: 0, statuses: {}, slowestMs: 0, uncovered: [] };
  const covered = new Set<string>();
  let digest = await dataDigest(surface.db);
  let mark = await writeMark(surface.db);
  // The last accepted requests, named in a "changed" failure: a write that lands after its answer
  // (a promise nobody awaited) shows up on the next rejected request, not on its own.
  const recent: string[] = [];

  /** Sends one input and checks the answer; returns how long it took and what it was, for the slowness check. */
  const judge = async (input: FuzzInput): Promise<{ elapsed: number; where: string }> => {
    const { route } = input;
    let i = 0;
    const path = fillPath(route.url, (name) => {
      const p = input.params[i++ % 3] as FuzzInput['params'][number];
      const fixture = 'fixture' in p || surface.pinnedParams?.includes(name);
      return fixture ? encodeURIComponent(surface.fixtureParam(name, route, 'fixture' in p ? p.fixture : 0)) : encodeParam(substitute(p.raw, surface.substitutions));
    });
    const url = input.query ? `${path}?${substitute(input.query, surface.substitutions)}` : path;
    const auth = surface.authorization(input.headers.auth);
    const sent: Record<string, string> = { ...input.headers.extra };
    if (auth !== undefined) sent.authorization = auth;
    if (input.headers.contentType !== undefined) sent['content-type'] = input.headers.contentType;
    const payload = input.body.kind === 'text' ? substitute(input.body.text, surface.substitutions) : undefined;
    const started = performance.now();
    const res = await surface.app.inject({ method: route.method as 'GET', url, headers: sent, ...(payload !== undefined ? { payload } : {}) });
    const elapsed = performance.now() - started;
    report.inputs++;
    report.slowestMs = Math.max(report.slowestMs, Math.round(elapsed));
    covered.add(routeKey(route));
    report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
    const where = `${route.method} ${short(url, 200)} (auth ${input.headers.auth}, content-type ${input.headers.contentType}) body ${short(payload ?? '(none)')}`;
    if (res.statusCode >= 500 && !surface.allowedServerStatus?.(route, res.statusCode)) {
      throw new Error(`${res.statusCode} for ${where}: ${short(res.body, 500)}`);
    }
    if (({} as Record<string, unknown>).polluted !== undefined) throw new Error(`Object.prototype was polluted by ${where}`);
    if (res.statusCode < 400) {
      report.accepted++;
      recent.push(`${res.statusCode} ${where}`);
      if (recent.length > 3) recent.shift();
      await surface.settle?.(route, res.statusCode);
      // The new state is the reference for the next rejected request; a read that wrote nothing keeps the old one.
      const nextMark = await writeMark(surface.db);
      if (nextMark !== mark) {
        digest = await dataDigest(surface.db);
        mark = await writeMark(surface.db);
      }
      return { elapsed, where };
    }
    report.rejected++;
    if (route.method !== 'HEAD') {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        throw new Error(`${res.statusCode} with a body that is not JSON for ${where}: ${short(res.body)}`);
      }
      const problem = surface.errorBodyProblem(res.statusCode, body, String(res.headers['content-type'] ?? ''));
      if (problem) throw new Error(`${problem} for ${where}: ${short(res.body)}`);
    }
    // No transaction wrote since the last check: nothing can have changed. Otherwise (a rolled-back
    // write, the sync log's buffered flush, a directory's last-request time) compare the data itself.
    const nextMark = await writeMark(surface.db);
    report.writeChecks++;
    if (nextMark === mark) return { elapsed, where };
    const after = await dataDigest(surface.db);
    mark = await writeMark(surface.db);
    report.digestChecks++;
    const changed = changedTables(digest, after);
    if (changed.length > 0) {
      const before = recent.map((r) => `\n  accepted before it: ${r}`).join('');
      throw new Error(`rejected with ${res.statusCode} but changed ${changed.join(', ')}: ${where}: ${short(res.body)}${before}`);
    }
    return { elapsed, where };
  };

  /**
   * An input that holds the event loop past SLOW_MS is a denial of service, whatever its status. It
   * is sent once more before failing: a shared machine can stall one request (a checkpoint, another
   * suite's load), while a quadratic input is slow every time.
   */
  const exercise = async (input: FuzzInput): Promise<void> => {
    const first = await judge(input);
    if (first.elapsed <= SLOW_MS) return;
    const again = await judge(input);
    if (again.elapsed > SLOW_MS) throw new Error(`took ${Math.round(first.elapsed)} ms, then ${Math.round(again.elapsed)} ms, for ${first.where}`);
  };

  // A tour first: every route once with its valid body, so coverage never depends on the draw.
  // Deletions last, on fixture 2, so the draw still finds fixtures 0 and 1 alive.
  const tour = [...surface.routes].sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
  for (const route of tour) {
    const template = surface.templates[`${route.method} ${route.url.slice(surface.prefix.length)}`];
    const input: FuzzInput = {
      route,
      params: [{ fixture: 2 }, { fixture: 2 }, { fixture: 2 }],
      query: '',
      headers: { auth: 'valid', contentType: 'application/json', extra: {} },
      body: template === undefined ? { kind: 'none' } : { kind: 'text', text: JSON.stringify(template) },
    };
    try {
      await exercise(input);
    } catch (error) {
      report.failure = error instanceof Error ? error.message : String(error);
      return report;
    }
  }

  const property = fc.asyncProperty(inputArbitrary(surface), exercise);

  const result = await fc.check(property, {
    seed: options.seed,
    numRuns: options.maxRuns,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
    endOnFailure: true,
    ...(options.path ? { path: options.path } : {}),
  });
  if (result.failed) {
    const error = result.errorInstance instanceof Error ? result.errorInstance.stack ?? result.errorInstance.message : inspect(result.errorInstance);
    report.failure = `${error}\nreplay: ROSTER_FUZZ_SEED=${result.seed} ROSTER_FUZZ_PATH=${result.counterexamplePath ?? ''}`;
  }
  report.uncovered = surface.routes.map(routeKey).filter((k) => !covered.has(k));
  return report;
}
