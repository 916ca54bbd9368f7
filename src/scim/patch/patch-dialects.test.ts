// Table-driven tests for the user PATCH bodies Microsoft Entra and Okta actually send (RFC 7644 §3.5.2).
import { describe } from 'node:test';
import { ENTERPRISE, minimalUser, runCases, sampleUser, USER_URN, userWith } from './patch-fixtures.ts';

type Row = Record<string, unknown>;

describe('Microsoft Entra user dialect', () => {
  runCases([
    {
      name: 'Replace active with the string "False"',
      before: sampleUser(),
      ops: [{ op: 'Replace', path: 'active', value: 'False' }],
      after: userWith((u) => (u.active = false)),
      changed: ['active'],
    },
    {
      name: 'path-less Replace with dotted and URN keys',
      before: sampleUser(),
      ops: [
        {
          op: 'replace',
          value: {
            displayName: 'Bjfe',
            'name.givenName': 'Kkom',
            'name.familyName': 'Unua',
            'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
          },
        },
      ],
      after: userWith((u) => {
        u.displayName = 'Bjfe';
        u.name = { formatted: 'Ms. Barbara J Jensen, III', givenName: 'Kkom', familyName: 'Unua' };
        u[ENTERPRISE] = { employeeNumber: 'Aklq', department: 'Tour Operations' };
      }),
      changed: ['displayName', 'name', `${ENTERPRISE}:employeeNumber`],
    },
    {
      name: 'emails[type eq "work"].value creates the element on first sync',
      before: minimalUser(),
      ops: [
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'min@contoso.com' },
        { op: 'Add', path: 'emails[type eq "work"].primary', value: 'True' },
        { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
        { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      ],
      after: {
        ...minimalUser(),
        emails: [{ type: 'work', value: 'min@contoso.com', primary: true }],
        addresses: [{ type: 'work', locality: 'Redmond', postalCode: '98052' }],
      },
    },
    {
      name: 'emails[type eq "work"].value updates the existing element',
      before: sampleUser(),
      ops: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'babs@contoso.com' }],
      after: userWith((u) => ((u.emails as Row[])[0]!.value = 'babs@contoso.com')),
    },
    {
      name: 'manager sent as a bare id string',
      before: sampleUser(),
      ops: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: '2c2f1c6e-7f2b-4b8a-9d52-0f1c1d1e1f10' }],
      after: userWith((u) => ((u[ENTERPRISE] as Row).manager = { value: '2c2f1c6e-7f2b-4b8a-9d52-0f1c1d1e1f10' })),
    },
    {
      name: 'manager removed by URN path',
      before: userWith((u) => ((u[ENTERPRISE] as Row).manager = { value: 'm1' })),
      ops: [{ op: 'Remove', path: `${ENTERPRISE}:manager` }],
      after: sampleUser(),
    },
    {
      name: 'path-less Add with an extension URN key holding an object',
      before: minimalUser(),
      ops: [{ op: 'Add', value: { [ENTERPRISE]: { department: 'Sales', manager: { value: 'm1', displayName: 'ignored' } }, externalId: 'ext-1' } }],
      after: { ...minimalUser(), schemas: [USER_URN, ENTERPRISE], externalId: 'ext-1', [ENTERPRISE]: { department: 'Sales', manager: { value: 'm1' } } },
    },
    {
      name: 'Replace userName and externalId',
      before: sampleUser(),
      ops: [
        { op: 'Replace', path: 'userName', value: 'babs@contoso.com' },
        { op: 'Replace', path: 'externalId', value: 'babs' },
      ],
      after: userWith((u) => ((u.userName = 'babs@contoso.com'), (u.externalId = 'babs'))),
      changed: ['userName', 'externalId'],
    },
    {
      name: 'replace of phoneNumbers[type eq "mobile"].value on a user without phones',
      before: sampleUser(),
      ops: [{ op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }],
      after: userWith((u) => (u.phoneNumbers = [{ type: 'mobile', value: '+1 555 0100' }])),
    },
  ]);
});

describe('Okta user dialect', () => {
  runCases([
    {
      name: 'path-less replace {"active": false} deactivates',
      before: sampleUser(),
      ops: [{ op: 'replace', value: { active: false } }],
      after: userWith((u) => (u.active = false)),
      changed: ['active'],
      warnings: 0,
    },
    {
      name: 'path-less replace echoing id, meta and schemas changes only the rest',
      before: sampleUser(),
      ops: [{ op: 'replace', value: { schemas: [USER_URN], id: sampleUser().id, meta: { resourceType: 'User' }, name: { givenName: 'Babs' } } }],
      after: userWith((u) => ((u.name as Row).givenName = 'Babs')),
      warnings: 0,
    },
    {
      name: 'path-less value with readOnly groups warns and ignores them',
      before: sampleUser(),
      ops: [{ op: 'replace', value: { groups: [{ value: 'g1' }], title: 'Guide' } }],
      after: userWith((u) => (u.title = 'Guide')),
      warnings: 1,
    },
  ]);
});
