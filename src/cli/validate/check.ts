// What a conformance check is, what it reports, and how it fails or steps aside.
import type { Exchange } from './scim-client.ts';
import type { CheckContext } from './check-context.ts';

export const IDPS = ['okta', 'entra', 'generic'] as const;
export type Idp = (typeof IDPS)[number];

export type CheckGroup = 'discovery' | 'users' | 'groups' | 'filters' | 'paging' | 'errors' | 'okta' | 'entra';

/** Who relies on a check: both IdPs, one dialect, or only the RFC (run with --idp generic). */
export const EVERY_IDP: readonly Idp[] = IDPS;
export const OKTA: readonly Idp[] = ['okta', 'generic'];
export const ENTRA: readonly Idp[] = ['entra', 'generic'];
export const RFC_ONLY: readonly Idp[] = ['generic'];

export interface Check {
  /** Stable id, `<group>.<name>`, used in reports and by CI scripts. */
  id: string;
  group: CheckGroup;
  title: string;
  idps: readonly Idp[];
  run(ctx: CheckContext): Promise<void>;
}

/** Thrown when the server breaks a rule: the rule, what was wrong, and the exchange that shows it. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    readonly rule: string,
    readonly reason: string,
    readonly exchange?: Exchange,
  ) {
    super(reason);
  }
}

/** Thrown when a check cannot judge: a fixture could not be made, or the server does not advertise the feature. */
export class CheckSkipped extends Error {
  override name = 'CheckSkipped';
}

export interface ReportedRequest {
  method: string;
  url: string;
  body?: unknown;
}

export interface ReportedResponse {
  status: number;
  contentType: string;
  /** The first 1,000 characters of the body. */
  body: string;
  error?: string;
}

export interface CheckResult {
  id: string;
  group: CheckGroup;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  durationMs: number;
  rule?: string;
  reason?: string;
  request?: ReportedRequest;
  response?: ReportedResponse;
}

export interface CleanupReport {
  kept: boolean;
  deleted: number;
  /** Objects the run created and could not delete, with why. */
  left: { resource: 'User' | 'Group'; id: string; reason: string }[];
}

export interface ValidationReport {
  target: string;
  idp: Idp;
  prefix: string;
  startedAt: string;
  durationMs: number;
  requests: number;
  summary: { passed: number; failed: number; skipped: number };
  checks: CheckResult[];
  cleanup: CleanupReport;
}
