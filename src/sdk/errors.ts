// Typed errors of the SDK: each HTTP status of the admin API becomes a class the app can catch.
import type { Fields } from './types.ts';

/** The admin API's error body: `{ error: { code, message, attribute?, resourceId?, hint? } }`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  attribute?: string;
  resourceId?: string;
  hint?: string;
}

/** Checked by tsc against ApiErrorBody; test/openapi.test.ts compares it with the document's Error. */
export const API_ERROR_BODY_FIELDS = { code: true, message: true, attribute: true, resourceId: true, hint: true } satisfies Fields<ApiErrorBody>;

/** Any error answered by Roster; `code` is from docs/errors.md, `status` the HTTP status. */
export class RosterApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly attribute: string | undefined;
  readonly resourceId: string | undefined;
  readonly hint: string | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'RosterApiError';
    this.status = status;
    this.code = body.code;
    this.attribute = body.attribute;
    this.resourceId = body.resourceId;
    this.hint = body.hint;
  }
}

/** 400: a parameter or body is not valid (`attribute` says which). */
export class ValidationError extends RosterApiError {
  override name = 'ValidationError';
}

/** 401: the admin API key is missing or wrong. */
export class AuthenticationError extends RosterApiError {
  override name = 'AuthenticationError';
}

/** 403: the key may not do this. */
export class PermissionError extends RosterApiError {
  override name = 'PermissionError';
}

/** 404: no such organization, directory, user, group or endpoint. */
export class NotFoundError extends RosterApiError {
  override name = 'NotFoundError';
}

/** 409: the request conflicts with the current state (a duplicate, a pending rotation…). */
export class ConflictError extends RosterApiError {
  override name = 'ConflictError';
}

/** 429 (and 503): slow down; retry after `retryAfter` seconds. */
export class RateLimitError extends RosterApiError {
  override name = 'RateLimitError';
  readonly retryAfter: number | undefined;

  constructor(status: number, body: ApiErrorBody, retryAfter: number | undefined) {
    super(status, body);
    this.retryAfter = retryAfter;
  }
}

/** Roster could not be reached, or the connection broke mid-answer. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  readonly code = 'connection_failed';
  readonly status = 0;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A webhook whose signature is missing, wrong or too old: do not trust its body. */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
  readonly code = 'invalid_signature';
  readonly status = 401;
}

/** The class for a status; unknown 4xx/5xx stay RosterApiError. */
export function errorFor(status: number, body: ApiErrorBody, retryAfter: number | undefined): RosterApiError {
  if (status === 429 || status === 503) return new RateLimitError(status, body, retryAfter);
  if (status === 400 || status === 413 || status === 415 || status === 422) return new ValidationError(status, body);
  if (status === 401) return new AuthenticationError(status, body);
  if (status === 403) return new PermissionError(status, body);
  if (status === 404) return new NotFoundError(status, body);
  if (status === 409 || status === 412) return new ConflictError(status, body);
  return new RosterApiError(status, body);
}
