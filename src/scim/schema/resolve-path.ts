// Resolves attribute paths as clients write them (any case, with or without a schema URN)
// to the attribute definitions of a resource type (RFC 7643 §2.1, RFC 7644 §3.10).
import type { AttrPath } from '../filter/filter-ast.ts';
import type { AttributeDef, ResourceSchema, SchemaDef } from './attribute.ts';

/** Where a path lands in a resource: the schema, the top-level attribute, maybe a sub-attribute. */
export interface ResolvedPath {
  /** The schema holding the attribute; undefined for the common attributes id, externalId, meta. */
  schema: SchemaDef | undefined;
  /** True when the attribute lives in an extension object keyed by the schema URN. */
  extension: boolean;
  attribute: AttributeDef;
  sub?: AttributeDef;
}

const lower = (s: string) => s.toLowerCase();

/** Finds an attribute by name, ignoring case. */
export function findAttribute(list: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const wanted = lower(name);
  return list.find((a) => lower(a.name) === wanted);
}

/** Finds the schema (core or extension) whose URN matches, ignoring case. */
export function findSchema(rs: ResourceSchema, urn: string): { schema: SchemaDef; extension: boolean } | undefined {
  const wanted = lower(urn);
  if (lower(rs.core.id) === wanted) return { schema: rs.core, extension: false };
  const ext = rs.extensions.find((e) => lower(e.schema.id) === wanted);
  return ext ? { schema: ext.schema, extension: true } : undefined;
}

/**
 * Resolves `[urn:]attr[.sub]` against a resource type. Returns undefined when any part is
 * unknown; the caller decides which SCIM error that is (invalidFilter, invalidPath, noTarget).
 */
export function resolvePath(rs: ResourceSchema, path: AttrPath): ResolvedPath | undefined {
  let schema: SchemaDef | undefined;
  let extension = false;
  let attribute: AttributeDef | undefined;
  if (path.schema !== undefined) {
    const found = findSchema(rs, path.schema);
    if (!found) return undefined;
    schema = found.schema;
    extension = found.extension;
    attribute = findAttribute(schema.attributes, path.attr);
    // id, externalId and meta may be written with the core URN too.
    if (!attribute && !extension) {
      attribute = findAttribute(rs.common, path.attr);
      if (attribute) schema = undefined;
    }
  } else {
    attribute = findAttribute(rs.core.attributes, path.attr);
    if (attribute) schema = rs.core;
    else {
      attribute = findAttribute(rs.common, path.attr);
    }
  }
  if (!attribute) return undefined;
  if (path.sub === undefined) return { schema, extension, attribute };
  const sub = findAttribute(attribute.subAttributes ?? [], path.sub);
  if (!sub) return undefined;
  return { schema, extension, attribute, sub };
}

/** The JSON key under which an attribute's value lives in a canonical resource. */
export function containerKey(resolved: ResolvedPath): string | undefined {
  return resolved.extension ? resolved.schema?.id : undefined;
}

/** Canonical dotted name, e.g. `emails.value` or `urn:…:enterprise:2.0:User:manager.value`. */
export function canonicalName(resolved: ResolvedPath): string {
  const base = resolved.extension && resolved.schema ? `${resolved.schema.id}:${resolved.attribute.name}` : resolved.attribute.name;
  return resolved.sub ? `${base}.${resolved.sub.name}` : base;
}
