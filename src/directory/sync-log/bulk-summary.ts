// A Bulk request answers 200 even when operations inside it failed (RFC 7644 §3.7): this finds them for the sync log.
import { ERROR_CODES, RosterError, type ErrorCode } from '../../errors.ts';

interface BulkResult {
  method?: unknown;
  bulkId?: unknown;
  location?: unknown;
  status?: unknown;
  response?: { scimType?: unknown; detail?: unknown };
}

/** The registry code a failed operation's status and scimType came from (`409`+`uniqueness` → uniqueness). */
function codeOf(status: number, scimType: unknown): ErrorCode {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  const spec = (c: ErrorCode): { status: number; scimType?: string } => ERROR_CODES[c];
  return codes.find((c) => spec(c).status === status && spec(c).scimType === scimType) ?? codes.find((c) => spec(c).status === status) ?? 'bad_request';
}

/**
 * The failure a Bulk response holds, as one error naming how many operations failed and the first
 * of them with its detail; undefined when every operation succeeded or the payload is not a BulkResponse.
 */
export function bulkFailure(payload: string): RosterError | undefined {
  let results: BulkResult[];
  try {
    const body = JSON.parse(payload) as { Operations?: unknown };
    if (!Array.isArray(body.Operations)) return undefined;
    results = body.Operations as BulkResult[];
  } catch {
    return undefined;
  }
  const failed = results.filter((r) => Number(r.status) >= 400);
  const first = failed[0];
  if (!first) return undefined;
  const status = Number(first.status);
  const which = [String(first.method ?? ''), first.bulkId ? `bulkId "${String(first.bulkId)}"` : '', typeof first.location === 'string' ? first.location : '']
    .filter(Boolean)
    .join(' ');
  const detail = typeof first.response?.detail === 'string' ? first.response.detail : `status ${status}`;
  return new RosterError(
    codeOf(status, first.response?.scimType),
    `${failed.length} of ${results.length} Bulk operations failed; the first (${which}) answered ${status}: ${detail}`,
  );
}
