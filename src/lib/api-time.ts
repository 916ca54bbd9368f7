// Times as the admin API writes them: ISO 8601 UTC, or null for "not yet".

/** `Date.toISOString()` of a column that may be null; PGlite and pg hand back Date or text alike. */
export function isoOrNull(d: Date | string | null): string | null {
  return d ? new Date(d).toISOString() : null;
}
