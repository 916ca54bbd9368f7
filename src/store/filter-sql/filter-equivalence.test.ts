// The two filter back ends must agree (RFC 7644 §3.4.2.2): for every filter, the rows the SQL
// compiler selects are exactly the resources the in-memory evaluator accepts, and both reject the
// same filters with the same error code. Runs on PGlite, or PostgreSQL with ROSTER_TEST_STORE=postgres.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openTestStore, type TestStore } from '../../../test/helpers/test-store.ts';
import { RosterError } from '../../errors.ts';
import type { AttrPath, CompareOp, Filter, FilterValue } from '../../scim/filter/filter-ast.ts';
import { compileFilter as compilePredicate } from '../../scim/filter/filter-evaluator.ts';
import { parseFilter } from '../../scim/filter/filter-parser.ts';
import { printFilter } from '../../scim/filter/filter-printer.ts';
import type { AttributeDef, AttributeType, ResourceSchema } from '../../scim/schema/attribute.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { compileFilter } from './compile-filter.ts';
import { CORE_GROUP, CORE_USER, ENT, SCIM_BASE_URL, groupId, seedFixture, sqlMatches, userId, type Fixture } from './filter-test-fixture.ts';

// A zone that is not UTC, so a date-time without offset read as local time cannot pass unnoticed.
process.env.TZ = 'America/Los_Angeles';

type Outcome = { ids: string[] } | { error: string };

let store: TestStore;
let fx: Fixture;

before(async () => {
  store = await openTestStore();
  fx = await seedFixture(store.store.db);
});
after(async () => {
  await store?.dispose();
});

function errorCode(error: unknown): string {
  if (error instanceof RosterError) return error.code;
  throw error;
}

function inMemory(filter: Filter, rs: ResourceSchema): Outcome {
  const views = rs.type === 'User' ? fx.users : fx.groups;
  let predicate: (resource: Record<string, unknown>) => boolean;
  try {
    predicate = compilePredicate(filter, rs);
  } catch (error) {
    return { error: errorCode(error) };
  }
  return { ids: [...views].filter(([, view]) => predicate(view)).map(([id]) => id).sort() };
}

async function inSql(filter: Filter, rs: ResourceSchema): Promise<Outcome> {
  let where;
  try {
    where = compileFilter(filter, rs, { scimBaseUrl: SCIM_BASE_URL });
  } catch (error) {
    return { error: errorCode(error) };
  }
  const ids = await sqlMatches(fx.db, rs.type === 'User' ? 'users' : 'groups', where);
  return { ids: ids.sort() };
}

function names(ids: string[], rs: ResourceSchema): string {
  const views = rs.type === 'User' ? fx.users : fx.groups;
  const key = rs.type === 'User' ? 'userName' : 'displayName';
  return `[${ids.map((id) => JSON.stringify(views.get(id)?.[key] ?? id)).join(', ')}]`;
}

/** Why two outcomes differ, naming the resources only one back end selected; undefined when they agree. */
function disagreement(actual: Outcome, expected: Outcome, rs: ResourceSchema): string | undefined {
  if ('error' in actual || 'error' in expected) {
    if ('error' in actual && 'error' in expected && actual.error === expected.error) return undefined;
    const show = (o: Outcome) => ('error' in o ? `error ${o.error}` : `${o.ids.length} matches`);
    return `sql: ${show(actual)}, evaluator: ${show(expected)}`;
  }
  const onlySql = actual.ids.filter((id) => !expected.ids.includes(id));
  const onlyEvaluator = expected.ids.filter((id) => !actual.ids.includes(id));
  if (onlySql.length === 0 && onlyEvaluator.length === 0) return undefined;
  return `only sql: ${names(onlySql, rs)}, only evaluator: ${names(onlyEvaluator, rs)}`;
}

async function assertAgree(filter: Filter, rs: ResourceSchema): Promise<void> {
  const problem = disagreement(await inSql(filter, rs), inMemory(filter, rs), rs);
  if (problem) assert.fail(`${rs.type} filter ${printFilter(filter)}: ${problem}`);
}

// [filter, todo reason when the evaluator is the one believed wrong]
type Case = string | [string, string];

const USER_CASES: Case[] = [
  // Indexed lookups.
  'userName eq "bjensen"',
  'userName eq "BJENSEN"',
  'userName eq "alice@example.com"',
  'externalId eq "BJensen-Ext"',
  'externalId eq "bjensen-ext"',
  'externalId eq 12345',
  'externalId eq "00123"',
  'externalId pr',
  'externalId eq null',
  'not (externalId eq "jdoe")',
  'emails.value eq "bjensen@example.com"',
  'emails.value eq "BJENSEN@EXAMPLE.COM"',
  'emails eq "alice@example.com"',
  'emails.value eq "josé@example.de"',
  'emails.value eq ""',
  'emails.value ne ""',
  'emails.value eq null',
  'emails.value ne null',
  'emails[type eq "work"].value eq "bjensen@example.com"',
  'emails[type eq "home"].value eq "bjensen@example.com"',
  'displayName eq "babs jensen"',
  'displayName eq ""',
  'displayName eq null',
  'displayName pr',
  `id eq "${userId(1)}"`,
  `id eq "${userId(1).toUpperCase()}"`,
  'id eq "not-a-uuid"',
  `id ne "${userId(1)}"`,
  'id sw "01900000"',
  'active eq true',
  'active eq false',
  'active eq "TRUE"',
  'active ne true',
  'active pr',
  'meta.lastModified gt "2025-01-01T00:00:00Z"',
  // Strings: every operator, case-insensitive unless caseExact.
  'title eq "tour guide"',
  'title ne "tour guide"',
  'not (title eq "tour guide")',
  'title co "GUIDE"',
  'title sw "tour"',
  'title ew "IDE"',
  'title gt "m"',
  'title ge "tour guide"',
  'title lt "c"',
  'title le "CTO"',
  'title pr',
  'title eq ""',
  'title eq null',
  'title ne null',
  'title co "%"',
  'title co "_"',
  'title sw "100%"',
  'title co "\\\\"',
  'userName co "_"',
  'userName ew "%user"',
  'displayName co "% off_"',
  'displayName co "ü"',
  'displayName co "MÜLLER"',
  'displayName sw "Łukasz"',
  'title co "директор"',
  'displayName co "🚀"',
  'displayName gt "Z"',
  'displayName eq 42',
  'title eq 007',
  'nickName eq true',
  'externalId sw "BJ"',
  'externalId sw "bj"',
  'externalId gt "a"',
  'externalId co "."',
  'externalId ew "EXT"',
  // Complex singular.
  'name.givenName eq "barbara"',
  'name.familyName co "\'"',
  'name.givenName pr',
  'name.givenName eq null',
  'name pr',
  'not (name pr)',
  'name eq "x"',
  'name[givenName eq "John" and familyName eq "Doe"]',
  'name.formatted sw "ms."',
  // Multi-valued complex.
  'emails.type eq "work"',
  'emails.type ne "work"',
  'emails.primary eq true',
  'emails.primary eq false',
  'emails.primary ne true',
  'emails pr',
  'emails.value pr',
  'emails.type pr',
  'emails co "example.com"',
  'emails.value ew ".de"',
  'emails.value co "%"',
  'emails.value sw "_"',
  'emails[type eq "work" and primary eq true]',
  'emails[type eq "work" and value co "example.com"]',
  'emails[not (type eq "work")]',
  'emails[type ne "work"]',
  'emails[primary pr]',
  'emails[value eq ""]',
  'emails[emails.type eq "home"]',
  `emails[${CORE_USER}:emails.type eq "home"]`,
  'phoneNumbers.value co "555"',
  'phoneNumbers[type eq "mobile"]',
  'phoneNumbers pr',
  'phoneNumbers.value pr',
  'phoneNumbers eq "12345"',
  'phoneNumbers[type eq "work" and primary eq true].value sw "22"',
  'addresses.locality eq "hollywood"',
  'addresses[type eq "work" and country eq "us"]',
  'addresses.primary eq true',
  'addresses pr',
  'addresses eq "x"',
  'addresses.postalCode gt "7"',
  'ims[type eq "xmpp"]',
  'roles.value eq "admin"',
  'entitlements pr',
  'x509Certificates.value sw "MII"',
  'photos.value co "profilephoto"',
  // groups (computed, transitive).
  `groups.value eq "${groupId(1)}"`,
  `groups.value eq "${groupId(1).toUpperCase()}"`,
  `groups eq "${groupId(2)}"`,
  'groups.display eq "engineering"',
  'groups[type eq "indirect"]',
  'groups[display sw "s" and type eq "direct"]',
  'groups pr',
  'not (groups pr)',
  `groups.$ref ew "/Groups/${groupId(3)}"`,
  'groups.$ref pr',
  // meta and dateTime.
  'meta.created gt "2025-01-01T00:00:00Z"',
  'meta.created ge "2024-01-10T08:00:00.123Z"',
  'meta.created gt "2024-01-10T08:00:00.123Z"',
  'meta.created eq "2024-01-10T08:00:00.123Z"',
  'meta.created le "2024-01-10T08:00:00.123Z"',
  'meta.created lt "2024-01-10T08:00:00.123Z"',
  'meta.created ne "2024-01-10T08:00:00.123Z"',
  'meta.created eq "2024-01-10T01:00:00.123-07:00"',
  'meta.created lt "2024-04-01"',
  'meta.created gt "2024-04-01T00:00:00"',
  'meta.lastModified lt 2024-06-01T12:00:00.501Z',
  'meta.created sw "2024-01"',
  'meta.created co "T08:00"',
  'meta.created ew ".123Z"',
  'meta.created gt "yesterday"',
  'meta.created gt "May 13, 2024"',
  'meta.created gt 5',
  'meta.created eq null',
  'meta.created pr',
  'meta.resourceType eq "User"',
  'meta.resourceType eq "user"',
  'meta.version eq "W/\\"2\\""',
  'meta.version sw "w/"',
  'meta.location pr',
  `meta.location eq "${SCIM_BASE_URL}/Users/${userId(3)}"`,
  `meta.location ew "${userId(3)}"`,
  'meta pr',
  'meta[resourceType eq "User"]',
  // Enterprise extension, URN-qualified.
  `${ENT}:department eq "tour operations"`,
  `${ENT}:department ne "tour operations"`,
  `${ENT.toUpperCase()}:Department sw "ENG"`,
  `${ENT}:employeeNumber eq 701984`,
  `${ENT}:employeeNumber eq 7`,
  `${ENT}:employeeNumber gt "1"`,
  `${ENT}:employeeNumber lt 100`,
  `${ENT}:manager.value eq "${userId(26)}"`,
  `${ENT}:manager eq "${userId(2)}"`,
  `${ENT}:manager pr`,
  `${ENT}:manager.value pr`,
  `${ENT}:manager.$ref pr`,
  `${ENT}:manager[value eq "${userId(1)}"]`,
  `${ENT}:manager.displayName pr`,
  `${ENT}:costCenter eq "200" and ${ENT}:department eq "sales"`,
  `${ENT}:userName eq "x"`,
  `${CORE_USER}:userName eq "bjensen"`,
  `${CORE_USER}:id pr`,
  `${CORE_USER}:meta.resourceType eq "User"`,
  // schemas.
  `schemas eq "${ENT}"`,
  `schemas eq "${ENT.toUpperCase()}"`,
  `schemas co "enterprise"`,
  'schemas pr',
  `${CORE_USER}:schemas eq "${ENT}"`,
  'schemas[value eq "x"]',
  'schemas.value eq "x"',
  // Logic and precedence.
  'title pr and userType eq "Employee"',
  'title pr or userType eq "Intern"',
  'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
  'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  'active eq true and title pr or userType eq "Intern"',
  'active eq true and (title pr or userType eq "Intern")',
  'not (active eq true) or not (title pr)',
  'not (not (title eq "cto"))',
  'userName eq "bjensen" or userName eq "jsmith" or userName eq "bob"',
  'emails[type eq "work"] and not (emails[type eq "home"])',
  // Invalid filters: both back ends refuse them.
  'nickname.x eq "y"',
  'unknownAttr eq "x"',
  'name.middle eq "x"',
  'emails[foo eq "x"]',
  'emails[name.givenName eq "x"]',
  'userName[value eq "x"]',
  'active gt true',
  'active co "t"',
  'active eq "yes"',
  'active eq 1',
  'title gt null',
  'emails.value co null',
  'urn:example:ext:foo eq "x"',
  // Code-point order (RFC 7643 §2.3.1), as collate "C" compares: "🚀" sorts after "Ｚ".
  'nickName gt "\uFF3A"',
  'password eq "secret"',
  'password pr',
];

const GROUP_CASES: Case[] = [
  'displayName eq "engineering"',
  'displayName sw "E"',
  'displayName co "%"',
  'displayName co "_"',
  'displayName gt "p"',
  'externalId eq "eng"',
  'externalId eq "ENG"',
  'externalId pr',
  'not (externalId pr)',
  `members.value eq "${userId(6)}"`,
  `members.value eq "${userId(6).toUpperCase()}"`,
  `members eq "${groupId(2)}"`,
  `members[value eq "${userId(6)}"]`,
  'members[type eq "User"]',
  'members[type eq "group"]',
  'not (members[type eq "User"])',
  'members pr',
  'not (members pr)',
  'members.display eq "jane doe"',
  'members.display pr',
  'members[display eq ""]',
  'members.value eq null',
  'members.value sw "0190"',
  `members.$ref ew "/Users/${userId(6)}"`,
  'members.$ref co "/Groups/"',
  'members.$ref pr',
  'members.type ne "User"',
  `id eq "${groupId(1)}"`,
  'meta.created lt "2024-02-01T00:00:00Z"',
  'meta.created eq "2024-01-01T00:00:00.100Z"',
  'meta.resourceType eq "Group"',
  `schemas eq "${CORE_GROUP}"`,
  'members[type eq "User" and display co "sales"]',
  'displayName eq "Sales" or members[value eq "x"]',
  'userName eq "x"',
  'members.foo eq "x"',
];

function runCases(rs: ResourceSchema, cases: Case[]): void {
  for (const c of cases) {
    const [text, todo] = typeof c === 'string' ? [c, undefined] : c;
    it(text, todo ? { todo } : {}, async () => assertAgree(parseFilter(text), rs));
  }
}

describe('SQL and evaluator agree on fixed User filters', () => runCases(USER_RESOURCE, USER_CASES));
describe('SQL and evaluator agree on fixed Group filters', () => runCases(GROUP_RESOURCE, GROUP_CASES));

// ---------------------------------------------------------------------------------------------
// Property: random filters over every known attribute, with values taken from the seeded data.

/** A path a generated filter may use, what it holds, and the values stored under it in the fixture. */
interface PathSpec {
  path: AttrPath;
  /** The leaf's type; `complex` for a complex attribute named without sub-attribute; `unknown` for a bad path. */
  type: AttributeType | 'unknown';
  /** For complex: whether it has a `value` sub-attribute that comparisons fall back to. */
  hasValue: boolean;
  pool: FilterValue[];
}

function getKey(obj: unknown, name: string): unknown {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>)[name] : undefined;
}

const toArray = (v: unknown): unknown[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every primitive stored under `container:attr[.sub]` in the views (a complex attribute: its `value`). */
function poolOf(views: readonly Record<string, unknown>[], container: string | undefined, attr: string, sub: string | undefined): FilterValue[] {
  const out = new Set<FilterValue>();
  for (const view of views) {
    const base = container ? getKey(view, container) : view;
    for (const el of toArray(getKey(base, attr))) {
      const leaf = sub ? getKey(el, sub) : el !== null && typeof el === 'object' ? getKey(el, 'value') : el;
      for (const v of toArray(leaf)) if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') out.add(v);
    }
  }
  return [...out];
}

/** The paths of a resource type from its schemas, plus URN-qualified, oddly cased and unknown ones. */
function pathSpecs(rs: ResourceSchema, views: readonly Record<string, unknown>[]): PathSpec[] {
  const specs: PathSpec[] = [];
  const groups: { schema: string | undefined; attrs: readonly AttributeDef[] }[] = [
    { schema: undefined, attrs: [...rs.core.attributes, ...rs.common] },
    ...rs.extensions.map((e) => ({ schema: e.schema.id, attrs: e.schema.attributes })),
  ];
  for (const { schema, attrs } of groups) {
    for (const a of attrs) {
      // password is returned:never: the back ends are known to disagree (see the fixed cases).
      if (a.returned === 'never') continue;
      const at = (sub?: string): AttrPath => ({ ...(schema ? { schema } : {}), attr: a.name, ...(sub ? { sub } : {}) });
      const hasValue = (a.subAttributes ?? []).some((s) => s.name === 'value');
      specs.push({ path: at(), type: a.type, hasValue, pool: poolOf(views, schema, a.name, undefined) });
      for (const s of a.subAttributes ?? []) specs.push({ path: at(s.name), type: s.type, hasValue: false, pool: poolOf(views, schema, a.name, s.name) });
    }
  }
  const schemasPool = poolOf(views, undefined, 'schemas', undefined);
  const first = rs.core.attributes[0]?.name ?? 'id';
  specs.push(
    { path: { attr: 'schemas' }, type: 'reference', hasValue: false, pool: schemasPool },
    { path: { schema: rs.core.id, attr: 'schemas' }, type: 'reference', hasValue: false, pool: schemasPool },
    { path: { schema: rs.core.id, attr: first }, type: 'string', hasValue: false, pool: poolOf(views, undefined, first, undefined) },
    { path: { attr: first.toUpperCase() }, type: 'string', hasValue: false, pool: poolOf(views, undefined, first, undefined) },
    { path: { attr: 'META', sub: 'lastmodified' }, type: 'dateTime', hasValue: false, pool: poolOf(views, undefined, 'meta', 'lastModified') },
    { path: { attr: 'nickname', sub: 'x' }, type: 'unknown', hasValue: false, pool: [] },
    { path: { attr: 'unknownAttr' }, type: 'unknown', hasValue: false, pool: [] },
    { path: { schema: 'urn:example:ext:1.0', attr: 'x' }, type: 'unknown', hasValue: false, pool: [] },
  );
  return specs;
}

// Slices cut between code points: a lone surrogate cannot reach PostgreSQL (the driver sends U+FFFD).
const cut = (s: string, from: number, to?: number) => [...s].slice(from, to).join('');
const TEXT_FORMS: ((s: string, n: number) => FilterValue)[] = [
  (s) => s,
  (s) => s,
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s, n) => cut(s, 0, 1 + (n % Math.max(1, [...s].length))),
  (s, n) => cut(s, n % Math.max(1, [...s].length)),
  (s, n) => cut(s, n % 3, Math.max(n % 3, [...s].length - (n % 4))),
  (s) => `${s}x`,
  (s) => s.replace(/[a-z]/, (c) => c.toUpperCase()),
  (s) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s),
];

const DATE_FORMS: ((iso: string, n: number) => FilterValue)[] = [
  (iso) => iso,
  (iso) => new Date(Date.parse(iso) + 1).toISOString(),
  (iso) => new Date(Date.parse(iso) - 1).toISOString(),
  (iso) => iso.slice(0, 10),
  (iso) => iso.slice(0, -1),
  (iso) => `${iso.slice(0, 19)}Z`,
  (iso) => new Date(Date.parse(iso) - 7 * 3600_000).toISOString().replace('Z', '-07:00'),
  (iso) => new Date(Date.parse(iso) + 5.5 * 3600_000).toISOString().replace('Z', '+0530'),
  (iso) => iso.replace('T', ' '),
  (iso) => iso.toLowerCase(),
  (iso, n) => iso.slice(0, 4 + (n % 20)),
  (iso, n) => iso.slice(n % 20),
  (iso) => `${iso.slice(0, 23)}999Z`,
  () => '0000-01-01T00:00:00Z',
  () => '9999-12-31T23:59:59.999Z',
  () => '2024-02-30T00:00:00Z',
  () => 'yesterday',
  () => 'Jan 10, 2024',
  () => 5,
];

const GENERIC_VALUES: FilterValue[] = [true, false, null, 0, 7, 42, 701984, 3.14, -1, '', ' ', '%', '_', '\\', 'TRUE', 'false', 'x', 'work', 'home', 'User', 'Group', 'direct', userId(26).toUpperCase(), groupId(1)];

function valueArb(spec: PathSpec): fc.Arbitrary<FilterValue> {
  const generic: fc.WeightedArbitrary<FilterValue>[] = [
    { weight: 2, arbitrary: fc.constantFrom(...GENERIC_VALUES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
  ];
  if (spec.type === 'boolean') return fc.oneof({ weight: 8, arbitrary: fc.constantFrom<FilterValue>(true, false, 'True', 'FALSE', null) }, ...generic);
  const strings = spec.pool.filter((v): v is string => typeof v === 'string');
  if (strings.length === 0) return fc.oneof(...generic);
  const forms = spec.type === 'dateTime' ? DATE_FORMS : TEXT_FORMS;
  return fc.oneof(
    ...generic,
    { weight: 3, arbitrary: fc.constantFrom(...spec.pool) },
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...strings), fc.constantFrom(...forms), fc.nat(50)).map(([s, form, n]) => form(s, n)) },
  );
}

const OPS: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** A comparison or `pr`, mostly valid for the path's type, sometimes not (both back ends must refuse alike). */
function leafArb(specs: PathSpec[]): fc.Arbitrary<Filter> {
  const weighted = specs.map((spec) => ({ weight: spec.type === 'unknown' ? 1 : 4, arbitrary: fc.constant(spec) }));
  return fc.oneof(...weighted).chain((spec) => {
    const present = fc.constant<Filter>({ kind: 'Present', path: spec.path });
    const compare = (ops: CompareOp[]) =>
      fc.tuple(fc.constantFrom(...ops), valueArb(spec)).map(([op, value]): Filter => ({ kind: 'Compare', path: spec.path, op, value }));
    if (spec.type === 'boolean') return fc.oneof({ weight: 2, arbitrary: present }, { weight: 8, arbitrary: compare(['eq', 'ne']) }, { weight: 1, arbitrary: compare(OPS) });
    if (spec.type === 'complex' && !spec.hasValue) return fc.oneof({ weight: 8, arbitrary: present }, { weight: 1, arbitrary: compare(OPS) });
    return fc.oneof({ weight: 1, arbitrary: present }, { weight: 6, arbitrary: compare(OPS) });
  });
}

function treeArb(leaf: fc.Arbitrary<Filter>, valuePaths: fc.Arbitrary<Filter> | undefined, depth: number): fc.Arbitrary<Filter> {
  if (depth === 0) return leaf;
  const child = treeArb(leaf, valuePaths, depth - 1);
  const options: fc.WeightedArbitrary<Filter>[] = [
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.tuple(child, child).map(([left, right]): Filter => ({ kind: 'And', left, right })) },
    { weight: 1, arbitrary: fc.tuple(child, child).map(([left, right]): Filter => ({ kind: 'Or', left, right })) },
    { weight: 1, arbitrary: child.map((filter): Filter => ({ kind: 'Not', filter })) },
  ];
  if (valuePaths) options.push({ weight: 2, arbitrary: valuePaths });
  return fc.oneof(...options);
}

/** `attr[…]` over the sub-attributes of attr (relative, sometimes written in full as `emails.type`, sometimes wrong). */
function valuePathArb(specs: PathSpec[]): fc.Arbitrary<Filter> {
  const parents = specs.filter((s) => s.path.sub === undefined && s.type !== 'unknown');
  const weighted = parents.map((spec) => ({ weight: spec.type === 'complex' ? 8 : 1, arbitrary: fc.constant(spec) }));
  return fc.oneof(...weighted).chain((parent) => {
    const subs = specs.filter((s) => s.path.attr === parent.path.attr && s.path.schema === parent.path.schema && s.path.sub !== undefined);
    const relative = subs.map((s): PathSpec => ({ ...s, path: { attr: s.path.sub as string } }));
    const inner: PathSpec[] = [...relative, ...relative, ...relative, ...subs.slice(0, 1), { path: { attr: 'foo' }, type: 'unknown', hasValue: false, pool: [] }];
    return treeArb(leafArb(inner), undefined, 2).map((filter): Filter => ({ kind: 'ValuePath', path: parent.path, filter }));
  });
}

function filterArb(rs: ResourceSchema, views: readonly Record<string, unknown>[]): fc.Arbitrary<Filter> {
  const specs = pathSpecs(rs, views);
  return treeArb(leafArb(specs), valuePathArb(specs), 3);
}

const SEED = process.env.FILTER_SEED ? Number(process.env.FILTER_SEED) : Math.floor(Math.random() * 2 ** 31);

async function checkProperty(rs: ResourceSchema, numRuns: number): Promise<void> {
  const views = [...(rs.type === 'User' ? fx.users : fx.groups).values()];
  try {
    await fc.assert(
      fc.asyncProperty(filterArb(rs, views), (filter) => assertAgree(filter, rs)),
      { numRuns, seed: SEED },
    );
  } catch (error) {
    console.error(`filter-equivalence: ${rs.type} property failed; rerun with FILTER_SEED=${SEED}`);
    throw error;
  }
}

describe(`SQL and evaluator agree on random filters (FILTER_SEED=${SEED})`, () => {
  it('User: 2,500 filters', () => checkProperty(USER_RESOURCE, 2_500));
  it('Group: 1,000 filters', () => checkProperty(GROUP_RESOURCE, 1_000));
});
