// The discovery documents: /Schemas, /ResourceTypes and /ServiceProviderConfig (RFC 7643 §5–§7, RFC 7644 §4).
import type { AttributeDef, ResourceSchema, SchemaDef } from './attribute.ts';
import { SCHEMA_URN } from './resource-types.ts';

type Document = Record<string, unknown>;

/** Options a deployment chooses for its /ServiceProviderConfig. */
export interface ServiceProviderConfigOptions {
  bulkMaxOperations: number;
  bulkMaxPayloadSize: number;
  /** Also the largest page a list may return, so one number governs both. */
  filterMaxResults: number;
  documentationUri?: string;
}

// Clients build URLs by appending to the base, so a trailing slash would double up.
// A loop, not `/\/+$/`, which is quadratic on a long run of slashes (the base URL may come from the Host header).
const trimBase = (baseUrl: string) => {
  let end = baseUrl.length;
  while (end > 0 && baseUrl.charCodeAt(end - 1) === 0x2f) end--;
  return baseUrl.slice(0, end);
};

/** One attribute with every characteristic of RFC 7643 §7, in the order §8.7.1 prints them. */
export function attributeDocument(def: AttributeDef): Document {
  const doc: Document = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
  };
  if (def.canonicalValues) doc.canonicalValues = [...def.canonicalValues];
  doc.caseExact = def.caseExact;
  doc.mutability = def.mutability;
  doc.returned = def.returned;
  doc.uniqueness = def.uniqueness;
  if (def.referenceTypes) doc.referenceTypes = [...def.referenceTypes];
  if (def.subAttributes) doc.subAttributes = def.subAttributes.map(attributeDocument);
  return doc;
}

function schemaDocument(base: string, schema: SchemaDef): Document {
  return {
    schemas: [SCHEMA_URN.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${schema.id}` },
  };
}

/**
 * The Schema resources served at /Schemas (RFC 7643 §7, RFC 7644 §4). A schema shared by several
 * resource types (an extension used by two of them) is listed once. The common attributes id,
 * externalId and meta are not part of any schema (RFC 7643 §3.1), so they are not listed.
 */
export function schemaDocuments(baseUrl: string, resources: readonly ResourceSchema[]): Document[] {
  const base = trimBase(baseUrl);
  const seen = new Set<string>();
  const docs: Document[] = [];
  for (const rs of resources) {
    for (const schema of [rs.core, ...rs.extensions.map((e) => e.schema)]) {
      if (seen.has(schema.id)) continue;
      seen.add(schema.id);
      docs.push(schemaDocument(base, schema));
    }
  }
  return docs;
}

/** The ResourceType resources served at /ResourceTypes (RFC 7643 §6, RFC 7644 §4); id equals name. */
export function resourceTypeDocuments(baseUrl: string, resources: readonly ResourceSchema[]): Document[] {
  const base = trimBase(baseUrl);
  return resources.map((rs) => ({
    schemas: [SCHEMA_URN.resourceType],
    id: rs.type,
    name: rs.type,
    description: rs.description,
    endpoint: rs.endpoint,
    schema: rs.core.id,
    schemaExtensions: rs.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${rs.type}` },
  }));
}

/**
 * The /ServiceProviderConfig document (RFC 7643 §5, RFC 7644 §4), with the `pagination` block of
 * RFC 9865 §4 advertising both cursor and index pagination. Index stays the default because
 * RFC 9865 asks existing index-based providers to keep it, and Entra and Okta page by index.
 */
export function serviceProviderConfigDocument(baseUrl: string, opts: ServiceProviderConfigOptions): Document {
  const base = trimBase(baseUrl);
  const doc: Document = { schemas: [SCHEMA_URN.serviceProviderConfig] };
  if (opts.documentationUri !== undefined) doc.documentationUri = opts.documentationUri;
  Object.assign(doc, {
    patch: { supported: true },
    bulk: { supported: true, maxOperations: opts.bulkMaxOperations, maxPayloadSize: opts.bulkMaxPayloadSize },
    filter: { supported: true, maxResults: opts.filterMaxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token sent in the Authorization header (RFC 6750).',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        ...(opts.documentationUri !== undefined ? { documentationUri: opts.documentationUri } : {}),
        primary: true,
      },
    ],
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      // A default above the maximum would make the first unparameterised page an error.
      defaultPageSize: Math.min(100, opts.filterMaxResults),
      maxPageSize: opts.filterMaxResults,
      cursorTimeout: 3600,
    },
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  });
  return doc;
}
