// Normalisation of POST/PUT bodies, with the bodies Entra, Okta and Microsoft's validator really send.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RosterError } from '../../errors.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../schema/resource-types.ts';
import { normalizeResource } from './normalize-resource.ts';

const ENT = SCHEMA_URN.enterpriseUser;
const create = { mode: 'create' } as const;

function rejects(body: unknown, code: string, attribute: string | undefined, message: RegExp, rs = USER_RESOURCE, mode: 'create' | 'replace' = 'create') {
  assert.throws(
    () => normalizeResource(rs, body, { mode }),
    (err: unknown) => {
      assert.ok(err instanceof RosterError, `a RosterError, got ${String(err)}`);
      assert.equal(err.code, code);
      assert.equal(err.details.attribute, attribute);
      assert.match(err.message, message);
      assert.ok(err.details.hint, 'carries a hint');
      return true;
    },
  );
}

describe('normalizeResource: real client bodies', () => {
  it("normalises Microsoft's sample create body", () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    };
    const { resource, warnings } = normalizeResource(USER_RESOURCE, body, create);
    assert.deepEqual(resource, {
      schemas: [SCHEMA_URN.user],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      active: true,
      emails: [{ value: 'Test_User_fd0ea19b@testuser.com', type: 'work', primary: true }],
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(Object.keys(resource), ['schemas', 'externalId', 'userName', 'name', 'active', 'emails']);
  });

  it("normalises Okta's create body, keeping the password and dropping groups", () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'isabella@okta.local',
      name: { givenName: 'Isabella', familyName: 'Ray' },
      emails: [{ primary: true, value: 'isabella@okta.local', type: 'work' }],
      displayName: 'Isabella Ray',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    };
    const { resource, warnings } = normalizeResource(USER_RESOURCE, body, create);
    assert.deepEqual(resource, {
      schemas: [SCHEMA_URN.user],
      externalId: '00ujl29u0le5T6Aj10h7',
      userName: 'isabella@okta.local',
      name: { givenName: 'Isabella', familyName: 'Ray' },
      displayName: 'Isabella Ray',
      locale: 'en-US',
      active: true,
      password: '1mz050nq',
      emails: [{ primary: true, value: 'isabella@okta.local', type: 'work' }],
    });
    assert.deepEqual(warnings, []);
  });

  it("accepts the Microsoft validator's PascalCase keys and Entra's string booleans", () => {
    const body = {
      schemas: [SCHEMA_URN.user, ENT],
      UserName: 'OMalley',
      Active: 'True',
      DisplayName: 'Ryan',
      Emails: [{ Type: 'work', Value: 'r@x.com', Primary: 'True' }],
      [ENT]: { Department: 'Eng', Manager: { Value: 'm1' } },
    };
    const { resource } = normalizeResource(USER_RESOURCE, body, create);
    assert.deepEqual(resource, {
      schemas: [SCHEMA_URN.user, ENT],
      userName: 'OMalley',
      displayName: 'Ryan',
      active: true,
      emails: [{ type: 'work', value: 'r@x.com', primary: true }],
      [ENT]: { department: 'Eng', manager: { value: 'm1' } },
    });
  });

  it('routes URN-prefixed top-level keys and Entra string managers into the extension', () => {
    const body = {
      userName: 'u',
      [`${ENT}:department`]: 'Sales',
      [`${ENT}:manager`]: '26118915-6090-4610-87e4-49d8ca9f808d',
      [`${ENT}:employeeNumber`]: '701984',
    };
    const { resource } = normalizeResource(USER_RESOURCE, body, create);
    assert.deepEqual(resource[ENT], {
      employeeNumber: '701984',
      department: 'Sales',
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
    });
    assert.deepEqual(resource.schemas, [SCHEMA_URN.user, ENT]);
  });

  it('matches an extension URN key case-insensitively and stores it under the canonical URN', () => {
    const { resource } = normalizeResource(USER_RESOURCE, { userName: 'u', [ENT.toUpperCase()]: { costCenter: '4130' } }, create);
    assert.deepEqual(resource[ENT], { costCenter: '4130' });
  });

  it('routes dotted keys and core-URN-prefixed keys, refining whole attributes whatever the order', () => {
    const body = {
      'name.givenName': 'Babs',
      [`${SCHEMA_URN.user}:userName`]: 'bjensen',
      name: { givenName: 'Barbara', familyName: 'Jensen' },
      [`${ENT}:manager.value`]: 'm2',
    };
    const { resource, warnings } = normalizeResource(USER_RESOURCE, body, create);
    assert.equal(resource.userName, 'bjensen');
    assert.deepEqual(resource.name, { givenName: 'Babs', familyName: 'Jensen' });
    assert.deepEqual(resource[ENT], { manager: { value: 'm2' } });
    assert.deepEqual(warnings, []);
  });

  it('normalises a Group with bare-string members and drops vendor schemas with a warning', () => {
    const adscim = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
    const body = {
      schemas: [SCHEMA_URN.group, adscim],
      externalId: 'e1',
      displayName: 'Engineering',
      members: ['u1', { value: 'u2', display: 'Bob' }],
      [adscim]: { description: 'x' },
    };
    const { resource, warnings } = normalizeResource(GROUP_RESOURCE, body, create);
    assert.deepEqual(resource, {
      schemas: [SCHEMA_URN.group],
      externalId: 'e1',
      displayName: 'Engineering',
      members: [{ value: 'u1' }, { value: 'u2', display: 'Bob' }],
    });
    assert.equal(warnings.length, 2);
    assert.ok(warnings.every((w) => w.attribute.startsWith(adscim)));
  });
});

describe('normalizeResource: leniency', () => {
  it('drops readOnly attributes and the id silently', () => {
    const body = { id: 'mine', userName: 'u', meta: { created: '2020-01-01T00:00:00Z' }, groups: [{ value: 'g' }] };
    const { resource, warnings } = normalizeResource(USER_RESOURCE, body, create);
    assert.deepEqual(resource, { schemas: [SCHEMA_URN.user], userName: 'u' });
    assert.deepEqual(warnings, []);
  });

  it('drops nulls and empty arrays as unassigned', () => {
    const body = { userName: 'u', displayName: null, emails: [], name: { givenName: null }, [ENT]: null };
    const { resource } = normalizeResource(USER_RESOURCE, body, create);
    assert.deepEqual(resource, { schemas: [SCHEMA_URN.user], userName: 'u' });
  });

  const unknown: [label: string, body: Record<string, unknown>, attribute: string][] = [
    ['an unknown attribute', { userName: 'u', favouriteColour: 'blue' }, 'favouriteColour'],
    ['an unknown schema URN', { userName: 'u', schemas: [SCHEMA_URN.user, 'urn:scim:schemas:core:1.0'] }, 'urn:scim:schemas:core:1.0'],
    ['an unknown URN-prefixed key', { userName: 'u', 'urn:example:ext:1.0:User:badge': '7' }, 'urn:example:ext:1.0:User:badge'],
    ['an unknown sub-attribute', { userName: 'u', name: { givenName: 'B', nick: 'x' } }, 'name.nick'],
    ['an unknown extension attribute', { userName: 'u', [ENT]: { building: '7' } }, `${ENT}:building`],
    ['an extension attribute at top level without its URN', { userName: 'u', department: 'x' }, 'department'],
    ['a dotted key into a multi-valued attribute', { userName: 'u', 'emails.value': 'a@x.com' }, 'emails.value'],
    ['a key with too many dots', { userName: 'u', 'name.givenName.x': 'B' }, 'name.givenName.x'],
    ['__proto__', JSON.parse('{"userName":"u","__proto__":{"polluted":true}}'), '__proto__'],
    ['constructor', { userName: 'u', constructor: { prototype: { polluted: true } } }, 'constructor'],
  ];
  for (const [label, body, attribute] of unknown) {
    it(`drops ${label} with a warning`, () => {
      const { resource, warnings } = normalizeResource(USER_RESOURCE, body, create);
      assert.deepEqual(warnings.map((w) => w.attribute), [attribute]);
      assert.match(warnings[0]!.message, /ignored/);
      assert.equal(resource.userName, 'u');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf(resource), Object.prototype);
    });
  }
});

describe('normalizeResource: validation', () => {
  it('requires userName, naming it', () => {
    rejects({ name: { givenName: 'B' } }, 'invalid_value', 'userName', /"userName" is required/);
  });
  it('treats a blank userName as missing', () => {
    rejects({ userName: '  ' }, 'invalid_value', 'userName', /"userName" is required/);
  });
  it('says a PUT must carry the required attribute too', () => {
    assert.throws(() => normalizeResource(USER_RESOURCE, {}, { mode: 'replace' }), (err: RosterError) => /PUT/.test(err.details.hint ?? ''));
  });
  it('requires a Group displayName', () => {
    rejects({ members: [] }, 'invalid_value', 'displayName', /"displayName" is required/, GROUP_RESOURCE);
  });
  it('refuses two primary values', () => {
    const emails = [{ value: 'a@x.com', primary: true }, { value: 'b@x.com', primary: 'True' }];
    rejects({ userName: 'u', emails }, 'invalid_value', 'emails', /primary/);
  });
  it('accepts one primary among several values', () => {
    const emails = [{ value: 'a@x.com', primary: true }, { value: 'b@x.com', primary: false }];
    assert.equal((normalizeResource(USER_RESOURCE, { userName: 'u', emails }, create).resource.emails as unknown[]).length, 2);
  });
  it('refuses a non-string externalId', () => {
    rejects({ userName: 'u', externalId: 42 }, 'invalid_value', 'externalId', /must be a string/);
  });
  it('refuses a wrong type, naming the canonical path', () => {
    rejects({ userName: 'u', active: 'maybe' }, 'invalid_value', 'active', /"active" must be a boolean, got "maybe"/);
    rejects({ userName: 'u', [ENT]: { manager: { value: 7 } } }, 'invalid_value', `${ENT}:manager.value`, /must be a string/);
  });
  it('refuses an extension that is not an object', () => {
    rejects({ userName: 'u', [ENT]: 'Sales' }, 'invalid_value', ENT, /must be an object/);
  });
  for (const schemas of ['urn:ietf:params:scim:schemas:core:2.0:User', [1], {}, [null]]) {
    it(`refuses schemas ${JSON.stringify(schemas)}`, () => {
      rejects({ userName: 'u', schemas }, 'invalid_syntax', 'schemas', /array of schema URN strings/);
    });
  }
  for (const body of [null, [], 'user', 42, true]) {
    it(`refuses the body ${JSON.stringify(body)}`, () => {
      rejects(body, 'invalid_syntax', undefined, /must be a JSON object/);
    });
  }
});

describe('normalizeResource: strict mode', () => {
  const body = (extra: Record<string, unknown>) => ({ schemas: [SCHEMA_URN.user], userName: 'ann', ...extra });
  const strictly = (b: unknown) => normalizeResource(USER_RESOURCE, b, { mode: 'create', strict: true });

  it('refuses with 400 invalidSyntax what lenient mode ignores with a warning, naming the attribute', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ shoeSize: 42 }, 'shoeSize'],
      [{ 'urn:example:custom:2.0:User:color': 'red' }, 'urn:example:custom:2.0:User:color'],
      [{ schemas: [SCHEMA_URN.user, 'urn:example:custom:2.0:User'] }, 'urn:example:custom:2.0:User'],
      [{ name: { givenName: 'Ann', nickname: 'A' } }, 'name.nickname'],
      [{ 'emails.value': 'a@b.c' }, 'emails.value'],
    ];
    for (const [extra, attribute] of cases) {
      const lenient = normalizeResource(USER_RESOURCE, body(extra), { mode: 'create' });
      assert.ok(lenient.warnings.some((w) => w.attribute.toLowerCase().includes(attribute.toLowerCase().split('.').pop()!)), JSON.stringify(lenient.warnings));
      assert.throws(
        () => strictly(body(extra)),
        (e: unknown) => e instanceof RosterError && e.code === 'invalid_syntax' && e.status === 400 && /strict mode/.test(String(e.details.hint)) && !/was ignored/.test(e.message),
        JSON.stringify(extra),
      );
    }
  });

  it('accepts every known attribute exactly as lenient mode does', () => {
    const known = body({ name: { givenName: 'Ann' }, emails: [{ value: 'ann@acme.com', primary: true }], [SCHEMA_URN.enterpriseUser]: { department: 'Sales' } });
    assert.deepEqual(strictly(known), normalizeResource(USER_RESOURCE, known, { mode: 'create' }));
  });
});
