// Event type filters: exact names (`user.created`) and prefix patterns (`user.*`, `*`).
import { RosterError } from '../errors.ts';
import type { TypeMatch } from '../store/event-repository.ts';

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Parses patterns into exact names and prefixes; throws invalid_value naming `attribute`. */
export function parseTypePatterns(patterns: readonly string[], attribute: string): TypeMatch {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const raw of patterns) {
    const p = raw.trim();
    if (p === '') continue;
    if (p === '*') return { exact: [], prefixes: [] };
    if (p.endsWith('.*') && NAME.test(p.slice(0, -2))) prefixes.add(p.slice(0, -1));
    else if (NAME.test(p)) exact.add(p);
    else {
      throw new RosterError('invalid_value', `"${p}" is not an event type or pattern such as user.created or user.*`, { attribute });
    }
  }
  return { exact: [...exact], prefixes: [...prefixes] };
}

/** True when `type` passes the filter (an empty filter passes everything). */
export function typeMatches(type: string, match: TypeMatch): boolean {
  if (match.exact.length === 0 && match.prefixes.length === 0) return true;
  return match.exact.includes(type) || match.prefixes.some((p) => type.startsWith(p));
}
