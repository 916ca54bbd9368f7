// Tests for evaluateFilter, matchesElement and resolveFilterPath against the test-schema fixture.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import type { AttributeDef } from '../schema/attribute.ts';
import { findAttribute } from '../schema/resolve-path.ts';
import { compileFilter, evaluateFilter, matchesElement, resolveFilterPath } from './filter-evaluator.ts';
import { parseFilter } from './filter-parser.ts';
import { CORE_USER_URN, ENTERPRISE_URN, TEST_GROUP_SCHEMA, TEST_USER_SCHEMA } from './test-schema.ts';

const bjensen = {
  schemas: [CORE_USER_URN, ENTERPRISE_URN],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'BJensen-Ext',
  userName: 'BJensen',
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  userType: 'Employee',
  active: true,
  loginCount: 42,
  rating: 4.5,
  name: { formatted: 'Ms. Barbara J Jensen III', givenName: 'Barbara', familyName: "O'Malley" },
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  ims: [{ value: 'babs@foo.com', type: 'xmpp' }],
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff591"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
  [ENTERPRISE_URN]: {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
  },
};

/** A sparse user: no title, empty values, nothing in the extension. */
const sparse = {
  schemas: [CORE_USER_URN],
  id: 'a1',
  userName: 'sparse',
  displayName: '',
  active: false,
  emails: [],
  name: { givenName: null },
};

const run = (text: string, resource: Record<string, unknown> = bjensen) => evaluateFilter(parseFilter(text), resource, TEST_USER_SCHEMA);

function filterError(fn: () => unknown): RosterError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof RosterError, `expected RosterError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_filter');
    return error;
  }
  assert.fail('expected an error');
}

describe('evaluateFilter: RFC 7644 §3.4.2.2 examples on bjensen', () => {
  const cases: [string, boolean][] = [
    ['userName eq "bjensen"', true],
    [`name.familyName co "O'Malley"`, true],
    ['userName sw "J"', false],
    ['userName sw "b"', true],
    [`${CORE_USER_URN}:userName sw "bj"`, true],
    ['title pr', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', true],
    ['title pr and userType eq "Employee"', true],
    ['title pr or userType eq "Intern"', true],
    [`schemas eq "${ENTERPRISE_URN}"`, true],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', false],
    ['userType eq "Employee" and (emails.type eq "work")', true],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', true],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.equal(run(text), expected));
  }
});

describe('evaluateFilter: comparison rules', () => {
  const cases: [string, boolean][] = [
    // caseExact false: case-insensitive; caseExact true (id, externalId): exact.
    ['userName eq "BJENSEN"', true],
    ['USERNAME Eq "bjensen"', true],
    ['displayName co "JENS"', true],
    ['displayName ew "SEN"', true],
    ['externalId eq "BJensen-Ext"', true],
    ['externalId eq "bjensen-ext"', false],
    ['externalId sw "BJ"', true],
    ['externalId sw "bj"', false],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['userName gt "a"', true],
    ['userName gt "C"', false],
    ['userName lt "c"', true],
    ['userName ge "bjensen"', true],
    ['userName le "bjensen"', true],
    ['userName ne "bjensen"', false],
    ['userName ne "other"', true],
    // Dates compare as instants, whatever the notation.
    ['meta.lastModified eq "2011-05-13T04:42:34.000Z"', true],
    ['meta.lastModified eq "2011-05-12T21:42:34-07:00"', true],
    ['meta.lastModified gt "2011-05-13T04:42:33.999Z"', true],
    ['meta.lastModified gt 2011-05-12T21:42:33-07:00', true],
    ['meta.created lt "2011-01-01"', true],
    ['meta.created gt "2010-01-23T04:56:22"', false],
    ['meta.created sw "2010-01"', true],
    ['meta.Created gt 2015-10-10T14:38:21.86-07:00', false],
    // Numbers.
    ['loginCount eq 42', true],
    ['loginCount gt 41.5', true],
    ['loginCount ge 43', false],
    ['loginCount lt 1e2', true],
    ['loginCount eq "42"', true],
    ['rating le 4.5', true],
    ['rating gt 4.5', false],
    ['rating ne 4', true],
    // Booleans, also written as strings.
    ['active eq true', true],
    ['active eq false', false],
    ['active eq "TRUE"', true],
    ['active eq True', true],
    ['active ne true', false],
    ['emails[primary eq true].value ew "example.com"', true],
    // Bare values and numbers against string attributes.
    ['userName sw B', true],
    [`${ENTERPRISE_URN}:employeeNumber eq 701984`, true],
    ['externalId eq BJensen-Ext', true],
    // Extension attributes, any URN case.
    [`${ENTERPRISE_URN}:department eq "tour operations"`, true],
    [`${ENTERPRISE_URN.toUpperCase()}:Department sw "tour"`, true],
    [`${ENTERPRISE_URN}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE_URN}:manager eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE_URN}:manager.displayName co "smith"`, true],
    [`${ENTERPRISE_URN}:manager pr`, true],
    // Common attributes with the core URN.
    [`${CORE_USER_URN}:meta.resourceType eq "User"`, true],
    // Multi-valued: any element matches.
    ['emails.value eq "babs@jensen.org"', true],
    ['emails eq "BABS@jensen.org"', true],
    ['emails.type eq "other"', false],
    ['emails.type ne "work"', false],
    ['emails.type ne "other"', true],
    ['emails co "jensen"', true],
    // Value paths: all conditions on the same element.
    ['emails[type eq "home" and value co "example.com"]', false],
    ['emails[type eq "home" and value co "jensen"]', true],
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['emails[type eq "home"].value eq "bjensen@example.com"', false],
    ['emails[not (type eq "work")]', true],
    ['ims[type eq "aim"]', false],
    ['emails[emails.type eq "home"]', true],
    // Presence.
    ['name pr', true],
    ['name.givenName pr', true],
    ['emails pr', true],
    ['emails.primary pr', true],
    // Null: eq null means absent.
    ['title eq null', false],
    ['title ne null', true],
    ['not (title pr)', false],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.equal(run(text), expected));
  }
  it('unknown attributes fail even where short-circuiting would skip them', () => {
    assert.throws(() => run('userName pr or nickName pr'), RosterError);
  });
});

describe('evaluateFilter: absent and empty values', () => {
  const cases: [string, boolean][] = [
    ['title pr', false],
    ['displayName pr', false],
    ['emails pr', false],
    ['name pr', false],
    ['name.givenName pr', false],
    ['name.givenName eq null', true],
    ['title eq null', true],
    ['title ne null', false],
    ['title eq "x"', false],
    ['title ne "x"', true],
    ['title gt "a"', false],
    ['emails.value co "x"', false],
    ['emails[type eq "work"]', false],
    ['emails[not (type eq "work")]', false],
    [`${ENTERPRISE_URN}:department pr`, false],
    [`${ENTERPRISE_URN}:department ne "x"`, true],
    ['active eq false', true],
    ['active pr', true],
    ['loginCount gt 0', false],
    ['meta.created gt "2000-01-01T00:00:00Z"', false],
  ];
  for (const [text, expected] of cases) {
    it(text, () => assert.equal(run(text, sparse), expected));
  }
});

describe('evaluateFilter: invalid filters', () => {
  const cases: [string, RegExp][] = [
    ['nickName eq "x"', /^Unknown attribute "nickName" in filter/],
    ['name.middle eq "x"', /Unknown attribute "name\.middle" in filter: "name" has no sub-attribute "middle"/],
    ['urn:example:ext:foo eq "x"', /no schema "urn:example:ext"/],
    [`${ENTERPRISE_URN}:userName eq "x"`, /Unknown attribute/],
    ['emails[foo eq "x"]', /Unknown attribute "emails\.foo" in filter/],
    ['emails[name.givenName eq "x"]', /not a sub-attribute of "emails"/],
    ['userName[value eq "x"]', /no sub-attributes/],
    ['name eq "x"', /complex; compare one of its sub-attributes/],
    ['active gt true', /boolean attribute "active"/],
    ['active co "t"', /boolean attribute/],
    ['active eq "yes"', /compare it with true or false/],
    ['active eq 1', /compare it with true or false/],
    ['loginCount co 4', /numeric attribute/],
    ['loginCount eq "many"', /compare it with a number/],
    ['loginCount eq true', /compare it with a number/],
    ['meta.lastModified gt "yesterday"', /not a valid dateTime/],
    ['meta.lastModified gt "2011-13-45T00:00:00Z"', /not a valid dateTime/],
    ['meta.lastModified gt 5', /not a valid dateTime/],
    ['title gt null', /only eq and ne/],
  ];
  for (const [text, message] of cases) {
    it(text, () => assert.match(filterError(() => run(text)).message, message));
  }
  it('names the attribute in the details', () => {
    assert.equal(filterError(() => run('nickName pr')).details.attribute, 'nickName');
  });
});

describe('matchesElement', () => {
  const members = findAttribute(TEST_GROUP_SCHEMA.core.attributes, 'members') as AttributeDef;
  const emails = findAttribute(TEST_USER_SCHEMA.core.attributes, 'emails') as AttributeDef;
  const member = { value: '2819c223-7f76-453a-919d-413861904646', display: 'Babs', type: 'User', $ref: 'https://x/Users/2819c223' };
  const cases: [string, unknown, boolean][] = [
    ['value eq "2819c223-7f76-453a-919d-413861904646"', member, true],
    // members.value is caseExact in the fixture.
    ['value eq "2819C223-7F76-453A-919D-413861904646"', member, false],
    ['value eq 2819c223-7f76-453a-919d-413861904646', member, true],
    ['display eq "BABS" and type eq "user"', member, true],
    ['$ref ew "2819c223"', member, true],
    ['value pr', {}, false],
    ['value eq "x"', 'not an object', false],
  ];
  for (const [text, element, expected] of cases) {
    it(text, () => assert.equal(matchesElement(parseFilter(text), element, members, TEST_GROUP_SCHEMA), expected));
  }
  it('works on emails with type and primary', () => {
    const f = parseFilter('type eq "work" and primary eq true');
    assert.equal(matchesElement(f, bjensen.emails[0], emails, TEST_USER_SCHEMA), true);
    assert.equal(matchesElement(f, bjensen.emails[1], emails, TEST_USER_SCHEMA), false);
  });
  it('rejects unknown sub-attributes and nested value filters', () => {
    assert.match(filterError(() => matchesElement(parseFilter('foo eq "x"'), member, members, TEST_GROUP_SCHEMA)).message, /Unknown attribute "members\.foo"/);
    const nested = { kind: 'ValuePath', path: { attr: 'emails' }, filter: { kind: 'Present', path: { attr: 'type' } } } as const;
    assert.match(filterError(() => matchesElement(nested, bjensen.emails[0], emails, TEST_USER_SCHEMA)).message, /cannot be nested/);
  });
});

describe('resolveFilterPath and compileFilter', () => {
  it('resolves case-insensitively, with and without URN', () => {
    const r = resolveFilterPath(TEST_USER_SCHEMA, { schema: ENTERPRISE_URN.toLowerCase(), attr: 'MANAGER', sub: 'Value' });
    assert.equal(r.extension, true);
    assert.equal(r.attribute.name, 'manager');
    assert.equal(r.sub?.name, 'value');
    assert.equal(resolveFilterPath(TEST_USER_SCHEMA, { attr: 'meta', sub: 'lastmodified' }).sub?.type, 'dateTime');
  });
  it('throws invalid_filter naming the attribute', () => {
    const error = filterError(() => resolveFilterPath(TEST_USER_SCHEMA, { attr: 'foo' }));
    assert.match(error.message, /Unknown attribute "foo" in filter/);
  });
  it('compiles once and evaluates many resources', () => {
    const matches = compileFilter(parseFilter('active eq true and emails pr'), TEST_USER_SCHEMA);
    assert.deepEqual([bjensen, sparse].map(matches), [true, false]);
  });
  it('works on groups', () => {
    const group = { displayName: 'Tour Guides', members: [{ value: 'a1', type: 'User' }] };
    assert.equal(evaluateFilter(parseFilter('members[value eq "a1"] and displayName sw "tour"'), group, TEST_GROUP_SCHEMA), true);
    assert.equal(evaluateFilter(parseFilter('members.value eq "A1"'), group, TEST_GROUP_SCHEMA), false);
  });
});
