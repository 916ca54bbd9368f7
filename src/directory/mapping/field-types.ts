// The types an app field can have, and how values read from a SCIM resource become one of them.

export const FIELD_TYPES = ['string', 'number', 'boolean', 'datetime', 'string[]'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A typed value, or why the value read cannot be one. */
export type Coerced = { ok: true; value: string | number | boolean | string[] } | { ok: false; reason: string };

const quote = (v: unknown) => (typeof v === 'string' ? `"${v.length > 60 ? `${v.slice(0, 57)}…` : v}"` : JSON.stringify(v) ?? String(v));

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Coerces the values a path reached (the first one, for a single-valued type). Callers handle "no
 * value" before: `values` is never empty here. Lenient where IdPs are loose: "42" is a number,
 * "True" a boolean (Entra sends booleans as strings), a date-time without offset is UTC.
 */
export function coerce(type: FieldType, values: unknown[]): Coerced {
  if (type === 'string[]') {
    const texts = values.map(scalarText);
    const bad = values.find((_, i) => texts[i] === undefined);
    if (bad !== undefined) return { ok: false, reason: `${quote(bad)} is not text` };
    return { ok: true, value: texts as string[] };
  }
  const v = values[0];
  switch (type) {
    case 'string': {
      const t = scalarText(v);
      return t === undefined ? { ok: false, reason: `${quote(v)} is not a single text value` } : { ok: true, value: t };
    }
    case 'number': {
      if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `${quote(v)} is not a number` };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      const t = typeof v === 'string' ? v.trim().toLowerCase() : '';
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false, reason: `${quote(v)} is not true or false` };
    }
    case 'datetime': {
      const t = typeof v === 'string' ? v.trim() : '';
      // A date-time without an offset is read as UTC, so the value never depends on the server's time zone.
      const withZone = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(t) ? `${t}Z` : t;
      const ms = /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(withZone) : NaN;
      return Number.isFinite(ms) ? { ok: true, value: new Date(ms).toISOString() } : { ok: false, reason: `${quote(v)} is not a date-time (ISO 8601, such as 2026-11-23T10:00:00Z)` };
    }
  }
}
