// A stored custom schema as the admin API answers it and as validation compiles it.
import type { AttributeDef } from '../../scim/schema/attribute.ts';
import type { CustomSchema } from '../../scim/schema/custom-schema.ts';
import { attributeDocument } from '../../scim/schema/discovery-documents.ts';
import type { CustomSchemaRow } from '../../store/custom-schema-repository.ts';

/** The row as a declaration; its attributes were checked by parseCustomSchema before they were stored. */
export function schemaOfRow(row: CustomSchemaRow): CustomSchema {
  return { id: row.urn, name: row.name, description: row.description, resourceType: row.resource_type, attributes: row.attributes as AttributeDef[] };
}

/** The CustomSchema object of the admin API. */
export function customSchemaJson(row: CustomSchemaRow): Record<string, unknown> {
  return {
    id: row.urn,
    directoryId: row.directory_id,
    name: row.name,
    description: row.description,
    resourceType: row.resource_type,
    attributes: (row.attributes as AttributeDef[]).map(attributeDocument),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the table stores of a declaration: what /Schemas serves, so a GET returns what a PUT sent. */
export function storedAttributes(schema: CustomSchema): unknown[] {
  return schema.attributes.map(attributeDocument);
}
