// Turns a POST or PUT body into a canonical resource: canonical names, coerced values, extensions under their URN.
import { RosterError } from '../../errors.ts';
import type { AttrPath } from '../filter/filter-ast.ts';
import type { AttributeDef, ResourceSchema, ScimResource, SchemaDef } from '../schema/attribute.ts';
import { canonicalName, findSchema, resolvePath, type ResolvedPath } from '../schema/resolve-path.ts';
import { coerceAttributeValue, isJsonObject } from './coerce-value.ts';

/** Something the client sent that Roster ignored, reported back so an admin can see it. */
export interface NormalizeWarning {
  attribute: string;
  message: string;
}

export interface NormalizeOptions {
  /** `create` for POST, `replace` for PUT; both carry the whole resource (RFC 7644 §3.3, §3.5.1). */
  mode: 'create' | 'replace';
  /**
   * Strict mode (the SCIM interop profile's rule): an unknown attribute or schema is a 400
   * `invalidSyntax` instead of a warning. Off by default: real IdPs send vendor noise.
   */
  strict?: boolean;
}

type Plain = Record<string, unknown>;

interface Context {
  rs: ResourceSchema;
  warnings: NormalizeWarning[];
  /** Core and common attributes, by canonical name. */
  core: Plain;
  /** Extension attributes, by schema URN then canonical name. */
  extensions: Map<string, Plain>;
  strict: boolean;
}

/** One value to place, with the path it names and the key the client wrote. */
interface Entry {
  path: AttrPath;
  value: unknown;
  written: string;
}

/**
 * Normalises a POST or PUT body (RFC 7643 §2, §3; RFC 7644 §3.3, §3.5.1) into a canonical
 * resource. Keys match case-insensitively (RFC 7643 §2.1); extension attributes are accepted
 * under their URN object, as URN-prefixed top-level keys, and dotted keys (`name.givenName`) are
 * routed into place. readOnly attributes (id, meta, groups) and nulls are dropped silently
 * (RFC 7643 §2.2, §2.5); unknown attributes and schema URNs are dropped with a warning.
 * Throws `invalid_syntax` for a body that is not an object or a malformed `schemas`, and
 * `invalid_value` for a wrong type, a missing required attribute, or several `primary: true`.
 */
export function normalizeResource(
  rs: ResourceSchema,
  body: unknown,
  opts: NormalizeOptions,
): { resource: ScimResource; warnings: NormalizeWarning[] } {
  if (!isJsonObject(body)) {
    throw new RosterError('invalid_syntax', `The request body must be a JSON object holding a ${rs.type}`, {
      hint: `Send a JSON object such as {"schemas": ["${rs.core.id}"], ...}.`,
    });
  }
  const ctx: Context = { rs, warnings: [], core: {}, extensions: new Map(), strict: opts.strict === true };
  const entries: Entry[] = [];
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === 'schemas') checkSchemas(ctx, body[key]);
    else collect(ctx, key, body[key], entries);
  }
  // Whole attributes first, so `name.givenName` refines `name` whatever the key order.
  const ordered = [...entries.filter((e) => e.path.sub === undefined), ...entries.filter((e) => e.path.sub !== undefined)];
  for (const entry of ordered) place(ctx, entry);
  const resource = assemble(ctx);
  checkRequired(ctx, resource, opts);
  checkPrimary(ctx, resource);
  return { resource, warnings: ctx.warnings };
}

/**
 * The one place that decides what happens to input Roster does not know: a warning by default
 * (identity providers send vendor schemas and stray attributes), a 400 in strict mode.
 */
function ignoreUnknown(ctx: Context, attribute: string, message: string): void {
  if (ctx.strict) {
    throw new RosterError('invalid_syntax', message.replace(' and was ignored', ' and is refused'), {
      attribute,
      hint: "This directory refuses attributes it does not know (strict mode): remove it, declare it, or turn strict mode off in the directory's settings",
    });
  }
  ctx.warnings.push({ attribute, message });
}

function checkSchemas(ctx: Context, value: unknown): void {
  // Array.from turns holes into undefined, which `every` would otherwise skip.
  if (!Array.isArray(value) || !Array.from(value).every((v) => typeof v === 'string')) {
    throw new RosterError('invalid_syntax', '"schemas" must be an array of schema URN strings', {
      attribute: 'schemas',
      hint: `Send "schemas": ["${ctx.rs.core.id}"], adding the URN of each extension you use.`,
    });
  }
  for (const urn of value as string[]) {
    if (!findSchema(ctx.rs, urn)) {
      ignoreUnknown(ctx, urn, `Schema "${urn}" is not supported for ${ctx.rs.type} resources and was ignored`);
    }
  }
}

/** Sorts one top-level key into entries: an extension object, a URN-prefixed or dotted key, or a plain one. */
function collect(ctx: Context, key: string, value: unknown, entries: Entry[]): void {
  const container = findSchema(ctx.rs, key);
  if (container) {
    if (value === null) return;
    if (!isJsonObject(value)) {
      throw new RosterError('invalid_value', `Attribute "${container.schema.id}" must be an object holding the schema's attributes`, {
        attribute: container.schema.id,
        hint: `Send "${container.schema.id}": {"attributeName": value, ...}.`,
      });
    }
    for (const inner of Object.keys(value)) {
      const path = splitDotted(inner);
      if (path) entries.push({ path: { schema: container.schema.id, ...path }, value: value[inner], written: `${key}:${inner}` });
      else unknownAttribute(ctx, `${key}:${inner}`);
    }
    return;
  }
  const colon = key.lastIndexOf(':');
  if (colon >= 0) {
    const schema = key.slice(0, colon);
    const path = splitDotted(key.slice(colon + 1));
    if (!findSchema(ctx.rs, schema)) {
      ignoreUnknown(ctx, key, `Attribute "${key}" belongs to a schema not supported for ${ctx.rs.type} resources and was ignored`);
    } else if (path) entries.push({ path: { schema, ...path }, value, written: key });
    else unknownAttribute(ctx, key);
    return;
  }
  const path = splitDotted(key);
  if (path) entries.push({ path, value, written: key });
  else unknownAttribute(ctx, key);
}

function splitDotted(text: string): { attr: string; sub?: string } | undefined {
  const parts = text.split('.');
  if (parts.length === 1 && parts[0]) return { attr: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { attr: parts[0], sub: parts[1] };
  return undefined;
}

function unknownAttribute(ctx: Context, written: string): void {
  ignoreUnknown(ctx, written, `Attribute "${written}" is not defined for ${ctx.rs.type} resources and was ignored`);
}

function place(ctx: Context, entry: Entry): void {
  const resolved = resolvePath(ctx.rs, entry.path);
  if (!resolved) return unknownAttribute(ctx, entry.written);
  // RFC 7643 §2.2: a client's value for a readOnly attribute is ignored (IdPs echo meta, groups, id).
  if (resolved.attribute.mutability === 'readOnly' || resolved.sub?.mutability === 'readOnly') return;
  const bag = bagFor(ctx, resolved);
  const path = canonicalName(resolved);
  const onUnknown = (p: string) => unknownAttribute(ctx, p);
  const name = resolved.attribute.name;
  if (!resolved.sub) {
    const coerced = coerceAttributeValue(resolved.attribute, entry.value, path, onUnknown);
    if (coerced === undefined) delete bag[name];
    else bag[name] = coerced;
    return;
  }
  if (resolved.attribute.multiValued) {
    return ignoreUnknown(
      ctx,
      entry.written,
      `Attribute "${entry.written}" names a sub-attribute of the multi-valued "${name}" and was ignored; send "${name}" as a list`,
    );
  }
  const coerced = coerceAttributeValue(resolved.sub, entry.value, path, onUnknown);
  const current = isJsonObject(bag[name]) ? { ...(bag[name] as Plain) } : {};
  if (coerced === undefined) delete current[resolved.sub.name];
  else current[resolved.sub.name] = coerced;
  if (Object.keys(current).length > 0) bag[name] = current;
  else delete bag[name];
}

function bagFor(ctx: Context, resolved: ResolvedPath): Plain {
  if (!resolved.extension || !resolved.schema) return ctx.core;
  let bag = ctx.extensions.get(resolved.schema.id);
  if (!bag) {
    bag = {};
    ctx.extensions.set(resolved.schema.id, bag);
  }
  return bag;
}

/** Builds the output in schema order, listing in `schemas` the core URN and each extension with values. */
function assemble(ctx: Context): ScimResource {
  const { rs } = ctx;
  const present = rs.extensions.filter((e) => Object.keys(ctx.extensions.get(e.schema.id) ?? {}).length > 0);
  const resource: ScimResource = { schemas: [rs.core.id, ...present.map((e) => e.schema.id)] };
  copyInOrder(rs.common, ctx.core, resource);
  copyInOrder(rs.core.attributes, ctx.core, resource);
  for (const ext of present) {
    const out: Plain = {};
    copyInOrder(ext.schema.attributes, ctx.extensions.get(ext.schema.id) ?? {}, out);
    resource[ext.schema.id] = out;
  }
  return resource;
}

function copyInOrder(defs: readonly AttributeDef[], from: Plain, to: Plain): void {
  for (const def of defs) {
    if (Object.hasOwn(from, def.name) && from[def.name] !== undefined) to[def.name] = from[def.name];
  }
}

function checkRequired(ctx: Context, resource: ScimResource, opts: NormalizeOptions): void {
  const { rs } = ctx;
  const schemas: { schema: SchemaDef; bag: Plain | undefined; required: boolean }[] = [
    { schema: rs.core, bag: resource, required: true },
    ...rs.extensions.map((e) => ({ schema: e.schema, bag: resource[e.schema.id] as Plain | undefined, required: e.required })),
  ];
  for (const { schema, bag, required } of schemas) {
    if (!required && bag === undefined) continue;
    for (const def of schema.attributes) {
      if (!def.required || def.mutability === 'readOnly' || !isEmpty(bag?.[def.name])) continue;
      const path = schema === rs.core ? def.name : `${schema.id}:${def.name}`;
      const hint =
        opts.mode === 'create'
          ? `Send a non-empty "${def.name}" when creating a ${rs.type}.`
          : `A PUT replaces the whole ${rs.type}, so it must include a non-empty "${def.name}" too.`;
      throw new RosterError('invalid_value', `Attribute "${path}" is required`, { attribute: path, hint });
    }
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

// RFC 7643 §2.4: the primary value "true" MUST appear no more than once per attribute.
function checkPrimary(ctx: Context, resource: ScimResource): void {
  const { rs } = ctx;
  const scopes: { prefix: string; defs: readonly AttributeDef[]; bag: unknown }[] = [
    { prefix: '', defs: rs.core.attributes, bag: resource },
    ...rs.extensions.map((e) => ({ prefix: `${e.schema.id}:`, defs: e.schema.attributes, bag: resource[e.schema.id] })),
  ];
  for (const { prefix, defs, bag } of scopes) {
    if (!isJsonObject(bag)) continue;
    for (const def of defs) {
      const values = bag[def.name];
      if (!def.multiValued || !Array.isArray(values)) continue;
      const primaries = values.filter((v) => isJsonObject(v) && v.primary === true).length;
      if (primaries > 1) {
        const path = `${prefix}${def.name}`;
        throw new RosterError('invalid_value', `Attribute "${path}" has ${primaries} values marked "primary": true; at most one may be`, {
          attribute: path,
          hint: `Set "primary": true on at most one of the ${def.name}.`,
        });
      }
    }
  }
}
