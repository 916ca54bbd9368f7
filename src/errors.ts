// The one registry of Roster's error codes: HTTP status, SCIM scimType and default message.
// Domain and protocol code throw RosterError; the SCIM plugin and the admin API render it.

/** RFC 7644 §3.12 scimType values, and RFC 9865 §2.2's invalidCursor. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor';

interface ErrorSpec {
  status: number;
  scimType?: ScimType;
  message: string;
}

/** Every error code Roster can answer with; docs/errors.md documents each one. */
export const ERROR_CODES = {
  invalid_filter: { status: 400, scimType: 'invalidFilter', message: 'The filter is not valid.' },
  too_many: { status: 400, scimType: 'tooMany', message: 'The request would return too many results.' },
  uniqueness: { status: 409, scimType: 'uniqueness', message: 'A value that must be unique is already in use.' },
  mutability: { status: 400, scimType: 'mutability', message: 'The attribute cannot be modified.' },
  invalid_syntax: { status: 400, scimType: 'invalidSyntax', message: 'The request body is not valid.' },
  invalid_path: { status: 400, scimType: 'invalidPath', message: 'The attribute path is not valid.' },
  no_target: { status: 400, scimType: 'noTarget', message: 'The path did not match any value.' },
  invalid_value: { status: 400, scimType: 'invalidValue', message: 'A value is missing or not valid.' },
  invalid_cursor: { status: 400, scimType: 'invalidCursor', message: 'The cursor is not valid.' },
  invalid_version: { status: 400, scimType: 'invalidVers', message: 'The SCIM version is not supported.' },
  sensitive: { status: 403, scimType: 'sensitive', message: 'The request cannot be completed because of sensitive data in the URI.' },
  bad_request: { status: 400, message: 'The request is not valid.' },
  unauthorized: { status: 401, message: 'Authentication is required: send a valid bearer token.' },
  forbidden: { status: 403, message: 'This credential may not do that.' },
  not_found: { status: 404, message: 'The resource was not found.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed on this endpoint.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  precondition_failed: { status: 412, scimType: undefined, message: 'The resource version does not match If-Match.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send application/scim+json or application/json.' },
  rate_limited: { status: 429, message: 'Too many requests for this directory; retry after the given time.' },
  internal: { status: 500, message: 'An unexpected error occurred.' },
  not_implemented: { status: 501, message: 'This endpoint is not implemented.' },
  unavailable: { status: 503, message: 'The service is temporarily unavailable; retry shortly.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Details an admin can act on: the attribute, the object, what to do next. */
export interface ErrorDetails {
  /** The attribute path the error is about, as the client wrote it. */
  attribute?: string;
  /** The id of the user or group the error concerns (an existing one for a conflict). */
  resourceId?: string;
  /** What the admin should do next, in plain words. */
  hint?: string;
  /** Seconds to wait before retrying (429, 503). */
  retryAfter?: number;
  /** Character offset in a filter or path where parsing failed. */
  position?: number;
}

/** The one error class: a code from the registry, a specific message, and actionable details. */
export class RosterError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}) {
    const spec: ErrorSpec = ERROR_CODES[code];
    super(message ?? spec.message);
    this.name = 'RosterError';
    this.code = code;
    this.status = spec.status;
    this.scimType = spec.scimType;
    this.details = details;
  }
}

export function isRosterError(error: unknown): error is RosterError {
  return error instanceof RosterError;
}
