// Declarations of custom extension schemas, and a directory's resource types built from them (issue 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { propertyOptions } from '../../lib/property-test-options.ts';
import { RosterError } from '../../errors.ts';
import { applyPatch } from '../patch/patch-engine.ts';
import { coerceAttributeValue } from '../resource/coerce-value.ts';
import { normalizeResource } from '../resource/normalize-resource.ts';
import { projectResource } from '../resource/projection.ts';
import { checkSchemaUrn, compileCustomSchema, incompatibleAttributes, parseCustomSchema, type CustomSchema } from './custom-schema.ts';
import { resourceTypeDocuments, schemaDocuments } from './discovery-documents.ts';
import { BUILT_IN_RESOURCES, directoryResources, resourceList } from './directory-resources.ts';
import { resolvePath } from './resolve-path.ts';

const ACME = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';

function refused(fn: () => unknown, code: string, attribute?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RosterError, String(err));
    assert.equal(err.code, code, err.message);
    if (attribute !== undefined) assert.equal(err.details.attribute, attribute, err.message);
    return true;
  });
}

describe('parseCustomSchema', () => {
  it('fills RFC 7643 §2.2 defaults and the name from the URN', () => {
    const s = parseCustomSchema({ id: ACME, attributes: [{ name: 'badge', type: 'string' }] }, []);
    assert.equal(s.name, 'User');
    assert.equal(s.resourceType, 'User');
    assert.deepEqual(s.attributes[0], {
      name: 'badge', type: 'string', multiValued: false, description: '', required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
    });
  });

  it('gives writeOnly attributes returned "never", and reference attributes referenceTypes', () => {
    const s = parseCustomSchema({ id: ACME, attributes: [{ name: 'secret', type: 'string', mutability: 'writeOnly' }, { name: 'site', type: 'reference' }] }, []);
    assert.equal(s.attributes[0]?.returned, 'never');
    assert.deepEqual(s.attributes[1]?.referenceTypes, ['external']);
  });

  it('refuses what RFC 7643 §7 or the limits do not allow, naming the field', () => {
    const bad: [unknown, string][] = [
      [{ id: ACME, attributes: [] }, 'attributes'],
      [{ id: ACME, attributes: [{ name: 'a' }] }, 'attributes[0].type'],
      [{ id: ACME, attributes: [{ name: 'a-b', type: 'string' }, { name: 'x', type: 'string', extra: 1 }] }, 'attributes[1].extra'],
      [{ id: ACME, attributes: [{ name: '$ref', type: 'reference' }] }, 'attributes[0].name'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'string', required: 'yes' }] }, 'attributes[0].required'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'string', subAttributes: [] }] }, 'attributes[0].subAttributes'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'complex' }] }, 'attributes[0].subAttributes'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'complex', subAttributes: [{ name: 'b', type: 'string' }, { name: 'B', type: 'string' }] }] }, 'attributes[0].subAttributes[1].name'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'string', canonicalValues: ['x', 'x'] }] }, 'attributes[0].canonicalValues'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'string', referenceTypes: ['User'] }] }, 'attributes[0].referenceTypes'],
      [{ id: ACME, resourceType: 'Device', attributes: [{ name: 'a', type: 'string' }] }, 'resourceType'],
      [{ id: ACME, attributes: [{ name: 'a', type: 'complex', subAttributes: Array.from({ length: 100 }, (_, i) => ({ name: `s${i}`, type: 'string' })) }] }, 'attributes'],
      [{ id: ACME, colour: 'blue', attributes: [{ name: 'a', type: 'string' }] }, 'colour'],
      ['a string', 'body'],
    ];
    for (const [body, attribute] of bad) refused(() => parseCustomSchema(body, []), 'invalid_value', attribute);
  });

  it('keeps the URN of the URL on PUT and refuses another one in the body', () => {
    assert.equal(parseCustomSchema({ attributes: [{ name: 'a', type: 'string' }] }, [], ACME).id, ACME);
    assert.equal(parseCustomSchema({ id: ACME.toLowerCase(), attributes: [{ name: 'a', type: 'string' }] }, [], ACME).id, ACME);
    refused(() => parseCustomSchema({ id: 'urn:acme:other', attributes: [{ name: 'a', type: 'string' }] }, [], ACME), 'invalid_value', 'id');
  });
});

describe('parseCustomSchema on any JSON', () => {
  // Declarations come from admin keys and portal sessions: any input is a schema or a RosterError, never a crash.
  const characteristic = fc.oneof(fc.constantFrom('name', 'type', 'multiValued', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness', 'canonicalValues', 'referenceTypes', 'subAttributes', 'description'), fc.string());
  const attributeLike = fc.dictionary(characteristic, fc.oneof(fc.jsonValue(), fc.constantFrom('string', 'complex', 'integer', 'readOnly', 'never', 'none')), { maxKeys: 6 });
  it('answers a CustomSchema or a RosterError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ id: fc.oneof(fc.constant(ACME), fc.string()), attributes: fc.array(fc.oneof(attributeLike, fc.jsonValue()), { maxLength: 4 }) })), (input) => {
        try {
          const s = parseCustomSchema(input, []);
          assert.ok(s.attributes.length > 0);
        } catch (err) {
          if (!(err instanceof RosterError)) throw err;
        }
      }),
      propertyOptions(3_000, 'schema declarations'),
    );
  });
});

describe('checkSchemaUrn', () => {
  it('takes Entra and Okta style URNs', () => {
    for (const urn of [ACME, 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User', 'urn:okta:acme_app:1.0:user:custom', 'URN:acme:x']) {
      assert.equal(checkSchemaUrn(urn), urn);
    }
  });

  it('refuses non-URNs, characters that break paths, and the URNs Roster defines', () => {
    for (const urn of ['acme', 'urn:', 'urn:acme', 'urn:acme:a b', 'urn:acme:a"b', 'urn:acme:a/b', 'urn:acme:a,b', 'urn:acme:(x)', 'urn:acme:x:', `urn:a:${'x'.repeat(200)}`]) {
      refused(() => checkSchemaUrn(urn), 'invalid_value', 'id');
    }
    for (const urn of ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Device', 'urn:ietf:params:scim:api:messages:2.0:Mine', 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:extra']) {
      refused(() => checkSchemaUrn(urn), 'invalid_value', 'id');
    }
  });

  it('refuses a URN equal to, or extending, another schema of the directory (URN:attr would be ambiguous)', () => {
    refused(() => checkSchemaUrn(ACME.toUpperCase(), [ACME]), 'uniqueness', 'id');
    refused(() => checkSchemaUrn(`${ACME}:badge`, [ACME]), 'uniqueness', 'id');
    refused(() => checkSchemaUrn('urn:acme:x', ['urn:acme:x:y']), 'uniqueness', 'id');
    assert.equal(checkSchemaUrn('urn:acme:xy', ['urn:acme:x']), 'urn:acme:xy');
  });
});

describe('incompatibleAttributes', () => {
  const attrs = (list: unknown[]) => parseCustomSchema({ id: ACME, attributes: list }, []).attributes;
  const before = attrs([{ name: 'a', type: 'string' }, { name: 'n', type: 'integer' }, { name: 'c', type: 'complex', subAttributes: [{ name: 'x', type: 'string' }] }]);

  it('lets characteristics change that keep stored values well-typed', () => {
    const after = attrs([{ name: 'a', type: 'string', required: true, canonicalValues: ['v'], description: 'd' }, { name: 'n', type: 'integer', returned: 'never' }, { name: 'c', type: 'complex', subAttributes: [{ name: 'x', type: 'string' }, { name: 'y', type: 'string' }] }, { name: 'new', type: 'string' }]);
    assert.deepEqual(incompatibleAttributes(before, after), []);
  });

  it('names removed, renamed, retyped and re-shaped attributes', () => {
    const after = attrs([{ name: 'A', type: 'string' }, { name: 'n', type: 'integer', multiValued: true }, { name: 'c', type: 'complex', subAttributes: [{ name: 'y', type: 'string' }] }]);
    assert.deepEqual(incompatibleAttributes(before, after), ['a', 'n', 'c']);
  });
});

describe('a directory with a custom schema', () => {
  const schema: CustomSchema = parseCustomSchema(
    {
      id: ACME,
      attributes: [
        { name: 'badge', type: 'string' },
        { name: 'colour', type: 'string', canonicalValues: ['red', 'Blue'] },
        { name: 'code', type: 'string', canonicalValues: ['X1'], caseExact: true },
        { name: 'number', type: 'string', required: true },
        { name: 'pin', type: 'string', returned: 'never' },
      ],
    },
    [],
  );
  const resources = directoryResources([schema, parseCustomSchema({ id: 'urn:acme:g', resourceType: 'Group', attributes: [{ name: 'cost', type: 'decimal' }] }, [])]);
  const rs = resources.User;

  it('extends User (after the Enterprise extension) and Group, optional, without touching the built-in types', () => {
    assert.deepEqual(rs.extensions.map((e) => [e.schema.id, e.required]), [['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', false], [ACME, false]]);
    assert.deepEqual(resources.Group.extensions.map((e) => e.schema.id), ['urn:acme:g']);
    assert.equal(BUILT_IN_RESOURCES.User.extensions.length, 1);
    assert.equal(directoryResources([]), BUILT_IN_RESOURCES);
    const docs = schemaDocuments('https://x/scim/v2/d', resourceList(resources)) as { id: string; attributes: Record<string, unknown>[] }[];
    assert.deepEqual(docs.map((d) => d.id), ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', ACME, 'urn:ietf:params:scim:schemas:core:2.0:Group', 'urn:acme:g']);
    assert.ok(docs.every((d) => d.attributes.every((a) => !('enforceCanonicalValues' in a))));
    const types = resourceTypeDocuments('https://x/scim/v2/d', resourceList(resources)) as { schemaExtensions: unknown[] }[];
    assert.equal(types[0]?.schemaExtensions.length, 2);
  });

  it('resolves URN-qualified paths to the declared attributes', () => {
    assert.equal(resolvePath(rs, { schema: ACME.toLowerCase(), attr: 'BADGE' })?.attribute.name, 'badge');
    assert.equal(resolvePath(BUILT_IN_RESOURCES.User, { schema: ACME, attr: 'badge' }), undefined);
  });

  it('enforces declared canonical values (any case unless caseExact, stored as declared); core ones stay suggestions', () => {
    const colour = compileCustomSchema(schema).attributes[1]!;
    assert.equal(coerceAttributeValue(colour, 'BLUE', 'colour'), 'Blue');
    refused(() => coerceAttributeValue(colour, 'green', 'colour'), 'invalid_value', 'colour');
    const code = compileCustomSchema(schema).attributes[2]!;
    refused(() => coerceAttributeValue(code, 'x1', 'code'), 'invalid_value', 'code');
    const emailType = BUILT_IN_RESOURCES.User.core.attributes.find((a) => a.name === 'emails')!.subAttributes!.find((s) => s.name === 'type')!;
    assert.equal(coerceAttributeValue(emailType, 'mobile', 'emails.type'), 'mobile');
  });

  it('normalises a body: required when the extension is present, schemas lists it, returned:never hidden', () => {
    const base = { userName: 'ada' };
    assert.deepEqual(normalizeResource(rs, base, { mode: 'create' }).resource.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User']);
    refused(() => normalizeResource(rs, { ...base, [ACME]: { badge: '1' } }, { mode: 'create' }), 'invalid_value', `${ACME}:number`);
    const { resource } = normalizeResource(rs, { ...base, [`${ACME}:number`]: 'N', [`${ACME}:pin`]: '9' }, { mode: 'create' });
    assert.deepEqual(resource.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User', ACME]);
    assert.deepEqual(resource[ACME], { number: 'N', pin: '9' });
    assert.deepEqual(projectResource(rs, resource)[ACME], { number: 'N' });
  });

  it('PATCH keeps required attributes of a touched extension, and drops the URN from schemas once it is empty', () => {
    const { resource } = normalizeResource(rs, { userName: 'ada', [ACME]: { number: 'N', badge: 'b' } }, { mode: 'create' });
    refused(() => applyPatch(rs, resource, [{ op: 'remove', path: `${ACME}:number` }]), 'invalid_value', `${ACME}:number`);
    const none = { userName: 'bo', schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] };
    refused(() => applyPatch(rs, none, [{ op: 'add', path: `${ACME}:badge`, value: 'b' }]), 'invalid_value', `${ACME}:number`);
    const added = applyPatch(rs, none, [{ op: 'add', value: { [`${ACME}:badge`]: 'b', [`${ACME}:number`]: 'N' } }]).resource;
    assert.deepEqual(added.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User', ACME]);
    const removed = applyPatch(rs, added, [{ op: 'remove', path: ACME }]).resource;
    assert.equal(removed[ACME], undefined);
    assert.deepEqual(removed.schemas, ['urn:ietf:params:scim:schemas:core:2.0:User']);
  });
});
