// Tests for parseFilter, parseAttrPath and parsePatchPath: RFC 7644 examples, precedence, leniency, errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import type { AttrPath, CompareOp, Filter, FilterValue, PatchPath } from './filter-ast.ts';
import { MAX_FILTER_DEPTH, parseAttrPath, parseFilter, parsePatchPath } from './filter-parser.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** `attr` or `attr.sub`; tests spell URN paths out. */
function p(text: string, schema?: string): AttrPath {
  const [attr, sub] = text.split('.') as [string, string | undefined];
  return { ...(schema ? { schema } : {}), attr, ...(sub !== undefined ? { sub } : {}) };
}
const cmp = (path: string | AttrPath, op: CompareOp, value: FilterValue): Filter => ({
  kind: 'Compare',
  path: typeof path === 'string' ? p(path) : path,
  op,
  value,
});
const pr = (path: string | AttrPath): Filter => ({ kind: 'Present', path: typeof path === 'string' ? p(path) : path });
const and = (left: Filter, right: Filter): Filter => ({ kind: 'And', left, right });
const or = (left: Filter, right: Filter): Filter => ({ kind: 'Or', left, right });
const not = (filter: Filter): Filter => ({ kind: 'Not', filter });
const vp = (path: string, filter: Filter): Filter => ({ kind: 'ValuePath', path: p(path), filter });

function parseError(fn: () => unknown): RosterError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RosterError, `expected RosterError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('parseFilter: RFC 7644 §3.4.2.2 examples', () => {
  const lastModified = p('meta.lastModified');
  const cases: [string, Filter][] = [
    ['userName eq "bjensen"', cmp('userName', 'eq', 'bjensen')],
    [`name.familyName co "O'Malley"`, cmp('name.familyName', 'co', "O'Malley")],
    ['userName sw "J"', cmp('userName', 'sw', 'J')],
    [`${CORE}:userName sw "J"`, cmp(p('userName', CORE), 'sw', 'J')],
    ['title pr', pr('title')],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp(lastModified, 'gt', '2011-05-13T04:42:34Z')],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', cmp(lastModified, 'ge', '2011-05-13T04:42:34Z')],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', cmp(lastModified, 'lt', '2011-05-13T04:42:34Z')],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', cmp(lastModified, 'le', '2011-05-13T04:42:34Z')],
    ['title pr and userType eq "Employee"', and(pr('title'), cmp('userType', 'eq', 'Employee'))],
    ['title pr or userType eq "Intern"', or(pr('title'), cmp('userType', 'eq', 'Intern'))],
    [`schemas eq "${ENT}"`, cmp('schemas', 'eq', ENT)],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      and(cmp('userType', 'eq', 'Employee'), or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org'))),
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(cmp('userType', 'ne', 'Employee'), not(or(cmp('emails', 'co', 'example.com'), cmp('emails.value', 'co', 'example.org')))),
    ],
    ['userType eq "Employee" and (emails.type eq "work")', and(cmp('userType', 'eq', 'Employee'), cmp('emails.type', 'eq', 'work'))],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      and(cmp('userType', 'eq', 'Employee'), vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com')))),
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      or(
        vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@example.com'))),
        vp('ims', and(cmp('type', 'eq', 'xmpp'), cmp('value', 'co', '@foo.com'))),
      ),
    ],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(parseFilter(text), expected));
  }
});

describe('parseFilter: grammar', () => {
  const a = pr('a');
  const b = pr('b');
  const c = pr('c');
  const d = pr('d');
  const cases: [string, Filter][] = [
    ['a pr or b pr and c pr', or(a, and(b, c))],
    ['a pr and b pr or c pr', or(and(a, b), c)],
    ['a pr and b pr and c pr', and(and(a, b), c)],
    ['a pr or b pr or c pr', or(or(a, b), c)],
    ['a pr or (b pr or c pr)', or(a, or(b, c))],
    ['(a pr or b pr) and c pr', and(or(a, b), c)],
    ['a pr and b pr or c pr and d pr', or(and(a, b), and(c, d))],
    ['not (a pr) and b pr', and(not(a), b)],
    ['not (a pr or b pr)', not(or(a, b))],
    ['NOT(a pr)', not(a)],
    ['not(not (a pr))', not(not(a))],
    ['((a pr))', a],
    ['a PR AND b Pr OR c pR', or(and(a, b), c)],
    ['userName EQ "x"', cmp('userName', 'eq', 'x')],
    ...(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const).map(
      (op): [string, Filter] => [`x ${op.toUpperCase()} 1`, cmp('x', op, 1)],
    ),
    ['  \ta  \t pr\t ', a],
    ['a pr\nand\r\nb pr', and(a, b)],
    ['(a pr)and(b pr)', and(a, b)],
    ['a eq "x"and b pr', and(cmp('a', 'eq', 'x'), b)],
    ['members[$ref eq "x"]', vp('members', cmp('$ref', 'eq', 'x'))],
    ['x-y_1.z_2-3 pr', pr({ attr: 'x-y_1', sub: 'z_2-3' })],
    [`${ENT}:employeeNumber eq "701984"`, cmp(p('employeeNumber', ENT), 'eq', '701984')],
    [`${ENT}:manager.value eq "26118915"`, cmp(p('manager.value', ENT), 'eq', '26118915')],
    [`URN:IETF:params:scim:schemas:core:2.0:User:name.givenName pr`, pr(p('name.givenName', 'URN:IETF:params:scim:schemas:core:2.0:User'))],
    ['emails[not (type eq "work")]', vp('emails', not(cmp('type', 'eq', 'work')))],
    ['emails[type eq "work" or (primary eq true and value pr)]', vp('emails', or(cmp('type', 'eq', 'work'), and(cmp('primary', 'eq', true), pr('value'))))],
    ['emails [type eq "work"]', vp('emails', cmp('type', 'eq', 'work'))],
    // Attributes may be named like keywords; position decides.
    ['not pr', pr('not')],
    ['not eq "x"', cmp('not', 'eq', 'x')],
    ['and pr and or pr', and(pr('and'), pr('or'))],
    ['pr pr', pr('pr')],
    ['eq eq "eq"', cmp('eq', 'eq', 'eq')],
    ['not[type pr]', vp('not', pr('type'))],
    // Lenient: PATCH-style `attr[filter].sub op value` in a filter.
    ['emails[type eq "work"].value eq "x"', vp('emails', and(cmp('type', 'eq', 'work'), cmp('value', 'eq', 'x')))],
    ['emails[type eq "work" or type eq "home"].value pr', vp('emails', and(or(cmp('type', 'eq', 'work'), cmp('type', 'eq', 'home')), pr('value')))],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(parseFilter(text), expected));
  }
});

describe('parseFilter: values', () => {
  const cases: [string, FilterValue][] = [
    ['"bjensen"', 'bjensen'],
    ['""', ''],
    ['"a\\"b\\\\c\\/d"', 'a"b\\c/d'],
    ['"\\b\\f\\n\\r\\t"', '\b\f\n\r\t'],
    ['"\\u00e9\\u00C9\\ud83d\\ude00"', 'éÉ😀'],
    ['"with ) and ] inside"', 'with ) and ] inside'],
    ['"tab\there"', 'tab\there'],
    ['42', 42],
    ['-7', -7],
    ['0', 0],
    ['-0', -0],
    ['3.25', 3.25],
    ['1e3', 1000],
    ['-2.5E-2', -0.025],
    ['true', true],
    ['FALSE', false],
    ['Null', null],
    ['"true"', 'true'],
    ['"42"', '42'],
    // Lenient bare values: strings unless exactly a JSON number or literal.
    ['O', 'O'],
    ['jyoung', 'jyoung'],
    ['2015-10-10T14:38:21.86-07:00', '2015-10-10T14:38:21.86-07:00'],
    ['7f3a-91bc-4e2d', '7f3a-91bc-4e2d'],
    ['00123', '00123'],
    ['1.', '1.'],
    ['+1', '+1'],
    ['truex', 'truex'],
    [`O'Malley`, `O'Malley`],
    ['a"b', 'a"b'],
    ['x(y', 'x(y'],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      const f = parseFilter(`attr eq ${text}`);
      assert.equal(f.kind, 'Compare');
      assert.ok(f.kind === 'Compare' && Object.is(f.value, expected), `got ${JSON.stringify(f)}`);
    });
  }
  it('ends a bare value at ")" and "]"', () => {
    assert.deepEqual(parseFilter('(userName sw O)'), cmp('userName', 'sw', 'O'));
    assert.deepEqual(parseFilter('members[value eq 2819c223-7f76]'), vp('members', cmp('value', 'eq', '2819c223-7f76')));
  });
});

describe('parseFilter: clients in the wild', () => {
  const cases: [string, Filter][] = [
    ['userName eq "x" and externalId eq "y"', and(cmp('userName', 'eq', 'x'), cmp('externalId', 'eq', 'y'))],
    ['meta.Created gt 2015-10-10T14:38:21.86-07:00', cmp('meta.Created', 'gt', '2015-10-10T14:38:21.86-07:00')],
    ['DisplayName eq "g"', cmp('DisplayName', 'eq', 'g')],
    ['externalId eq jyoung', cmp('externalId', 'eq', 'jyoung')],
    ['userName sw O', cmp('userName', 'sw', 'O')],
    ['id eq 7f3a-4c1e-9d2b', cmp('id', 'eq', '7f3a-4c1e-9d2b')],
    ['members[value eq "2819c223-7f76-453a-919d-413861904646"]', vp('members', cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646'))],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(parseFilter(text), expected));
  }
});

describe('parseFilter: errors', () => {
  const cases: [string, number, RegExp][] = [
    ['', 0, /empty/],
    ['   ', 3, /empty/],
    ['userName xx "x"', 9, /^Expected an operator \(eq, ne, co, sw, ew, gt, ge, lt, le, pr\) after "userName" at position 9/],
    ['userName', 8, /Expected an operator .* after "userName" at position 8, found the end of the filter/],
    ['userName eq', 11, /Expected a value .* after "eq" at position 11/],
    ['userName eq )', 12, /Expected a value/],
    ['userName eq "abc', 12, /Unterminated string starting at position 12/],
    ['userName eq "a\\qb"', 14, /Invalid escape in string at position 14/],
    ['userName eq "\\u12"', 13, /Invalid escape/],
    ['(userName pr', 12, /Expected "\)" at position 12 to close the "\(" at position 0/],
    ['userName pr)', 11, /Unmatched "\)" at position 11/],
    ['userName pr]', 11, /Unmatched "\]"/],
    ['userName pr title pr', 12, /Expected "and", "or" or the end of the filter at position 12, found "title"/],
    ['userName pr and', 15, /Expected an attribute path, "\(" or "not" at position 15/],
    ['and', 3, /Expected an operator/],
    ['not title pr', 4, /Expected "\(" after "not" at position 4/],
    ['not (title pr', 13, /Expected "\)".*"not \("/],
    ['"userName" eq "x"', 0, /Expected an attribute path/],
    ['1abc pr', 0, /Expected an attribute name/],
    ['na!me pr', 2, /Expected an attribute name/],
    ['name. pr', 5, /sub-attribute name/],
    ['name.givenName.x pr', 14, /sub-attribute name/],
    ['foo:bar pr', 3, /Unexpected ":"/],
    ['urn:userName pr', 4, /schema URN/],
    ['urn:a::b:x pr', 6, /schema URN/],
    ['urn:a:b: pr', 8, /attribute name/],
    ['emails[type eq "work"', 21, /Expected "\]" at position 21 to close the "\[" at position 6/],
    ['emails[]', 7, /value filter is empty/],
    ['emails[type[value pr]]', 11, /cannot be nested/],
    ['emails.value[type pr]', 12, /multi-valued attribute/],
    ['emails[type pr].value', 21, /Expected an operator/],
    ['emails[type pr].1x eq 1', 16, /sub-attribute name/],
    ['x eq 1e400', 5, /out of range/],
    ['x eq (1)', 5, /Expected a value/],
  ];
  for (const [text, position, message] of cases) {
    it(JSON.stringify(text), () => {
      const error = parseError(() => parseFilter(text));
      assert.equal(error.code, 'invalid_filter');
      assert.match(error.message, message);
      assert.equal(error.details.position, position, error.message);
    });
  }

  it('refuses filters over 10,000 characters', () => {
    const text = `userName eq "${'x'.repeat(10_000)}"`;
    const error = parseError(() => parseFilter(text));
    assert.equal(error.code, 'invalid_filter');
    assert.match(error.message, /limit is 10000/);
  });

  it(`accepts nesting up to ${MAX_FILTER_DEPTH} levels and refuses deeper`, () => {
    const nested = (n: number) => `${'('.repeat(n)}a pr${')'.repeat(n)}`;
    assert.deepEqual(parseFilter(nested(MAX_FILTER_DEPTH)), pr('a'));
    assert.match(parseError(() => parseFilter(nested(MAX_FILTER_DEPTH + 1))).message, /nested too deeply/);
    assert.match(parseError(() => parseFilter('not ('.repeat(40) + 'a pr' + ')'.repeat(40))).message, /nested too deeply/);
    assert.match(parseError(() => parseFilter('('.repeat(5000))).message, /nested too deeply/);
  });

  it('counts and/or chains towards the depth limit', () => {
    const chain = (n: number, op: string) => Array.from({ length: n }, (_, i) => `a${i} pr`).join(` ${op} `);
    assert.equal(parseFilter(chain(MAX_FILTER_DEPTH + 1, 'and')).kind, 'And');
    assert.match(parseError(() => parseFilter(chain(MAX_FILTER_DEPTH + 2, 'and'))).message, /nested too deeply/);
    assert.match(parseError(() => parseFilter(chain(500, 'or'))).message, /nested too deeply/);
  });
});

describe('parseAttrPath', () => {
  const cases: [string, AttrPath][] = [
    ['userName', p('userName')],
    ['name.givenName', p('name.givenName')],
    ['  meta.lastModified ', p('meta.lastModified')],
    [`${ENT}:manager.value`, p('manager.value', ENT)],
    [`${CORE}:emails`, p('emails', CORE)],
    ['members.$ref', p('members.$ref')],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(parseAttrPath(text), expected));
  }
  const errors: [string, number][] = [
    ['', 0],
    ['emails[type eq "work"]', 6],
    ['userName eq "x"', 9],
    ['1x', 0],
    ['a.b.c', 3],
    ['"userName"', 0],
  ];
  for (const [text, position] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const error = parseError(() => parseAttrPath(text));
      assert.equal(error.code, 'invalid_path');
      assert.equal(error.details.position, position, error.message);
    });
  }
});

describe('parsePatchPath (RFC 7644 §3.5.2)', () => {
  const cases: [string, PatchPath][] = [
    ['members', { path: p('members') }],
    ['name.givenName', { path: p('name.givenName') }],
    ['emails[type eq "work"].value', { path: p('emails'), filter: cmp('type', 'eq', 'work'), subAfterFilter: 'value' }],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      { path: p('members'), filter: cmp('value', 'eq', '2819c223-7f76-453a-919d-413861904646') },
    ],
    [`${ENT}:manager`, { path: p('manager', ENT) }],
    [`${ENT}:manager.value`, { path: p('manager.value', ENT) }],
    ['addresses[type eq "work"].locality', { path: p('addresses'), filter: cmp('type', 'eq', 'work'), subAfterFilter: 'locality' }],
    ['members[value eq 2819c223-7f76]', { path: p('members'), filter: cmp('value', 'eq', '2819c223-7f76') }],
    [
      'emails[type eq work and primary eq TRUE].display',
      { path: p('emails'), filter: and(cmp('type', 'eq', 'work'), cmp('primary', 'eq', true)), subAfterFilter: 'display' },
    ],
    [' emails[not (type pr)] ', { path: p('emails'), filter: not(pr('type')) }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(parsePatchPath(text), expected));
  }
  const errors: [string, number, RegExp][] = [
    ['', 0, /empty/],
    ['emails[type eq "work"', 21, /Expected "\]"/],
    ['emails[type eq ]', 15, /Expected a value/],
    ['emails[type eq "work"]value', 22, /Expected "\.subAttribute"/],
    ['emails[type eq "work"].value.x', 28, /sub-attribute name/],
    ['emails[type eq "work"].value extra', 29, /Expected the end of the path/],
    ['emails[type[x pr]]', 11, /cannot be nested/],
    ['emails.value[type pr]', 12, /multi-valued/],
    ['name givenName', 5, /Expected "\[" or the end of the path/],
    ['emails[type zz "w"]', 12, /Expected an operator/],
  ];
  for (const [text, position, message] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const error = parseError(() => parsePatchPath(text));
      assert.equal(error.code, 'invalid_path');
      assert.match(error.message, message);
      assert.equal(error.details.position, position, error.message);
    });
  }
});
