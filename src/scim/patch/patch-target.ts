// Resolves a PATCH path to the attribute it targets and reads/writes that attribute's value.
import { RosterError } from '../../errors.ts';
import type { Filter } from '../filter/filter-ast.ts';
import { parsePatchPath } from '../filter/filter-parser.ts';
import type { AttributeDef, ResourceSchema, SchemaDef, ScimResource } from '../schema/attribute.ts';
import { findAttribute, findSchema, resolvePath } from '../schema/resolve-path.ts';
import { isObject, type JsonObject } from './patch-util.ts';

/** What a PATCH path points at, with names already canonical. */
export type PatchTarget =
  /** A path that is exactly the core schema URN: its value is a set of attributes, like no path. */
  | { kind: 'core'; text: string }
  /** A path that is exactly an extension URN: the whole extension object. */
  | { kind: 'extension'; text: string; schema: SchemaDef }
  | AttributeTarget;

export interface AttributeTarget {
  kind: 'attribute';
  /** The path as the client wrote it, for error details. */
  text: string;
  attribute: AttributeDef;
  /** `givenName` in `name.givenName`, or `value` in `emails[type eq "work"].value`. */
  sub?: AttributeDef;
  /** The sub-attribute as written; set even when unknown, which only members tolerate. */
  subName?: string;
  filter?: Filter;
  /** The extension URN whose object holds the attribute; undefined for core and common ones. */
  container?: string;
  /** Canonical top-level name: `emails`, or `URN:attr` for extension attributes. */
  name: string;
}

/**
 * Resolves a PATCH path (RFC 7644 §3.5.2 PATH) against a resource type, ignoring case and
 * accepting URN-qualified names. Unknown names are invalid_path: silently dropping a change
 * the client believes it made would let directories drift.
 */
export function resolveTarget(rs: ResourceSchema, text: string): PatchTarget {
  const trimmed = text.trim();
  const whole = findSchema(rs, trimmed);
  if (whole) return whole.extension ? { kind: 'extension', text, schema: whole.schema } : { kind: 'core', text };

  const parsed = parsePatchPath(trimmed);
  const { path, filter, subAfterFilter } = parsed;
  if (filter !== undefined && path.sub !== undefined) {
    throw new RosterError('invalid_path', `PATCH path "${text}" puts a sub-attribute before the filter.`, { attribute: text });
  }
  const subName = path.sub ?? subAfterFilter;
  const resolved = resolvePath(rs, { ...path, sub: undefined });
  if (!resolved) throw unknownAttribute(text, writtenName(path.schema, path.attr, undefined));
  const container = resolved.extension ? resolved.schema?.id : undefined;
  const members = isMembersAttribute(rs, resolved.attribute, container);

  let sub: AttributeDef | undefined;
  if (subName !== undefined) {
    sub = findAttribute(resolved.attribute.subAttributes ?? [], subName);
    // Sub-attributes of members are cosmetic and ignored later with a warning, whatever their name.
    if (!sub && !members) throw unknownAttribute(text, writtenName(path.schema, path.attr, subName));
  }
  if (filter !== undefined && !resolved.attribute.multiValued) {
    throw new RosterError('invalid_path', `PATCH path "${text}" filters "${resolved.attribute.name}", which is not multi-valued.`, {
      attribute: text,
    });
  }
  const target: AttributeTarget = {
    kind: 'attribute',
    text,
    attribute: resolved.attribute,
    name: container ? `${container}:${resolved.attribute.name}` : resolved.attribute.name,
  };
  if (sub) target.sub = sub;
  if (subName !== undefined) target.subName = subName;
  if (filter) target.filter = filter;
  if (container) target.container = container;
  return target;
}

function writtenName(schema: string | undefined, attr: string, sub: string | undefined): string {
  const base = schema ? `${schema}:${attr}` : attr;
  return sub === undefined ? base : `${base}.${sub}`;
}

function unknownAttribute(text: string, name: string): RosterError {
  return new RosterError('invalid_path', `Unknown attribute "${name}" in PATCH path`, {
    attribute: text,
    hint: 'Check the attribute name against GET /Schemas; names are case-insensitive, extension attributes need their schema URN.',
  });
}

/** True for Group `members` (RFC 7643 §4.2), the only attribute kept outside the resource JSON. */
export function isMembersAttribute(rs: ResourceSchema, attribute: AttributeDef, container: string | undefined): boolean {
  return rs.type === 'Group' && container === undefined && attribute.name === 'members';
}

/**
 * Explicit paths may not touch readOnly attributes or sub-attributes (RFC 7644 §3.5.2:
 * "a client MUST NOT modify an attribute that has mutability readOnly").
 */
export function assertNotReadOnly(target: AttributeTarget): void {
  const offending = target.attribute.mutability === 'readOnly' ? target.attribute : target.sub?.mutability === 'readOnly' ? target.sub : undefined;
  if (offending) {
    throw new RosterError('mutability', `The attribute "${target.text}" is readOnly and cannot be modified by PATCH.`, {
      attribute: target.text,
    });
  }
}

/** The current value of the target's top-level attribute, extension attributes under their URN (RFC 7643 §3.3). */
export function readAttribute(resource: ScimResource, target: AttributeTarget): unknown {
  const holder = target.container ? resource[target.container] : resource;
  return isObject(holder) ? holder[target.attribute.name] : undefined;
}

/**
 * Writes (or, for undefined, deletes) the target's top-level attribute, creating the extension
 * object under its URN when needed (RFC 7643 §3.3).
 */
export function writeAttribute(resource: ScimResource, target: AttributeTarget, value: unknown): void {
  let holder: JsonObject = resource;
  if (target.container) {
    const existing = resource[target.container];
    if (isObject(existing)) holder = existing;
    else {
      if (value === undefined) return;
      holder = {};
      resource[target.container] = holder;
    }
  }
  if (value === undefined) delete holder[target.attribute.name];
  else holder[target.attribute.name] = value;
}
