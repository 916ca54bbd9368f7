// A stored custom schema as the admin API answers it and as validation compiles it.
import type { AttributeDef } from '../../scim/schema/attribute.ts';
import type { CustomSchema } from '../../scim/schema/custom-schema.ts';
import type { CustomSchemaRow } from '../../store/custom-schema-repository.ts';

/** The row as a declaration; its attributes were checked by parseCustomSchema before they were stored. */
export function schemaOfRow(row: CustomSchemaRow): CustomSchema {
  return { id: row.urn, name: row.name, description: row.description, resourceType: row.resource_type, attributes: row.attributes as AttributeDef[] };
}

/** Every characteristic of RFC 7643 §7, in the order /Schemas prints them. */
function attributeJson(def: AttributeDef): Record<string, unknown> {
  return {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    ...(def.canonicalValues ? { canonicalValues: [...def.canonicalValues] } : {}),
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
    ...(def.referenceTypes ? { referenceTypes: [...def.referenceTypes] } : {}),
    ...(def.subAttributes ? { subAttributes: def.subAttributes.map(attributeJson) } : {}),
  };
}

/** The CustomSchema object of the admin API. */
export function customSchemaJson(row: CustomSchemaRow): Record<string, unknown> {
  return {
    id: row.urn,
    directoryId: row.directory_id,
    name: row.name,
    description: row.description,
    resourceType: row.resource_type,
    attributes: (row.attributes as AttributeDef[]).map(attributeJson),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the table stores of a declaration: exactly what the API answers, so a GET returns what a PUT sent. */
export function storedAttributes(schema: CustomSchema): unknown[] {
  return schema.attributes.map(attributeJson);
}
