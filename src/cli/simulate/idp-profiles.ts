// What each simulated identity provider sends: bodies and PATCH shapes from their documented traffic.
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type IdpName = 'generic' | 'okta' | 'entra';

export interface IdpProfile {
  name: IdpName;
  userName(i: number): string;
  /** The existence check before a create. */
  lookupPath(i: number): string;
  createBody(i: number): Record<string, unknown>;
  /** A profile update after the create: [method, path suffix, body]. */
  update(i: number, id: string): [string, string, unknown];
  addMembers(ids: string[]): unknown;
}

const userName = (i: number) => `user${i}@acme.test`;
const eq = (attr: string, value: string) => encodeURIComponent(`${attr} eq "${value}"`);

function baseUser(i: number): Record<string, unknown> {
  return {
    schemas: [USER, ENTERPRISE],
    userName: userName(i),
    name: { givenName: `Given${i}`, familyName: `Family${i}`, formatted: `Given${i} Family${i}` },
    displayName: `Given${i} Family${i}`,
    emails: [{ primary: true, value: userName(i), type: 'work' }],
    locale: 'en-US',
    externalId: `00u${String(i).padStart(17, '0')}`,
    active: true,
    [ENTERPRISE]: { department: `Dept${i % 37}`, employeeNumber: String(100000 + i) },
  };
}

/** The shared load generator's shapes, so figures compare with the ceiling server's. */
const generic: IdpProfile = {
  name: 'generic',
  userName,
  lookupPath: (i) => `/Users?filter=${eq('userName', userName(i))}`,
  createBody: (i) => ({ ...baseUser(i), groups: [] }),
  update: (i, id) => ['PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `Engineer ${i % 5}` }] }],
  addMembers: (ids) => ({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }] }),
};

/** Okta (OIN template app): paged lookups, a random password on create, profile updates by PUT. */
const okta: IdpProfile = {
  name: 'okta',
  userName,
  lookupPath: (i) => `/Users?filter=${eq('userName', userName(i))}&startIndex=1&count=100`,
  createBody: (i) => ({ ...baseUser(i), groups: [], password: `Rnd-${i}-${Math.random().toString(36).slice(2)}` }),
  update: (i, id) => ['PUT', `/Users/${id}`, { ...baseUser(i), id, title: `Engineer ${i % 5}` }],
  addMembers: (ids) => ({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value, display: value })) }] }),
};

/** Microsoft Entra (default dialect): externalId lookups, capitalised ops, path-less dotted keys. */
const entra: IdpProfile = {
  name: 'entra',
  userName,
  lookupPath: (i) => `/Users?filter=${eq('externalId', `00u${String(i).padStart(17, '0')}`)}`,
  createBody: (i) => ({ ...baseUser(i), roles: [], meta: { resourceType: 'User' } }),
  update: (i, id) => [
    'PATCH',
    `/Users/${id}`,
    {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'title', value: `Engineer ${i % 5}` },
        { op: 'Replace', value: { 'name.givenName': `Given${i}`, [`${ENTERPRISE}:costCenter`]: `CC${i % 11}` } },
      ],
    },
  ],
  addMembers: (ids) => ({ schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ value })) }] }),
};

export const PROFILES: Record<IdpName, IdpProfile> = { generic, okta, entra };
