// fast-check arbitraries of hostile HTTP input: strings, JSON values, bodies, query strings, headers.
// Fixture ids are symbolic (`$user0`) and resolved by the runner, so a seed replays the same requests.
import fc from 'fast-check';

/** Strings that have broken parsers, SQL builders and JSON walkers elsewhere. */
const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', '💥', 'Ω≈ç√', 'ﬀ', 'İ', 'ß', '\u202E', '\r\n', '\t', '%00', '%', '%zz', '../..', '..%2F..%2F',
  '\\', '"', "'", '`', '<script>alert(1)</script>', "' or 1=1 --", '"; drop table users; --', '${7*7}', '{{7*7}}', 'null', 'undefined', 'NaN',
  'Infinity', '-1', '0', '-0', '1.5', '1e309', '9'.repeat(40), '-9'.repeat(20), 'true', '[]', '{}', '__proto__', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', 'valueOf', 'urn:ietf:params:scim:schemas:core:2.0:User', '00000000-0000-0000-0000-000000000000',
  '01a20000-0000-7000-8000-000000000000', 'W/"1"', '*',
];

/** Filters: valid, malformed, too long, too deep, unknown attributes, wrong types. */
const FILTERS = [
  'userName eq "alice@acme.test"', 'userName eq', 'userName eq "a" and', '((((', 'not(', 'not (userName pr)', 'emails[type eq "work"',
  'emails[type eq "work" and value co "@"]', 'members[value eq "x"].display', 'userName sw "\u0000"', 'meta.lastModified gt "not a date"',
  'meta.lastModified gt "2026-01-01T00:00:00Z"', 'active eq tru', 'active eq "true"', 'active gt true', 'userName eq 1', 'id eq null',
  'nope eq "x"', 'urn:x:y:z eq 1', 'name.givenName co "\\"', 'displayName eq "a" or displayName eq "b" or displayName eq "c"',
  'x'.repeat(10_001), `${'('.repeat(100)}userName pr${')'.repeat(100)}`, `${'not ('.repeat(80)}userName pr${')'.repeat(80)}`,
  Array.from({ length: 300 }, (_, i) => `userName eq "u${i}"`).join(' or '), 'emails[value ew ".test"].value eq "x"', '"', 'eq eq eq',
];

/** PATCH paths: valid, malformed, pointing at read-only or unknown attributes. */
const PATHS = [
  'active', 'name.givenName', 'emails[type eq "work"].value', 'emails[type eq "work"]', 'members', 'members[value eq "$user0"]',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  'id', 'meta.created', 'groups', 'password', 'members[', '][', 'a.b.c.d', 'emails[type eq "work"].value.extra', '', '.', 'name..givenName',
  'x'.repeat(5000), 'members[value eq "x" or (]', 'emails[not(value pr)]',
];

/** Attribute lists, including thousands of names. */
const ATTRIBUTE_LISTS = [
  'userName', 'userName,name.givenName', 'members', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'emails[type eq "work"]',
  'a.b.c', ',,,', 'bad name', Array.from({ length: 3000 }, (_, i) => `a${i}`).join(','), 'userName,'.repeat(2000),
];

const NUMBERS = ['-1', '0', '1', '2', '100', '1000', '10001', '2147483648', '9007199254740993', '99999999999999999999999', '1e400', '-1e400', '1.5', 'NaN', '0x10', ' 5 ', ''];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(...FILTERS, ...PATHS) },
  { weight: 1, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  // Separator-heavy text: what turns a backtracking regex or a rescanning loop quadratic (the runner times every answer).
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a,', '(', '[', ']', '"', '\\', ' or ', '.', ':', 'a[', ',]'), fc.constantFrom(1_000, 20_000, 100_000)).map(([unit, n]) => unit.repeat(n)) },
  { weight: 2, arbitrary: fc.constantFrom('$user0', '$user1', '$group0', '$org0', '$dir0', '$otherUser', '$otherGroup') },
);

const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'schemas', 'Operations', 'op', 'path', 'value', 'members', 'id', 'meta', 'password', 'active'),
  hostileString.filter((s) => s.length < 200),
);

/** Any JSON value, with hostile strings and keys, nested a little; deep nesting has its own generator. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
    fc.integer(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** The paths of every value inside a JSON value, so mutations can aim anywhere in a template. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = [pick: number, action: 'set' | 'delete' | 'wrap' | 'addKey' | 'dup', value: unknown, key: string];

/** Applies mutations to a copy of the template; `__proto__` keys are added as own properties, as JSON.parse would. */
export function mutate(template: unknown, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(template);
  for (const [pick, action, value, key] of mutations) {
    const all = paths(root);
    const path = all[pick % all.length] ?? [];
    if (path.length === 0) {
      root = action === 'wrap' ? [root] : action === 'set' ? value : root;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((node, k) => node?.[k], root);
    const last = path[path.length - 1] as string | number;
    if (parent === null || typeof parent !== 'object') continue;
    if (action === 'set') parent[last] = value;
    else if (action === 'delete') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
    else if (action === 'wrap') parent[last] = [parent[last]];
    else if (action === 'dup' && Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
    else if (action === 'addKey' && !Array.isArray(parent)) Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom('set' as const, 'delete' as const, 'wrap' as const, 'addKey' as const, 'dup' as const), hostileValue, hostileKey),
  { minLength: 1, maxLength: 4 },
);

/** Text that is not JSON, or JSON that hurts. */
function brokenJson(template: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat().map((n) => template.slice(0, n % Math.max(1, template.length))),
    fc.constantFrom('{', '}', '{"a":1,}', "{'a':1}", '[1,2', 'nul', '\u0000', '\uFEFF{}', '{"a":"\\u0000"}', '{"a":"\\uD800"}', '""', '1', 'true', 'null', '[]'),
    fc.constantFrom(`${template}garbage`, `${template}${template}`, template.replace(/"/g, "'"), template.replace(/:/, ':\u0000')),
    fc.constantFrom(100, 5_000, 100_000).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc.constantFrom(100, 5_000, 50_000).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
    // Prototype pollution, as raw text (JSON.stringify would never write these keys).
    fc.constant(`{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},${template.replace(/^\{/, '')}`.replace(/,}$/, '}')),
    fc.constant(`{"a":"${'x'.repeat(500_000)}"}`),
  );
}

export type BodySpec = { kind: 'none' } | { kind: 'text'; text: string };

/** A body for a route whose valid body looks like `template` (undefined: the route takes none). */
export function bodyFor(template: unknown): fc.Arbitrary<BodySpec> {
  const text = JSON.stringify(template ?? {});
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<BodySpec>({ kind: 'none' }) },
    { weight: 3, arbitrary: fc.constant<BodySpec>({ kind: 'text', text }) },
    { weight: 8, arbitrary: mutations.map<BodySpec>((m) => ({ kind: 'text', text: JSON.stringify(mutate(template ?? {}, m)) ?? 'null' })) },
    { weight: 2, arbitrary: hostileValue.map<BodySpec>((v) => ({ kind: 'text', text: JSON.stringify(v) ?? 'null' })) },
    { weight: 3, arbitrary: brokenJson(text).map<BodySpec>((t) => ({ kind: 'text', text: t })) },
  );
}

const QUERY_KEYS = [
  'filter', 'count', 'startIndex', 'attributes', 'excludedAttributes', 'sortBy', 'sortOrder', 'cursor', 'limit', 'after', 'organizationId',
  'directoryId', 'types', 'status', 'format', 'since', 'until', 'userName', 'userId', 'state', 'states', 'FILTER', 'Count',
  '__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'filter[]', 'a[b][c]', '',
];

function queryValue(): fc.Arbitrary<string> {
  return fc.oneof(hostileString, fc.constantFrom(...FILTERS), fc.constantFrom(...NUMBERS), fc.constantFrom(...ATTRIBUTE_LISTS));
}

/** Lone surrogates cannot be percent-encoded (encodeURIComponent throws); the body generators keep them. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDFFF]/g, '?');
}

/** `k=v` as a careless client writes it: printable ASCII as is (stray `%`, `&`, `=` included), the rest encoded. */
function rawPair(k: string, v: string): string {
  return wellFormed(`${k}=${v}`).replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
}

/** A query string (without `?`): mostly encoded, sometimes raw bytes as a careless client sends them. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 5,
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), hostileKey), queryValue(), fc.boolean()), { maxLength: 5 })
      .map((pairs) => pairs.map(([k, v, raw]) => (raw ? rawPair(k, v) : `${encodeURIComponent(wellFormed(k))}=${encodeURIComponent(wellFormed(v))}`)).join('&')),
  },
);

const CONTENT_TYPES = [
  'application/scim+json', 'application/json', 'application/json; charset=utf-8', 'application/scim+json; charset=utf-16', 'text/plain',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json;;', '*/*', 'garbage', '',
];

export type AuthSpec = 'valid' | 'none' | 'wrong' | 'other-tenant' | 'read-key' | 'malformed';

export interface HeaderSpec {
  auth: AuthSpec;
  contentType: string | undefined;
  extra: Record<string, string>;
}

const headerValue = fc.oneof(fc.constantFrom('W/"1"', '"1"', '*', 'W/"999999999999"', 'garbage', ''), fc.string({ unit: 'grapheme-ascii', maxLength: 30 }));

export const headers: fc.Arbitrary<HeaderSpec> = fc.record({
  auth: fc.oneof(
    { weight: 12, arbitrary: fc.constant<AuthSpec>('valid') },
    { weight: 1, arbitrary: fc.constantFrom<AuthSpec>('none', 'wrong', 'other-tenant', 'read-key', 'malformed') },
  ),
  contentType: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES.slice(0, 3)) }, { weight: 1, arbitrary: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }) }),
  extra: fc.dictionary(fc.constantFrom('if-match', 'if-none-match', 'accept', 'x-forwarded-for', 'accept-encoding', 'content-encoding'), headerValue, { maxKeys: 2 }),
});

/** A request path param: a live fixture (most of the time, so deep code runs) or a hostile string. */
export const paramValue: fc.Arbitrary<{ fixture: number } | { raw: string }> = fc.oneof(
  { weight: 5, arbitrary: fc.nat({ max: 3 }).map((n) => ({ fixture: n })) },
  { weight: 2, arbitrary: hostileString.filter((s) => s.length < 300).map((s) => ({ raw: s })) },
);
