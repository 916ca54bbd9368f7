// Test fixture for the SQL filter tests: one directory of varied users and groups, stored as the app
// stores them (normalizeResource + userColumns / splitGroup), and their SCIM views as the app builds them.
import { sql, type RawBuilder } from 'kysely';
import type { DirectoryContext } from '../../directory/directory-context.ts';
import { splitGroup } from '../../directory/groups/group-service.ts';
import { groupView } from '../../directory/groups/group-view.ts';
import { userColumns } from '../../directory/users/user-columns.ts';
import { userView } from '../../directory/users/user-view.ts';
import { normalizeResource } from '../../scim/resource/normalize-resource.ts';
import { BUILT_IN_RESOURCES } from '../../scim/schema/directory-resources.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import type { Db } from '../db.ts';
import { groupsOfUsers, listMembers } from '../membership-repository.ts';

export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const ORG_ID = '01900000-0000-7000-8000-00000000a000';
export const DIRECTORY_ID = '01900000-0000-7000-8000-00000000d000';
/** Another directory with one user that shares names with the main one: filters must never reach it. */
export const OTHER_DIRECTORY_ID = '01900000-0000-7000-8000-00000000d001';
export const SCIM_BASE_URL = `https://roster.test/scim/v2/${DIRECTORY_ID}`;

export const CTX: DirectoryContext = {
  directoryId: DIRECTORY_ID,
  organizationId: ORG_ID,
  provider: 'generic',
  providerLabel: 'the identity provider',
  deprovisionRule: 'deactivate',
  attributeMode: 'lenient',
  storePasswords: true,
  domains: [],
  externalDomainPolicy: 'allow',
  scimBaseUrl: SCIM_BASE_URL,
  resources: BUILT_IN_RESOURCES,
};

/** Stable ids, lower-case like PostgreSQL prints them. */
export const userId = (n: number) => `0190abcd-ef01-7000-8000-${(0x100 + n).toString(16).padStart(12, '0')}`;
export const groupId = (n: number) => `0190abcd-ef02-7000-8000-${(0x900 + n).toString(16).padStart(12, '0')}`;

interface UserSeed {
  body: Record<string, unknown>;
  /** created_at / updated_at with microseconds (the driver and the view keep milliseconds). */
  created: string;
  updated: string;
}

const work = (value: string, primary?: boolean) => ({ value, type: 'work', ...(primary !== undefined ? { primary } : {}) });
const home = (value: string) => ({ value, type: 'home' });

/** ~40 users: case, absent and empty values, unicode, LIKE metacharacters, numbers as text, extension data. */
export const USER_SEEDS: UserSeed[] = [
  {
    created: '2024-01-10T08:00:00.123456Z',
    updated: '2024-06-01T12:00:00.500001Z',
    body: {
      schemas: [CORE_USER, ENT],
      userName: 'BJensen',
      externalId: 'BJensen-Ext',
      name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane', honorificPrefix: 'Ms.', honorificSuffix: 'III' },
      displayName: 'Babs Jensen',
      nickName: 'Babs',
      profileUrl: 'https://login.example.com/bjensen',
      title: 'Tour Guide',
      userType: 'Employee',
      preferredLanguage: 'en-US',
      locale: 'en-US',
      timezone: 'America/Los_Angeles',
      active: true,
      emails: [work('bjensen@example.com', true), home('babs@jensen.org')],
      phoneNumbers: [{ value: 'tel:+1-201-555-0123', type: 'work' }, { value: '555-555-4444', type: 'mobile' }],
      ims: [{ value: 'someaimhandle', type: 'aim' }],
      photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
      addresses: [
        { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA', formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA', primary: true },
        { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'USA' },
      ],
      entitlements: [{ value: 'Hot Tub Access' }],
      roles: [{ value: 'Tour Guide', primary: true }],
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw' }],
      [ENT]: { employeeNumber: '701984', costCenter: '4130', organization: 'Universal Studios', division: 'Theme Park', department: 'Tour Operations', manager: { value: userId(2) } },
    },
  },
  {
    created: '2024-01-10T08:00:00.123999Z',
    updated: '2024-01-10T08:00:00.123999Z',
    body: {
      userName: 'jsmith',
      externalId: 'jsmith-ext',
      name: { givenName: 'John', familyName: 'Smith' },
      displayName: 'John Smith',
      title: 'Vice President',
      userType: 'Employee',
      active: true,
      emails: [work('John.Smith@Example.com', true)],
      [ENT]: { employeeNumber: '1', department: 'Executive', division: 'Theme Park' },
    },
  },
  {
    created: '2024-02-29T23:59:59.999999Z',
    updated: '2025-03-01T00:00:00Z',
    body: {
      userName: 'ALICE@Example.COM',
      name: { givenName: 'Alice', familyName: 'Liddell' },
      displayName: 'Alice Liddell',
      active: false,
      emails: [work('ALICE@Example.COM', true), home('alice@wonder.land')],
      phoneNumbers: [{ value: '+44 20 7946 0958', type: 'mobile', primary: true }],
      [ENT]: { department: 'Research', employeeNumber: '007', manager: { value: userId(1) } },
    },
  },
  {
    created: '2024-03-15T09:30:00.000001Z',
    updated: '2024-03-15T09:30:00.000001Z',
    body: {
      userName: 'bob',
      externalId: '12345',
      name: { givenName: 'Bob', familyName: 'Builder' },
      displayName: 'Bob Builder',
      title: '',
      userType: 'Contractor',
      active: true,
      emails: [{ value: 'bob@builders.example' }],
      [ENT]: { employeeNumber: '42', department: 'Construction' },
    },
  },
  {
    created: '2024-04-01T00:00:00Z',
    updated: '2024-04-02T00:00:00.000500Z',
    body: {
      userName: "Carol.O'Neil",
      externalId: '00123',
      name: { givenName: 'Carol', familyName: "O'Neil", formatted: "Carol O'Neil" },
      displayName: "Carol O'Neil",
      title: '100% Manager',
      active: true,
      emails: [work('carol@example.com'), { value: '100%real@example.com', type: 'other' }],
      [ENT]: { employeeNumber: '1e3', department: 'R&D', manager: { value: userId(2), $ref: `../Users/${userId(2)}` } },
    },
  },
  {
    created: '2024-04-01T00:00:00.000999Z',
    updated: '2024-05-05T05:05:05.555555Z',
    body: {
      userName: 'dave_underscore',
      name: { givenName: 'Dave', familyName: 'Under_score' },
      displayName: 'Dave U',
      title: 'snake_case_title',
      active: false,
      emails: [work('under_score@example.com', true), home('underXscore@example.com')],
      [ENT]: { department: 'Engineering' },
    },
  },
  {
    created: '2024-05-20T14:00:00.250000Z',
    updated: '2024-05-20T14:00:00.250000Z',
    body: {
      userName: 'back\\slash',
      displayName: 'Back\\Slash User',
      title: 'C:\\Users\\admin',
      active: true,
      emails: [work('back\\slash@example.com')],
    },
  },
  {
    created: '2024-06-01T00:00:00Z',
    updated: '2024-06-01T00:00:00Z',
    body: {
      userName: 'josé.müller',
      name: { givenName: 'José', familyName: 'Müller' },
      displayName: 'José Müller',
      title: 'Ünïcødé Директор',
      active: true,
      emails: [work('JOSÉ@EXAMPLE.DE', true)],
      addresses: [{ type: 'work', locality: 'München', country: 'DE', postalCode: '80331' }],
      [ENT]: { department: 'Vertrieb', employeeNumber: '0042' },
    },
  },
  {
    created: '2024-06-15T10:10:10.101010Z',
    updated: '2024-06-15T10:10:10.101010Z',
    body: {
      userName: 'łukasz',
      name: { givenName: 'Łukasz', familyName: 'Żółć' },
      displayName: 'Łukasz Żółć',
      active: true,
      emails: [home('lukasz@example.pl')],
      [ENT]: { department: 'engineering' },
    },
  },
  {
    created: '2024-07-01T07:07:07.070707Z',
    updated: '2024-07-01T07:07:07.070707Z',
    body: {
      userName: 'strasse',
      displayName: 'Straße Weiß',
      title: 'STRASSE',
      active: true,
      emails: [work('weiss@example.de')],
    },
  },
  {
    created: '2024-07-04T04:04:04.040404Z',
    updated: '2024-07-04T04:04:04.040404Z',
    body: {
      userName: 'tanaka',
      name: { givenName: '太郎', familyName: '田中' },
      displayName: '田中 太郎',
      title: '名前',
      active: true,
      emails: [work('tanaka@example.jp')],
      phoneNumbers: [{ value: '+81-3-1234-5678', type: 'work' }],
    },
  },
  {
    created: '2024-08-08T08:08:08.080808Z',
    updated: '2024-08-08T08:08:08.080808Z',
    body: {
      userName: 'rocket',
      displayName: 'Rocket 🚀 Man',
      nickName: '🚀',
      active: true,
      emails: [work('rocket@example.com')],
    },
  },
  {
    created: '2024-09-09T09:09:09.999000Z',
    updated: '2024-09-09T09:09:09.999000Z',
    body: {
      userName: 'noemail',
      active: true,
    },
  },
  {
    created: '2024-09-10T00:00:00Z',
    updated: '2024-09-10T00:00:00Z',
    body: {
      userName: 'emptyvalues',
      displayName: '',
      name: { givenName: '' },
      emails: [{ value: '', type: 'work' }],
      phoneNumbers: [{ type: 'home' }],
      active: false,
    },
  },
  {
    created: '2024-10-01T12:00:00Z',
    updated: '2024-10-01T12:00:00Z',
    body: {
      userName: 'managed-by-ref',
      displayName: 'Managed By Ref',
      emails: [work('mbr@example.com', false), home('MBR@example.com')],
      [ENT]: { manager: { $ref: `https://roster.test/Users/${userId(1)}` } },
    },
  },
  {
    created: '2024-10-02T12:00:00Z',
    updated: '2024-10-02T12:00:00Z',
    body: {
      userName: 'typeless',
      emails: [{ value: 'typeless@example.com' }, { value: 'typeless2@example.com', primary: true }],
      phoneNumbers: [{ value: '12345' }],
      addresses: [{ locality: 'Nowhere' }],
    },
  },
  {
    created: '2025-01-01T00:00:00Z',
    updated: '2025-01-01T00:00:00Z',
    body: {
      userName: 'UPPERCASE',
      displayName: 'UPPER CASE',
      title: 'CTO',
      userType: 'EMPLOYEE',
      active: true,
      emails: [work('UPPER@EXAMPLE.COM', true)],
      [ENT]: { department: 'EXECUTIVE' },
    },
  },
  {
    created: '2025-01-01T00:00:00.000001Z',
    updated: '2025-01-02T00:00:00Z',
    body: {
      userName: 'lowercase',
      displayName: 'lower case',
      title: 'cto',
      userType: 'employee',
      active: false,
      emails: [work('upper@example.com')],
      [ENT]: { department: 'executive' },
    },
  },
  {
    created: '2025-02-14T14:14:14.141414Z',
    updated: '2025-02-14T14:14:14.141414Z',
    body: {
      userName: 'number.string',
      externalId: '3.14',
      displayName: '42',
      title: '007',
      nickName: 'true',
      active: true,
      emails: [work('1234@example.com')],
      [ENT]: { employeeNumber: '3.14', costCenter: '0' },
    },
  },
  {
    created: '2025-03-03T03:03:03.303030Z',
    updated: '2025-03-03T03:03:03.303030Z',
    body: {
      userName: 'percent%user',
      displayName: '50% off_sale',
      title: '%',
      active: true,
      emails: [work('percent%user@example.com'), home('_@example.com')],
    },
  },
  {
    created: '2025-04-04T04:04:04.404040Z',
    updated: '2025-04-04T04:04:04.404040Z',
    body: {
      userName: 'quote"user',
      displayName: 'Quote "Q" User',
      title: 'Say "hi"',
      active: true,
      emails: [work('quote@example.com')],
    },
  },
  {
    created: '2025-05-05T05:05:05.505050Z',
    updated: '2025-05-05T05:05:05.505050Z',
    body: {
      userName: 'space user',
      displayName: '  padded  ',
      title: ' ',
      active: true,
      emails: [work('space@example.com')],
    },
  },
  {
    created: '2025-06-06T06:06:06.606060Z',
    updated: '2025-06-06T06:06:06.606060Z',
    body: {
      userName: 'primary.false',
      emails: [work('pf@example.com', false)],
      addresses: [{ type: 'home', locality: 'Springfield', primary: false }],
      active: true,
    },
  },
  {
    created: '2025-07-07T07:07:07.707070Z',
    updated: '2025-07-07T07:07:07.707070Z',
    body: {
      userName: 'ims.user',
      ims: [{ value: 'im@xmpp.example', type: 'xmpp', primary: true }, { value: 'IM-Skype', type: 'skype' }],
      roles: [{ value: 'Admin', type: 'system' }, { value: 'User' }],
      entitlements: [{ value: 'vpn' }],
      active: true,
    },
  },
  {
    created: '2025-08-08T08:08:08.808080Z',
    updated: '2025-08-08T08:08:08.808080Z',
    body: {
      userName: 'enterprise.only',
      schemas: [CORE_USER, ENT],
      [ENT]: { employeeNumber: 'E-100', costCenter: 'CC_1', organization: 'Acme', division: 'Rockets', department: 'Tour Operations' },
      active: true,
    },
  },
  {
    created: '2025-09-09T09:09:09.090909Z',
    updated: '2025-12-31T23:59:59.999999Z',
    body: {
      userName: 'jane.doe',
      externalId: 'JDOE',
      name: { givenName: 'Jane', familyName: 'Doe' },
      displayName: 'Jane Doe',
      title: 'Engineer',
      userType: 'Employee',
      active: true,
      emails: [work('jane.doe@example.com', true), home('jane@home.example')],
      phoneNumbers: [{ value: '+1 555 0100', type: 'work', primary: true }],
      [ENT]: { department: 'Engineering', employeeNumber: '100', manager: { value: userId(27) } },
    },
  },
  {
    created: '2025-10-10T10:10:10.101010Z',
    updated: '2025-10-10T10:10:10.101010Z',
    body: {
      userName: 'john.doe',
      externalId: 'jdoe',
      name: { givenName: 'John', familyName: 'Doe' },
      displayName: 'John Doe',
      title: 'Engineering Manager',
      userType: 'Employee',
      active: true,
      emails: [work('john.doe@example.com', true)],
      [ENT]: { department: 'Engineering', employeeNumber: '101' },
    },
  },
  {
    created: '2025-11-11T11:11:11.111111Z',
    updated: '2025-11-11T11:11:11.111111Z',
    body: {
      userName: 'intern1',
      name: { givenName: 'Ivy', familyName: 'Intern' },
      displayName: 'Ivy Intern',
      userType: 'Intern',
      active: false,
      emails: [work('ivy@example.com'), home('ivy@example.com')],
      [ENT]: { department: 'Engineering', manager: { value: userId(26) } },
    },
  },
  {
    created: '2025-11-11T11:11:11.111999Z',
    updated: '2025-11-11T11:11:11.111999Z',
    body: {
      userName: 'intern2',
      name: { givenName: 'Ian', familyName: 'Intern' },
      displayName: 'Ian Intern',
      userType: 'Intern',
      active: true,
      emails: [work('ian@example.com', true)],
      [ENT]: { department: 'Sales', manager: { value: userId(26).toUpperCase() } },
    },
  },
  {
    created: '2026-01-01T00:00:00Z',
    updated: '2026-01-01T00:00:00Z',
    body: {
      userName: 'sales.rep',
      displayName: 'Sam Sales',
      title: 'Account Executive',
      userType: 'Employee',
      active: true,
      emails: [work('sam@sales.example.com', true)],
      phoneNumbers: [{ value: '+1-800-SALES', type: 'work' }, { value: '+1-800-FAX', type: 'fax' }],
      addresses: [{ type: 'work', locality: 'New York', region: 'NY', country: 'US', primary: true }],
      [ENT]: { department: 'Sales', costCenter: '200' },
    },
  },
  {
    created: '2026-01-02T00:00:00Z',
    updated: '2026-01-02T00:00:00Z',
    body: {
      userName: 'sales.mgr',
      displayName: 'Sally Sales',
      title: 'Sales Manager',
      userType: 'Employee',
      active: true,
      emails: [work('sally@sales.example.com', true), { value: 'sally.alt@sales.example.com', type: 'other' }],
      [ENT]: { department: 'Sales', costCenter: '200', manager: { value: userId(2) } },
    },
  },
  {
    created: '2026-02-02T02:02:02.020202Z',
    updated: '2026-02-02T02:02:02.020202Z',
    body: {
      userName: 'ex.employee',
      externalId: 'EX-1',
      displayName: 'Former Employee',
      active: false,
      emails: [work('ex@example.com', true)],
      [ENT]: { department: 'Sales' },
    },
  },
  {
    created: '2026-03-03T03:03:03.030303Z',
    updated: '2026-03-03T03:03:03.030303Z',
    body: {
      userName: 'locale.user',
      preferredLanguage: 'fr-CA',
      locale: 'fr_CA',
      timezone: 'America/Toronto',
      nickName: 'Frenchie',
      active: true,
      emails: [work('locale@example.ca')],
    },
  },
  {
    created: '2026-04-04T04:04:04.040404Z',
    updated: '2026-04-04T04:04:04.040404Z',
    body: {
      userName: 'multi.phone',
      phoneNumbers: [
        { value: '111', type: 'home' },
        { value: '222', type: 'work', primary: true },
        { value: '333', type: 'mobile' },
      ],
      active: true,
    },
  },
  {
    created: '2026-05-05T05:05:05.050505Z',
    updated: '2026-05-05T05:05:05.050505Z',
    body: {
      userName: 'addr.user',
      addresses: [
        { type: 'home', streetAddress: '1 Main St', locality: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
        { type: 'work', streetAddress: '2 Work Rd', locality: 'Chicago', region: 'IL', postalCode: '60601', country: 'US', primary: true },
      ],
      active: true,
    },
  },
  {
    created: '2026-06-06T06:06:06.060606Z',
    updated: '2026-06-06T06:06:06.060606Z',
    body: {
      userName: 'mixed.Case.Email',
      emails: [work('Mixed.Case@Example.ORG', true)],
      title: 'Tour guide',
      active: true,
      [ENT]: { department: 'tour operations', employeeNumber: '701984' },
    },
  },
  {
    created: '2026-07-07T07:07:07.070707Z',
    updated: '2026-07-07T07:07:07.070707Z',
    body: {
      userName: 'zed',
      displayName: 'Zed',
      title: 'zzz',
      active: true,
      emails: [work('zed@example.com')],
    },
  },
  {
    created: '2026-08-08T08:08:08.080808Z',
    updated: '2026-08-08T08:08:08.080808Z',
    body: {
      userName: 'a',
      displayName: 'A',
      title: 'a',
      active: true,
      emails: [work('a@a.a')],
    },
  },
  {
    created: '2026-09-09T09:09:09.090909Z',
    updated: '2026-09-09T09:09:09.090909Z',
    body: {
      userName: 'orphan.nested',
      displayName: 'Orphan',
      active: true,
      emails: [work('orphan@example.com', true)],
    },
  },
  {
    created: '2026-10-10T10:10:10.101010Z',
    updated: '2026-10-10T10:10:10.101010Z',
    body: {
      userName: 'last.user',
      externalId: 'last',
      displayName: 'Last User',
      title: 'Tour Guide',
      active: true,
      emails: [work('last@example.com', true)],
      [ENT]: { department: 'Tour Operations', manager: { value: userId(1) } },
    },
  },
];

interface GroupSeed {
  body: Record<string, unknown>;
  created: string;
  /** Members by fixture index: users as numbers, groups as `g<n>`. */
  members: (number | `g${number}`)[];
}

export const GROUP_SEEDS: GroupSeed[] = [
  { created: '2024-01-01T00:00:00.100100Z', body: { displayName: 'Engineering', externalId: 'eng' }, members: [6, 26, 27, 28, 'g2'] },
  { created: '2024-01-01T00:00:00.200200Z', body: { displayName: 'Platform' }, members: [9, 12, 39] },
  { created: '2024-02-01T00:00:00Z', body: { displayName: 'Sales', externalId: 'SALES' }, members: [29, 30, 31, 32] },
  { created: '2024-03-01T00:00:00Z', body: { displayName: 'Empty Group' }, members: [] },
  { created: '2024-04-01T00:00:00Z', body: { displayName: '100% Club' }, members: [1, 5, 20] },
  { created: '2024-05-01T00:00:00Z', body: { displayName: 'snake_group', externalId: 'Snake_Ext' }, members: ['g1', 'g3'] },
  { created: '2024-06-01T00:00:00Z', body: { displayName: 'Tour Guides' }, members: [1, 36, 40, 14] },
];

export interface Fixture {
  db: Db;
  /** SCIM views of the directory's users and groups, as a client reads them back. */
  users: Map<string, Record<string, unknown>>;
  groups: Map<string, Record<string, unknown>>;
}

/** Seeds the fixture into a migrated store and reads back the views. */
export async function seedFixture(db: Db): Promise<Fixture> {
  await db.insertInto('organizations').values({ id: ORG_ID, name: 'Fixture Org' }).execute();
  for (const id of [DIRECTORY_ID, OTHER_DIRECTORY_ID]) {
    await db.insertInto('directories').values({ id, organization_id: ORG_ID, name: `dir ${id}`, provider: 'generic' }).execute();
  }
  for (const [i, seed] of USER_SEEDS.entries()) {
    const { resource } = normalizeResource(USER_RESOURCE, seed.body, { mode: 'create' });
    const cols = userColumns(resource, 'active');
    await db
      .insertInto('users')
      .values({ id: userId(i + 1), directory_id: DIRECTORY_ID, ...cols, resource: JSON.stringify(cols.resource), version: 1 + (i % 4), created_at: seed.created, updated_at: seed.updated })
      .execute();
  }
  // Same userName and email as bjensen, in another directory.
  const other = userColumns(normalizeResource(USER_RESOURCE, USER_SEEDS[0]?.body, { mode: 'create' }).resource, 'active');
  await db
    .insertInto('users')
    .values({ id: '01900000-0000-7000-8000-0000000fffff', directory_id: OTHER_DIRECTORY_ID, ...other, resource: JSON.stringify(other.resource), version: 1 })
    .execute();
  for (const [i, seed] of GROUP_SEEDS.entries()) {
    const { resource } = normalizeResource(GROUP_RESOURCE, seed.body, { mode: 'create' });
    const { cols } = splitGroup(resource);
    await db
      .insertInto('groups')
      .values({ id: groupId(i + 1), directory_id: DIRECTORY_ID, ...cols, resource: JSON.stringify(cols.resource), version: 1, created_at: seed.created, updated_at: seed.created })
      .execute();
  }
  for (const [i, seed] of GROUP_SEEDS.entries()) {
    for (const m of seed.members) {
      const row = typeof m === 'number' ? { user_id: userId(m) } : { member_group_id: groupId(Number(m.slice(1))) };
      await db.insertInto('group_members').values({ group_id: groupId(i + 1), directory_id: DIRECTORY_ID, ...row }).execute();
    }
  }
  const userRows = await db.selectFrom('users').selectAll().where('directory_id', '=', DIRECTORY_ID).orderBy('id').execute();
  const memberships = await groupsOfUsers(db, userRows.map((r) => r.id));
  const users = new Map(userRows.map((row) => [row.id, userView(row, memberships.get(row.id) ?? [], CTX)]));
  const groupRows = await db.selectFrom('groups').selectAll().where('directory_id', '=', DIRECTORY_ID).orderBy('id').execute();
  const groups = new Map<string, Record<string, unknown>>();
  for (const row of groupRows) groups.set(row.id, groupView(row, await listMembers(db, row.id), CTX));
  return { db, users, groups };
}

/** Ids of the rows of the directory that a compiled filter selects. */
export async function sqlMatches(db: Db, table: 'users' | 'groups', where: RawBuilder<unknown>): Promise<string[]> {
  const r = await sql<{ id: string }>`select r.id from ${sql.table(table)} r where r.directory_id = ${DIRECTORY_ID}::uuid and ${where} order by r.id`.execute(db);
  return r.rows.map((row) => row.id);
}
