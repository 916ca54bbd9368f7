// Orders a resource's keys as the schema lists them, so responses read like RFC 7643's examples.
import type { ResourceSchema, ScimResource } from '../schema/attribute.ts';

/** schemas, id, externalId, core attributes in schema order, extensions, then anything else, meta last. */
export function canonicalOrder(rs: ResourceSchema, resource: ScimResource): ScimResource {
  const out: ScimResource = {};
  const byLower = new Map(Object.keys(resource).map((k) => [k.toLowerCase(), k]));
  const take = (name: string) => {
    const key = byLower.get(name.toLowerCase());
    if (key !== undefined && !(key in out) && resource[key] !== undefined) out[key] = resource[key];
  };
  take('schemas');
  take('id');
  take('externalId');
  for (const attr of rs.core.attributes) take(attr.name);
  for (const ext of rs.extensions) take(ext.schema.id);
  for (const key of Object.keys(resource)) if (key !== 'meta' && resource[key] !== undefined) take(key);
  take('meta');
  return out;
}
