// Reading times from API bodies: an ISO 8601 date or date-time, refused in words naming the attribute.
import { RosterError } from '../errors.ts';

/** The time in `raw` (undefined or null: none); a malformed one is a 400 invalid_value on `attribute`. */
export function readTime(raw: unknown, attribute: string, opts: { dateTimeOnly?: boolean } = {}): Date | null {
  if (raw === undefined || raw === null) return null;
  const shape = opts.dateTimeOnly ? /^\d{4}-\d{2}-\d{2}T/ : /^\d{4}-\d{2}-\d{2}/;
  const at = typeof raw === 'string' && shape.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    const example = opts.dateTimeOnly ? 'a date-time such as 2026-11-23T09:30:00Z' : 'a date or date-time such as 2027-03-01';
    throw new RosterError('invalid_value', `${attribute} must be ISO 8601, ${example}`, { attribute });
  }
  return at;
}

/** A time that must be after `now` (an end, an expiry); null when absent. */
export function readFutureTime(raw: unknown, attribute: string, now: Date, hint?: string): Date | null {
  const at = readTime(raw, attribute);
  if (at && at.getTime() <= now.getTime()) throw new RosterError('invalid_value', `${attribute} must be in the future`, { attribute, ...(hint ? { hint } : {}) });
  return at;
}
