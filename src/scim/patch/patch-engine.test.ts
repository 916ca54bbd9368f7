// Table-driven tests for applyPatch on users: the RFC 7644 §3.5.2.1–3 examples and the core semantics.
import { describe } from 'node:test';
import { ENTERPRISE, minimalUser, runCases, sampleUser, USER_URN, userWith } from './patch-fixtures.ts';

describe('RFC 7644 §3.5.2 examples on users', () => {
  runCases([
    {
      name: '§3.5.2.1 path-less add of emails and nickname',
      before: sampleUser(),
      ops: [{ op: 'add', value: { emails: [{ value: 'babs@jensen.org', type: 'home' }, { value: 'b@x.org', type: 'other' }], nickname: 'Babs' } }],
      after: userWith((u) => {
        (u.emails as unknown[]).push({ value: 'b@x.org', type: 'other' });
        u.nickName = 'Babs';
      }),
      changed: ['emails', 'nickName'],
    },
    {
      name: '§3.5.2.2 remove emails[type eq "work" and value ew "example.com"]',
      before: sampleUser(),
      ops: [{ op: 'remove', path: 'emails[type eq "work" and value ew "example.com"]' }],
      after: userWith((u) => (u.emails = [{ value: 'babs@jensen.org', type: 'home' }])),
      changed: ['emails'],
    },
    {
      name: '§3.5.2.3 path-less replace of emails and nickname',
      before: sampleUser(),
      ops: [
        {
          op: 'replace',
          value: { emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }, { value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' },
        },
      ],
      after: userWith((u) => (u.nickName = 'Babs')),
      changed: ['nickName'],
    },
    {
      name: '§3.5.2.3 replace addresses[type eq "work"]',
      before: sampleUser(),
      ops: [
        {
          op: 'replace',
          path: 'addresses[type eq "work"]',
          value: { type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'US', formatted: '911 Universal City Plaza\nHollywood, CA 91608 US', primary: true },
        },
      ],
      after: userWith(
        (u) =>
          (u.addresses = [
            { type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'US', formatted: '911 Universal City Plaza\nHollywood, CA 91608 US', primary: true },
          ]),
      ),
      changed: ['addresses'],
    },
    {
      name: '§3.5.2.3 replace addresses[type eq "work"].streetAddress',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'addresses[type eq "work"].streetAddress', value: '1010 Broadway Ave' }],
      after: userWith((u) => ((u.addresses as Record<string, unknown>[])[0]!.streetAddress = '1010 Broadway Ave')),
    },
  ]);
});

describe('add', () => {
  runCases([
    { name: 'sets an unset simple attribute', before: sampleUser(), ops: [{ op: 'add', path: 'title', value: 'Tour Guide' }], after: userWith((u) => (u.title = 'Tour Guide')) },
    { name: 'replaces a set simple attribute', before: sampleUser(), ops: [{ op: 'add', path: 'displayName', value: 'B' }], after: userWith((u) => (u.displayName = 'B')) },
    {
      name: 'merges into a singular complex attribute',
      before: sampleUser(),
      ops: [{ op: 'add', path: 'name', value: { middleName: 'Jane', givenName: 'Babs' } }],
      after: userWith((u) => (u.name = { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Babs', middleName: 'Jane' })),
    },
    {
      name: 'does not append an element already present, ignoring key order',
      before: sampleUser(),
      ops: [{ op: 'add', path: 'emails', value: [{ type: 'home', value: 'babs@jensen.org' }] }],
      after: sampleUser(),
      changed: [],
    },
    { name: 'a sub-attribute by dotted path', before: sampleUser(), ops: [{ op: 'add', path: 'name.honorificPrefix', value: 'Ms.' }], after: userWith((u) => ((u.name as Record<string, unknown>).honorificPrefix = 'Ms.')) },
    {
      name: 'URN-qualified core and extension paths, any case',
      before: sampleUser(),
      ops: [
        { op: 'add', path: `${USER_URN}:NICKNAME`, value: 'Babs' },
        { op: 'add', path: `${ENTERPRISE}:costCenter`, value: '4130' },
        { op: 'add', path: `${ENTERPRISE.toUpperCase()}:manager.value`, value: 'm1' },
      ],
      after: userWith((u) => {
        u.nickName = 'Babs';
        u[ENTERPRISE] = { employeeNumber: '701984', department: 'Tour Operations', costCenter: '4130', manager: { value: 'm1' } };
      }),
      changed: ['nickName', `${ENTERPRISE}:costCenter`, `${ENTERPRISE}:manager`],
    },
    {
      name: 'a path that is exactly the extension URN merges attribute by attribute',
      before: minimalUser(),
      ops: [{ op: 'add', path: ENTERPRISE, value: { division: 'Theme Park', manager: 'm2' } }],
      after: { ...minimalUser(), schemas: [USER_URN, ENTERPRISE], [ENTERPRISE]: { division: 'Theme Park', manager: { value: 'm2' } } },
    },
    { name: 'an empty list adds nothing', before: sampleUser(), ops: [{ op: 'add', path: 'emails', value: [] }], after: sampleUser(), changed: [] },
    { name: 'a null value removes the attribute (lenient)', before: sampleUser(), ops: [{ op: 'add', path: 'displayName', value: null }], after: userWith((u) => delete u.displayName) },
    { name: 'coerces a single object into a multi-valued attribute', before: minimalUser(), ops: [{ op: 'add', path: 'emails', value: { value: 'x@y.z' } }], after: { ...minimalUser(), emails: [{ value: 'x@y.z' }] } },
  ]);
});

describe('replace', () => {
  runCases([
    {
      name: 'with a path replaces a complex attribute whole',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'name', value: { givenName: 'Babs' } }],
      after: userWith((u) => (u.name = { givenName: 'Babs' })),
    },
    {
      name: 'without a path merges a complex attribute (documented choice)',
      before: sampleUser(),
      ops: [{ op: 'replace', value: { name: { givenName: 'Babs' } } }],
      after: userWith((u) => (u.name = { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Babs' })),
    },
    {
      // Regression (idp dialects turn Okta/Entra "" into null): the whole name used to be dropped.
      name: 'without a path, a null sub-attribute clears only that sub-attribute',
      before: sampleUser(),
      ops: [{ op: 'replace', value: { name: { givenName: null } } }],
      after: userWith((u) => (u.name = { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen' })),
      changed: ['name'],
    },
    {
      name: 'add of a complex value with a null sub-attribute clears it and merges the rest',
      before: sampleUser(),
      ops: [{ op: 'add', path: 'name', value: { givenName: null, middleName: 'J' } }],
      after: userWith((u) => (u.name = { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', middleName: 'J' })),
    },
    {
      name: 'a multi-valued attribute without filter replaces all values',
      before: sampleUser(),
      ops: [{ op: 'replace', path: 'emails', value: [{ value: 'new@example.com', type: 'work' }] }],
      after: userWith((u) => (u.emails = [{ value: 'new@example.com', type: 'work' }])),
    },
    { name: 'an unset attribute is an add', before: minimalUser(), ops: [{ op: 'replace', path: 'name.familyName', value: 'Min' }], after: { ...minimalUser(), name: { familyName: 'Min' } } },
    { name: 'a null value removes the attribute', before: sampleUser(), ops: [{ op: 'replace', path: 'addresses', value: null }], after: userWith((u) => delete u.addresses) },
    {
      name: 'a path that is exactly the extension URN replaces the extension object',
      before: userWith((u) => ((u[ENTERPRISE] as Record<string, unknown>).manager = { value: 'm0', $ref: '../Users/m0' })),
      ops: [{ op: 'replace', path: ENTERPRISE, value: { division: 'Parks', manager: { value: 'm1' } } }],
      after: userWith((u) => (u[ENTERPRISE] = { division: 'Parks', manager: { value: 'm1' } })),
      changed: [`${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:department`, `${ENTERPRISE}:division`, `${ENTERPRISE}:manager`],
    },
    { name: 'the same value changes nothing', before: sampleUser(), ops: [{ op: 'replace', path: 'active', value: true }], after: sampleUser(), changed: [] },
  ]);
});

describe('remove', () => {
  runCases([
    { name: 'a simple attribute', before: sampleUser(), ops: [{ op: 'remove', path: 'displayName' }], after: userWith((u) => delete u.displayName), changed: ['displayName'] },
    {
      name: 'a sub-attribute',
      before: sampleUser(),
      ops: [{ op: 'remove', path: 'name.givenName' }],
      after: userWith((u) => (u.name = { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen' })),
    },
    { name: 'a whole multi-valued attribute', before: sampleUser(), ops: [{ op: 'remove', path: 'emails' }], after: userWith((u) => delete u.emails) },
    {
      name: 'elements of a multi-valued attribute given by value',
      before: sampleUser(),
      ops: [{ op: 'remove', path: 'emails', value: [{ value: 'BABS@jensen.org' }] }],
      after: userWith((u) => (u.emails = [{ value: 'bjensen@example.com', type: 'work', primary: true }])),
    },
    { name: 'by value with no match warns and keeps everything', before: sampleUser(), ops: [{ op: 'remove', path: 'emails', value: [{ value: 'nobody@x' }] }], after: sampleUser(), warnings: 1 },
    {
      name: 'the last extension attributes drops the extension URN from schemas',
      before: sampleUser(),
      ops: [
        { op: 'remove', path: `${ENTERPRISE}:employeeNumber` },
        { op: 'remove', path: `${ENTERPRISE}:department` },
      ],
      after: userWith((u) => {
        delete u[ENTERPRISE];
        u.schemas = [USER_URN];
      }),
    },
    { name: 'a path that is exactly the extension URN removes the extension', before: sampleUser(), ops: [{ op: 'remove', path: ENTERPRISE }], after: userWith((u) => ((u.schemas = [USER_URN]), delete u[ENTERPRISE])) },
    { name: 'an attribute that has no value is a no-op', before: sampleUser(), ops: [{ op: 'remove', path: 'nickName' }], after: sampleUser(), changed: [] },
    { name: 'the only sub-attribute drops the complex value', before: { ...minimalUser(), name: { givenName: 'M' } }, ops: [{ op: 'remove', path: 'name.givenName' }], after: minimalUser() },
  ]);
});
