// Property tests: arbitrary input makes the normaliser and the projection fail only with RosterError, never pollute prototypes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { propertyOptions } from '../../lib/property-test-options.ts';
import { RosterError } from '../../errors.ts';
import { GROUP_RESOURCE, SCHEMA_URN, USER_RESOURCE } from '../schema/resource-types.ts';
import { normalizeResource } from './normalize-resource.ts';
import { parseAttributeList, projectResource } from './projection.ts';

const ENT = SCHEMA_URN.enterpriseUser;

// Names the normaliser knows, in odd spellings, next to the keys that attack prototypes.
const interestingKey = fc.constantFrom(
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'schemas', 'Schemas', 'id', 'meta', 'externalId',
  'userName', 'UserName', 'active', 'Active', 'password', 'name', 'name.givenName', 'name.__proto__', 'emails', 'Emails',
  'members', 'groups', 'displayName', 'value', 'Value', 'primary', '$ref', ENT, ENT.toLowerCase(), `${ENT}:manager`,
  `${ENT}:manager.value`, `${ENT}:__proto__`, `${SCHEMA_URN.user}:userName`, 'urn:', ':', '.', 'a.b.c', 'manager',
);
const key = fc.oneof(interestingKey, fc.string({ maxLength: 12 }));

const anything = fc.anything({
  key,
  maxDepth: 3,
  withNullPrototype: true,
  withBoxedValues: true,
  withSparseArray: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withBigInt: true,
});
const value = fc.oneof(anything, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('True', 'false', 'x', '', [], null));

// defineProperty makes `__proto__` an own key, as JSON.parse does, instead of setting the prototype.
const body = fc.array(fc.tuple(key, value), { maxLength: 8 }).map((entries) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
});

// Most random bodies stop at the required check; these get past it to reach coercion and placement.
const bodyWithRequired = body.map((out) => {
  for (const k of ['userName', 'displayName']) {
    if (!Object.hasOwn(out, k)) Object.defineProperty(out, k, { value: 'x', enumerable: true, writable: true, configurable: true });
  }
  return out;
});

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

function onlyRosterErrors(run: () => void): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
  }
}

describe('normalizeResource on arbitrary input', () => {
  it('throws nothing but RosterError and pollutes no prototype', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(fc.oneof(body, bodyWithRequired, bodyWithRequired, anything, fc.jsonValue()), fc.boolean(), (input, isUser) => {
        onlyRosterErrors(() => {
          const { resource, warnings } = normalizeResource(isUser ? USER_RESOURCE : GROUP_RESOURCE, input, { mode: 'create' });
          assert.equal(Object.getPrototypeOf(resource), Object.prototype);
          assert.ok(Array.isArray(warnings));
          JSON.stringify(resource);
        });
        assert.deepEqual(prototypeKeys(), before);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      propertyOptions(25_000, 'normalizeResource on arbitrary input'),
    );
  });

  it('is idempotent: normalising its own output changes nothing and warns of nothing', () => {
    fc.assert(
      fc.property(bodyWithRequired, (input) => {
        let first;
        try {
          first = normalizeResource(USER_RESOURCE, input, { mode: 'create' }).resource;
        } catch (err) {
          if (err instanceof RosterError) return;
          throw err;
        }
        const again = normalizeResource(USER_RESOURCE, JSON.parse(JSON.stringify(first)), { mode: 'replace' });
        assert.deepEqual(again.resource, first);
        assert.deepEqual(again.warnings, []);
      }),
      propertyOptions(5_000, 'normalize twice changes nothing'),
    );
  });
});

describe('projection on arbitrary input', () => {
  it('parseAttributeList throws nothing but RosterError', () => {
    const text = fc.oneof(fc.string(), fc.array(fc.oneof(interestingKey, fc.string({ maxLength: 6 }))).map((parts) => parts.join(',')));
    fc.assert(fc.property(text, (t) => onlyRosterErrors(() => void parseAttributeList(t))), propertyOptions(5_000, 'parseAttributeList'));
  });

  it('never returns the password and always returns id and schemas', () => {
    const list = fc.array(interestingKey.filter((k) => /^[A-Za-z$]/.test(k) || k.startsWith('urn:ietf')), { maxLength: 4 }).map((k) => k.join(','));
    fc.assert(
      fc.property(list, list, (attributes, excluded) => {
        const resource = { schemas: [SCHEMA_URN.user], id: 'u1', userName: 'u', password: 'secret', [ENT]: { department: 'd' } };
        let out;
        try {
          out = projectResource(USER_RESOURCE, resource, {
            attributes: parseAttributeList(attributes),
            excludedAttributes: parseAttributeList(excluded),
          });
        } catch (err) {
          if (err instanceof RosterError) return;
          throw err;
        }
        assert.equal(out.password, undefined);
        assert.equal(out.id, 'u1');
        assert.equal((out.schemas as string[])[0], SCHEMA_URN.user);
        assert.equal((out.schemas as string[]).includes(ENT), ENT in out);
      }),
      propertyOptions(3_000, 'projection never returns the password'),
    );
  });
});
