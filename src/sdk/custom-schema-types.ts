// SDK types of a directory's custom extension schemas (docs/custom-schemas.md); mirror the CustomSchema components.
import type { Fields } from './types.ts';

export type CustomAttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex';

/** An RFC 7643 §7 attribute definition as Roster answers it: every characteristic spelled out. */
export interface CustomSchemaAttribute {
  name: string;
  type: CustomAttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  /** String attributes: the only values accepted. */
  canonicalValues?: string[];
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none';
  referenceTypes?: string[];
  /** Complex attributes only, one level. */
  subAttributes?: CustomSchemaAttribute[];
}

export const CUSTOM_SCHEMA_ATTRIBUTE_FIELDS = {
  name: true, type: true, multiValued: true, description: true, required: true, canonicalValues: true, caseExact: true, mutability: true, returned: true, uniqueness: true,
  referenceTypes: true, subAttributes: true,
} satisfies Fields<CustomSchemaAttribute>;

export interface CustomSchema {
  /** The schema URN, e.g. urn:ietf:params:scim:schemas:extension:Acme:2.0:User. */
  id: string;
  directoryId: string;
  name: string;
  description: string;
  resourceType: 'User' | 'Group';
  attributes: CustomSchemaAttribute[];
  createdAt: string;
  updatedAt: string;
}

export const CUSTOM_SCHEMA_FIELDS = {
  id: true, directoryId: true, name: true, description: true, resourceType: true, attributes: true, createdAt: true, updatedAt: true,
} satisfies Fields<CustomSchema>;

/** An attribute as declared: only name and type are needed, the rest take RFC 7643 §2.2 defaults. */
export type CustomSchemaAttributeInput = Pick<CustomSchemaAttribute, 'name' | 'type'> &
  Partial<Omit<CustomSchemaAttribute, 'name' | 'type' | 'subAttributes'>> & { subAttributes?: CustomSchemaAttributeInput[] };

export interface CustomSchemaInput {
  /** Required to declare; a replacement may leave it out (the URN never changes). */
  id?: string;
  name?: string;
  description?: string;
  resourceType?: 'User' | 'Group';
  attributes: CustomSchemaAttributeInput[];
}
