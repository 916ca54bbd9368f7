// Shape of the /Schemas, /ResourceTypes and /ServiceProviderConfig documents (RFC 7643 §5–§7, RFC 9865 §4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceSchema } from './attribute.ts';
import { resourceTypeDocuments, schemaDocuments, serviceProviderConfigDocument } from './discovery-documents.ts';
import { GROUP_RESOURCE, RESOURCE_SCHEMAS, SCHEMA_URN, USER_RESOURCE } from './resource-types.ts';

const BASE = 'https://roster.example.com/scim/v2/';
type Doc = Record<string, any>;

const CHARACTERISTICS = ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'];

describe('schemaDocuments', () => {
  const docs = schemaDocuments(BASE, RESOURCE_SCHEMAS) as Doc[];

  it('lists each schema once, as a Schema resource with a location', () => {
    assert.deepEqual(docs.map((d) => d.id), [SCHEMA_URN.user, SCHEMA_URN.enterpriseUser, SCHEMA_URN.group]);
    for (const doc of docs) {
      assert.deepEqual(doc.schemas, [SCHEMA_URN.schema]);
      assert.equal(typeof doc.name, 'string');
      assert.equal(typeof doc.description, 'string');
      assert.deepEqual(doc.meta, { resourceType: 'Schema', location: `https://roster.example.com/scim/v2/Schemas/${doc.id}` });
    }
  });

  it('deduplicates a schema shared by several resource types', () => {
    const twin: ResourceSchema = { ...GROUP_RESOURCE, extensions: USER_RESOURCE.extensions };
    const ids = (schemaDocuments(BASE, [USER_RESOURCE, twin, USER_RESOURCE]) as Doc[]).map((d) => d.id);
    assert.deepEqual(ids, [SCHEMA_URN.user, SCHEMA_URN.enterpriseUser, SCHEMA_URN.group]);
  });

  it('serves every characteristic of every attribute and sub-attribute', () => {
    const check = (attrs: Doc[]) => {
      for (const a of attrs) {
        for (const key of CHARACTERISTICS) assert.ok(key in a, `${a.name} lacks ${key}`);
        if (a.type === 'complex') check(a.subAttributes);
        else assert.equal(a.subAttributes, undefined);
      }
    };
    for (const doc of docs) check(doc.attributes);
  });

  it('round-trips through JSON and keeps canonical values and reference types', () => {
    const user = JSON.parse(JSON.stringify(docs[0])) as Doc;
    const groups = user.attributes.find((a: Doc) => a.name === 'groups');
    assert.equal(groups.mutability, 'readOnly');
    const type = groups.subAttributes.find((a: Doc) => a.name === 'type');
    assert.deepEqual(type.canonicalValues, ['direct', 'indirect']);
    const password = user.attributes.find((a: Doc) => a.name === 'password');
    assert.deepEqual([password.mutability, password.returned], ['writeOnly', 'never']);
    const profileUrl = user.attributes.find((a: Doc) => a.name === 'profileUrl');
    assert.deepEqual(profileUrl.referenceTypes, ['external']);
    assert.equal(user.attributes.find((a: Doc) => a.name === 'id'), undefined, 'common attributes are not part of a schema');
  });
});

describe('resourceTypeDocuments', () => {
  it('describes User and Group with endpoints, schemas and extensions', () => {
    const docs = resourceTypeDocuments('https://roster.example.com/scim/v2', RESOURCE_SCHEMAS) as Doc[];
    assert.deepEqual(docs, [
      {
        schemas: [SCHEMA_URN.resourceType],
        id: 'User',
        name: 'User',
        description: 'User Account',
        endpoint: '/Users',
        schema: SCHEMA_URN.user,
        schemaExtensions: [{ schema: SCHEMA_URN.enterpriseUser, required: false }],
        meta: { resourceType: 'ResourceType', location: 'https://roster.example.com/scim/v2/ResourceTypes/User' },
      },
      {
        schemas: [SCHEMA_URN.resourceType],
        id: 'Group',
        name: 'Group',
        description: 'Group',
        endpoint: '/Groups',
        schema: SCHEMA_URN.group,
        schemaExtensions: [],
        meta: { resourceType: 'ResourceType', location: 'https://roster.example.com/scim/v2/ResourceTypes/Group' },
      },
    ]);
  });
});

describe('serviceProviderConfigDocument', () => {
  const opts = { bulkMaxOperations: 1000, bulkMaxPayloadSize: 1048576, filterMaxResults: 200 };

  it('advertises features, limits, the bearer scheme and RFC 9865 pagination', () => {
    const doc = serviceProviderConfigDocument(BASE, opts) as Doc;
    assert.deepEqual(doc.schemas, [SCHEMA_URN.serviceProviderConfig]);
    assert.equal(doc.documentationUri, undefined);
    assert.deepEqual(doc.patch, { supported: true });
    assert.deepEqual(doc.bulk, { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
    assert.deepEqual(doc.filter, { supported: true, maxResults: 200 });
    assert.deepEqual(doc.changePassword, { supported: false });
    assert.deepEqual(doc.sort, { supported: true });
    assert.deepEqual(doc.etag, { supported: true });
    assert.equal(doc.authenticationSchemes.length, 1);
    const [scheme] = doc.authenticationSchemes;
    assert.equal(scheme.type, 'oauthbearertoken');
    assert.equal(scheme.primary, true);
    assert.match(scheme.specUri, /rfc6750/);
    assert.ok(scheme.name && scheme.description);
    assert.deepEqual(doc.pagination, {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: 100,
      maxPageSize: 200,
      cursorTimeout: 3600,
    });
    assert.deepEqual(doc.meta, { resourceType: 'ServiceProviderConfig', location: 'https://roster.example.com/scim/v2/ServiceProviderConfig' });
  });

  it('includes documentationUri when given and never a default page above the maximum', () => {
    const doc = serviceProviderConfigDocument(BASE, { ...opts, filterMaxResults: 50, documentationUri: 'https://docs.example.com/scim' }) as Doc;
    assert.equal(doc.documentationUri, 'https://docs.example.com/scim');
    assert.equal(doc.authenticationSchemes[0].documentationUri, 'https://docs.example.com/scim');
    assert.equal(doc.pagination.defaultPageSize, 50);
    assert.equal(doc.pagination.maxPageSize, 50);
  });
});
