// The one translation of anything thrown while serving a request into a RosterError.
import { RosterError } from '../errors.ts';
import { mapDatabaseError } from './database-errors.ts';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: unknown;
}

/** Known failures become their RosterError; the unknown become `internal` (and are logged by the caller). */
export function toRosterError(error: unknown): { error: RosterError; unexpected: boolean } {
  const mapped = mapDatabaseError(error);
  if (mapped instanceof RosterError) return { error: mapped, unexpected: false };
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: new RosterError('invalid_syntax', `The body is not valid JSON: ${e.message ?? ''}`.trim(), { hint: 'Send a JSON object' }), unexpected: false };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: new RosterError('payload_too_large', 'The request body is larger than this server accepts'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: new RosterError('unsupported_media_type'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { error: new RosterError('bad_request', 'The Content-Length header does not match the body'), unexpected: false };
  }
  if (e.validation) return { error: new RosterError('invalid_syntax', e.message ?? 'The request is not valid'), unexpected: false };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 404 ? 'not_found' : e.statusCode === 415 ? 'unsupported_media_type' : e.statusCode === 413 ? 'payload_too_large' : 'bad_request';
    return { error: new RosterError(code, e.message), unexpected: false };
  }
  return { error: new RosterError('internal'), unexpected: true };
}
