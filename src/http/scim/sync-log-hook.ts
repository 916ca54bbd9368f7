// Records every SCIM request in its directory's sync log: hooks of the SCIM plugin, buffered writes (docs/sync-log.md).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode, type RosterError } from '../../errors.ts';
import { bulkFailure } from '../../directory/sync-log/bulk-summary.ts';
import { excerpt, loggedPath, redactBody } from '../../directory/sync-log/redact.ts';
import { startSyncLogRetention } from '../../directory/sync-log/sync-log-retention.ts';
import { requestSubject } from '../../directory/sync-log/sync-log-subject.ts';
import { createSyncLogWriter, type SyncLogWriterOptions } from '../../directory/sync-log/sync-log-writer.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import type { SyncLogInsert } from '../../store/sync-log-repository.ts';
import type { NormalizeWarning } from '../../scim/resource/normalize-resource.ts';
import { scimErrorBody } from './scim-reply.ts';

/** What the sync log keeps of a failure: the error, and the response when it was not rendered from the error. */
export interface SyncLogFailure {
  error: RosterError;
  responseExcerpt?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The failure this request answered with, kept for the sync log (set by the SCIM error handlers). */
    syncLogFailure: SyncLogFailure | null;
    /** Attributes a lenient directory ignored in this request's body, or mapped fields left out, for its sync-log entry. */
    syncLogWarnings: SyncLogWarning[] | null;
  }
}

export interface SyncLogOptions {
  db: Db;
  writer?: SyncLogWriterOptions;
  /** How often the retention purge runs; tests call purgeExpiredSyncLog directly. */
  retentionIntervalMs?: number;
  /** Told how to read the writer's buffer and losses (/metrics). */
  watch?: (stats: () => { buffered: number; dropped: number }) => void;
}

/** A warning on a successful request; `hint` says what to do when the default one (unknown attributes) does not fit. */
export type SyncLogWarning = NormalizeWarning & { hint?: string };

// Enough to name what an IdP keeps sending; a Bulk request of 1,000 noisy bodies needs no more.
const MAX_WARNINGS = 20;

/** Remembers attributes a write ignored (lenient mode), so its sync-log entry names them. */
export function noteSyncLogWarnings(request: FastifyRequest, warnings: SyncLogWarning[]): void {
  const kept = request.syncLogWarnings ?? [];
  for (const w of warnings) if (kept.length < MAX_WARNINGS && !kept.some((k) => k.attribute === w.attribute)) kept.push(w);
  request.syncLogWarnings = kept;
}

/** What a successful request's entry says about ignored attributes: the first by name, all in the message. */
function warningSummary(warnings: SyncLogWarning[]): { attribute: string; message: string; hint: string } {
  const names = warnings.map((w) => w.attribute);
  const first = warnings[0];
  if (first?.hint !== undefined) return { attribute: first.attribute, message: warnings.map((w) => w.message).join('; '), hint: first.hint };
  return {
    attribute: names[0] ?? '',
    message: warnings.length === 1 ? (warnings[0]?.message ?? '') : `${warnings.length} attributes are not defined here and were ignored: ${names.join(', ')}`,
    hint: "Nothing is lost that Roster knows; to keep these values, declare them as a custom schema, or map them in the IdP to standard attributes. Set the directory's attributeMode to strict to refuse them instead",
  };
}

/**
 * A written user whose mapped fields were left out (a value of the wrong type) or are missing
 * (required): the request's entry names the user, the attribute and what to do (docs/mapping.md).
 */
export function noteFieldProblems(request: FastifyRequest, row: unknown): void {
  const problems = (row as { fieldProblems?: { field: string; path: string | null; kind: string; message: string }[] }).fieldProblems;
  const userName = (row as { user_name?: unknown }).user_name;
  if (!problems || problems.length === 0) return;
  const provider = request.scim.ctx.providerLabel;
  noteSyncLogWarnings(
    request,
    problems.map((p) => ({
      attribute: p.path ?? p.field,
      message: `User ${String(userName)}: ${p.message}${p.kind === 'invalid_value' ? '; the field was left out' : ''}`,
      hint: `Fix the value in ${provider}, or change the source of "${p.field}" in the portal's Mapping tab (PUT /api/v1/directories/:id/mapping) or the field's type`,
    })),
  );
}

/** Remembers the error a SCIM request is answered with; the onResponse hook writes it. */
export function noteSyncLogError(request: FastifyRequest, error: RosterError): void {
  request.syncLogFailure = { error };
}

/**
 * Bulk answers 200 around failed operations, so its failures never reach the error handler: an
 * onSend hook on that one route reads them from the response. Other routes pay nothing for it.
 */
function watchBulkRoute(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url?.endsWith('/Bulk') || route.method !== 'POST') return;
    const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode === 200 && typeof payload === 'string') {
        const error = bulkFailure(payload);
        if (error) request.syncLogFailure = { error, responseExcerpt: excerpt(payload) };
      }
      return payload;
    };
    const existing = route.onSend;
    route.onSend = existing === undefined ? [onSend] : Array.isArray(existing) ? [...existing, onSend] : [existing, onSend];
  });
}

// Without a valid token anyone can send requests naming a real directory: record at most this many
// 401s per directory per second, enough to see an attack or a stale token, too few to flood the log.
const UNAUTHENTICATED_PER_SECOND = 10;

function unauthenticatedBudget() {
  const windows = new Map<string, { second: number; count: number }>();
  return (directoryId: string): boolean => {
    const second = Math.floor(Date.now() / 1000);
    if (windows.size > 10_000) windows.clear();
    const w = windows.get(directoryId);
    if (!w || w.second !== second) {
      windows.set(directoryId, { second, count: 1 });
      return true;
    }
    return ++w.count <= UNAUTHENTICATED_PER_SECOND;
  };
}

/** The registry's entry for a status, for the rare failure that bypassed the error handlers. */
function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(ERROR_CODES) as ErrorCode[]).find((code) => ERROR_CODES[code].status === status);
  return found ?? (status >= 500 ? 'internal' : 'bad_request');
}

function describeRequest(request: FastifyRequest, reply: FastifyReply, admit401: (id: string) => boolean): SyncLogInsert | undefined {
  const params = (request.params ?? {}) as { directoryId?: string; id?: string };
  // Authenticated: the token's directory. Refused (401, 429): the URL's, if it is one; the INSERT drops ids that name no directory.
  const directoryId = request.scim?.ctx.directoryId ?? (params.directoryId && isUuid(params.directoryId) ? params.directoryId.toLowerCase() : undefined);
  if (!directoryId) return undefined;
  const status = reply.statusCode;
  if (status === 401 && !admit401(directoryId)) return undefined;
  const elapsed = reply.elapsedTime;
  const failure = request.syncLogFailure;
  const error = failure?.error ?? null;
  // A failure is a status of 400 or more, or a 200 around failed Bulk operations.
  const code = error?.code ?? (status >= 400 ? codeForStatus(status) : null);
  const warned = !code && request.syncLogWarnings ? warningSummary(request.syncLogWarnings) : undefined;
  const query = request.query as { filter?: unknown } | undefined;
  const location = reply.getHeader('location');
  const resource = requestSubject({
    route: request.routeOptions.url,
    urlId: params.id,
    location: typeof location === 'string' ? location : undefined,
    body: request.body,
    filter: typeof query?.filter === 'string' ? query.filter : undefined,
    error,
  });
  return {
    id: newId(),
    directory_id: directoryId,
    at: new Date(Date.now() - elapsed).toISOString(),
    method: request.method,
    path: loggedPath(request.url, `/scim/v2/${params.directoryId ?? ''}`),
    status,
    duration_ms: Math.round(elapsed),
    resource_type: resource.type,
    resource_id: resource.id,
    user_name: resource.userName,
    error_code: code,
    attribute: error?.details.attribute ?? warned?.attribute ?? null,
    message: code ? (error?.message ?? ERROR_CODES[code].message) : (warned?.message ?? null),
    hint: error?.details.hint ?? warned?.hint ?? null,
    // An unauthenticated sender's body is not the directory's business and is not kept.
    request_body: status === 401 ? null : redactBody(request.body),
    response_excerpt: failure ? (failure.responseExcerpt ?? excerpt(JSON.stringify(scimErrorBody(failure.error)))) : null,
  };
}

/**
 * Adds the sync log to the SCIM plugin: an onResponse hook (after the answer is sent, so it adds
 * nothing to the IdP's wait) that queues one entry per request, the retention job, and a final
 * flush on app.close().
 */
export function registerSyncLog(app: FastifyInstance, opts: SyncLogOptions): void {
  app.decorateRequest('syncLogFailure', null);
  app.decorateRequest('syncLogWarnings', null);
  watchBulkRoute(app);
  const writer = createSyncLogWriter(opts.db, app.log, opts.writer);
  opts.watch?.(() => writer.stats());
  const admit401 = unauthenticatedBudget();
  app.addHook('onResponse', async (request, reply) => {
    try {
      const entry = describeRequest(request, reply, admit401);
      if (entry) writer.record(entry);
    } catch (err) {
      request.log.warn({ err }, 'sync log: could not describe the request');
    }
  });
  let stopRetention: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopRetention = startSyncLogRetention(opts.db, app.log, opts.retentionIntervalMs);
  });
  app.addHook('onClose', async () => {
    await stopRetention?.();
    await writer.close();
  });
}
