// Types of SCIM schema definitions (RFC 7643 §2, §7): attributes carry their own rules
// (mutability, returned, uniqueness, caseExact), so code asks the schema instead of branching on names.

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

/** RFC 7643 §7 attribute definition, as served by /Schemas. */
export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: readonly string[];
  referenceTypes?: readonly string[];
  subAttributes?: readonly AttributeDef[];
  /**
   * Values outside canonicalValues are refused. Set only on attributes a directory declares
   * (custom-schema.ts); not part of RFC 7643 §7, so /Schemas never serves it.
   */
  enforceCanonicalValues?: boolean;
}

/** RFC 7643 §7 schema resource. */
export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: readonly AttributeDef[];
}

export type ResourceTypeName = 'User' | 'Group';

/**
 * Everything the protocol needs to know about one resource type: its core schema, its
 * extensions, and the common attributes (id, externalId, meta) of RFC 7643 §3.1.
 */
export interface ResourceSchema {
  type: ResourceTypeName;
  endpoint: string;
  description: string;
  core: SchemaDef;
  extensions: readonly { schema: SchemaDef; required: boolean }[];
  /** id, externalId, meta: not listed in /Schemas, but filterable and sortable. */
  common: readonly AttributeDef[];
}

/** A SCIM resource in canonical form: canonical attribute names, extension objects under their URN. */
export type ScimResource = Record<string, unknown>;
