// Custom extension schemas a directory declares (Entra's `urn:…:extension:<Name>:2.0:User`, Okta's custom
// attributes): the declaration as the admin API takes it, checked against RFC 7643 §2 and §7, and limits.
import { RosterError } from '../../errors.ts';
import type { AttributeDef, AttributeType, Mutability, ResourceTypeName, Returned, SchemaDef } from './attribute.ts';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user-schema.ts';
import { GROUP_SCHEMA } from './group-schema.ts';
import { USER_SCHEMA } from './user-schema.ts';

/** A declared extension schema: RFC 7643 §7 plus the resource type it extends. */
export interface CustomSchema extends SchemaDef {
  resourceType: ResourceTypeName;
}

/** Limits that keep a directory's schema (and so every request's validation) small. */
export const CUSTOM_SCHEMA_LIMITS = {
  schemasPerDirectory: 20,
  /** Top-level attributes and sub-attributes together, per schema. */
  attributesPerSchema: 100,
  canonicalValues: 100,
  urnLength: 200,
  nameLength: 100,
  descriptionLength: 1000,
  attributeNameLength: 64,
  canonicalValueLength: 200,
} as const;

const TYPES: readonly AttributeType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex'];
const MUTABILITY: readonly Mutability[] = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED: readonly Returned[] = ['always', 'never', 'default', 'request'];
const ATTRIBUTE_KEYS = new Set([
  'name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness', 'canonicalValues', 'referenceTypes', 'subAttributes',
]);
const SCHEMA_KEYS = new Set(['id', 'name', 'description', 'resourceType', 'attributes', 'schemas', 'meta']);

// RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar); `$ref` is the RFC's own exception and not for declarations.
const ATTR_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
// RFC 8141 `urn:` NID `:` NSS, narrowed to letters, digits, `.`, `_` and `-` between colons: the URN
// travels in URL paths, filters, attribute lists and PATCH paths, whose grammars other characters break.
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}(?::[A-Za-z0-9._-]+)+$/i;
/** The URNs of Roster's own schemas and messages, which a declaration may not take (or extend). */
const RESERVED_PREFIXES = ['urn:ietf:params:scim:schemas:core:', 'urn:ietf:params:scim:api:'];
const BUILT_IN = [USER_SCHEMA.id, GROUP_SCHEMA.id, ENTERPRISE_USER_SCHEMA.id];

type Plain = Record<string, unknown>;

function invalid(message: string, attribute: string, hint?: string): RosterError {
  return new RosterError('invalid_value', message, { attribute, ...(hint ? { hint } : {}) });
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string, max: number, fallback?: string): string {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw invalid(`${where} is required`, where);
  }
  if (typeof value !== 'string') throw invalid(`${where} must be a string`, where);
  if (value.length > max) throw invalid(`${where} is longer than ${max} characters`, where);
  return value;
}

function flag(value: unknown, where: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid(`${where} must be true or false`, where);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, fallback: T): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalid(`${where} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)?.slice(0, 60)}`, where);
  }
  return value as T;
}

/** True when `a` and `b` could be confused in a `URN:attr` path: equal, or one is the other plus `:…`. */
function overlaps(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.startsWith(`${y}:`) || y.startsWith(`${x}:`);
}

/**
 * Checks a schema URN: RFC 8141 shape, not Roster's own schemas or messages, and not one that a
 * `URN:attr` path could confuse with another schema of the directory (`others`).
 */
export function checkSchemaUrn(urn: unknown, others: readonly string[] = []): string {
  const id = text(urn, 'id', CUSTOM_SCHEMA_LIMITS.urnLength);
  if (!URN.test(id)) {
    throw invalid(`id "${id}" is not a schema URN`, 'id', 'Use a URN such as urn:ietf:params:scim:schemas:extension:Acme:2.0:User (Entra) or urn:acme:params:scim:schemas:extension:custom:2.0:User.');
  }
  const lower = id.toLowerCase();
  if (RESERVED_PREFIXES.some((p) => lower.startsWith(p)) || BUILT_IN.some((b) => overlaps(b, id))) {
    throw invalid(`id "${id}" is one of the schemas Roster defines itself`, 'id', 'Declare only your own extension; the core User and Group schemas and the Enterprise User extension are always there.');
  }
  const clash = others.find((o) => overlaps(o, id));
  if (clash !== undefined) {
    throw new RosterError('uniqueness', `This directory already has the schema "${clash}", which "${id}" would be confused with`, {
      attribute: 'id',
      hint: 'Update the existing schema (PUT), or choose a URN that neither equals it nor starts with it followed by ":".',
    });
  }
  return id;
}

function checkNames(defs: readonly AttributeDef[], where: string): void {
  const seen = new Map<string, string>();
  defs.forEach((def, i) => {
    const key = def.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw invalid(`${where}[${i}].name "${def.name}" repeats "${first}" (attribute names are case-insensitive)`, `${where}[${i}].name`);
    seen.set(key, def.name);
  });
}

function canonicalValues(value: unknown, where: string, type: AttributeType): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (type !== 'string') throw invalid(`${where} is only for string attributes`, where);
  if (!Array.isArray(value) || value.length === 0) throw invalid(`${where} must be a non-empty list of strings`, where);
  if (value.length > CUSTOM_SCHEMA_LIMITS.canonicalValues) throw invalid(`${where} has more than ${CUSTOM_SCHEMA_LIMITS.canonicalValues} values`, where);
  const out = value.map((v, i) => text(v, `${where}[${i}]`, CUSTOM_SCHEMA_LIMITS.canonicalValueLength));
  if (new Set(out).size !== out.length) throw invalid(`${where} lists a value twice`, where);
  return out;
}

function referenceTypes(value: unknown, where: string, type: AttributeType): readonly string[] | undefined {
  if (type !== 'reference') {
    if (value !== undefined && value !== null) throw invalid(`${where} is only for reference attributes`, where);
    return undefined;
  }
  if (value === undefined || value === null) return ['external'];
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) throw invalid(`${where} must be a list of 1 to 10 reference types`, where);
  return value.map((v, i) => {
    const t = text(v, `${where}[${i}]`, 64);
    if (!ATTR_NAME.test(t)) throw invalid(`${where}[${i}] "${t}" is not a reference type (e.g. external, uri, User, Group)`, `${where}[${i}]`);
    return t;
  });
}

/** One attribute definition (RFC 7643 §7), every characteristic spelled out with its §2.2 default. */
function parseAttribute(input: unknown, where: string, depth: number): AttributeDef {
  if (!isPlain(input)) throw invalid(`${where} must be an object`, where);
  for (const key of Object.keys(input)) {
    if (!ATTRIBUTE_KEYS.has(key)) throw invalid(`${where}.${key} is not an attribute characteristic (RFC 7643 §7)`, `${where}.${key}`);
  }
  const name = text(input.name, `${where}.name`, CUSTOM_SCHEMA_LIMITS.attributeNameLength);
  if (!ATTR_NAME.test(name)) {
    throw invalid(`${where}.name "${name}" is not an attribute name: a letter, then letters, digits, "_" or "-" (RFC 7643 §2.1)`, `${where}.name`);
  }
  const type = oneOf(input.type, TYPES, `${where}.type`, 'string');
  if (input.type === undefined) throw invalid(`${where}.type is required`, `${where}.type`);
  const mutability = oneOf(input.mutability, MUTABILITY, `${where}.mutability`, 'readWrite');
  const returned = oneOf(input.returned, RETURNED, `${where}.returned`, mutability === 'writeOnly' ? 'never' : 'default');
  // RFC 7643 §7: a writeOnly value "SHALL NOT be returned".
  if (mutability === 'writeOnly' && returned !== 'never') throw invalid(`${where}: a writeOnly attribute must have returned "never"`, `${where}.returned`);
  const uniqueness = oneOf(input.uniqueness, ['none', 'server', 'global'] as const, `${where}.uniqueness`, 'none');
  if (uniqueness !== 'none') {
    throw invalid(`${where}.uniqueness "${uniqueness}" is not supported for custom attributes; only "none"`, `${where}.uniqueness`, 'Roster enforces uniqueness only for userName, externalId and Group displayName.');
  }
  const def: AttributeDef = {
    name,
    type,
    multiValued: flag(input.multiValued, `${where}.multiValued`),
    description: text(input.description, `${where}.description`, CUSTOM_SCHEMA_LIMITS.descriptionLength, ''),
    required: flag(input.required, `${where}.required`),
    caseExact: flag(input.caseExact, `${where}.caseExact`),
    mutability,
    returned,
    uniqueness,
  };
  const canonical = canonicalValues(input.canonicalValues, `${where}.canonicalValues`, type);
  if (canonical) def.canonicalValues = canonical;
  const refs = referenceTypes(input.referenceTypes, `${where}.referenceTypes`, type);
  if (refs) def.referenceTypes = refs;
  if (type === 'complex') {
    if (depth > 0) throw invalid(`${where}: a sub-attribute cannot be complex (RFC 7643 §2.3.8)`, `${where}.type`);
    const subs = input.subAttributes;
    if (!Array.isArray(subs) || subs.length === 0) throw invalid(`${where}.subAttributes must list the complex attribute's sub-attributes`, `${where}.subAttributes`);
    def.subAttributes = subs.map((s, i) => parseAttribute(s, `${where}.subAttributes[${i}]`, depth + 1));
    checkNames(def.subAttributes, `${where}.subAttributes`);
  } else if (input.subAttributes !== undefined && input.subAttributes !== null) {
    throw invalid(`${where}.subAttributes is only for complex attributes`, `${where}.subAttributes`);
  }
  return def;
}

/**
 * Parses a declaration as POST (or PUT, with `urnFromPath`) sends it. Throws `invalid_value` naming
 * the field (`attributes[2].type`) for anything RFC 7643 §7 or the limits refuse, `uniqueness`
 * for a URN that clashes with another schema of the directory (`others`).
 */
export function parseCustomSchema(input: unknown, others: readonly string[], urnFromPath?: string): CustomSchema {
  if (!isPlain(input)) throw invalid('The body must be a JSON object declaring a schema', 'body');
  for (const key of Object.keys(input)) {
    if (!SCHEMA_KEYS.has(key)) throw invalid(`"${key}" is not a field of a schema declaration`, key, 'Send id, name, description, resourceType and attributes.');
  }
  if (urnFromPath !== undefined && input.id !== undefined && String(input.id).toLowerCase() !== urnFromPath.toLowerCase()) {
    throw invalid(`id "${String(input.id)}" differs from the schema in the URL; a schema's URN cannot change`, 'id', 'Delete the schema and declare the new URN instead.');
  }
  const id = urnFromPath ?? checkSchemaUrn(input.id, others);
  const attributes = input.attributes;
  if (!Array.isArray(attributes) || attributes.length === 0) throw invalid('attributes must list at least one attribute', 'attributes');
  const defs = attributes.map((a, i) => parseAttribute(a, `attributes[${i}]`, 0));
  checkNames(defs, 'attributes');
  const count = defs.reduce((n, d) => n + 1 + (d.subAttributes?.length ?? 0), 0);
  if (count > CUSTOM_SCHEMA_LIMITS.attributesPerSchema) {
    throw invalid(`The schema declares ${count} attributes and sub-attributes; at most ${CUSTOM_SCHEMA_LIMITS.attributesPerSchema} are allowed`, 'attributes');
  }
  return {
    id,
    name: text(input.name, 'name', CUSTOM_SCHEMA_LIMITS.nameLength, id.slice(id.lastIndexOf(':') + 1)),
    description: text(input.description, 'description', CUSTOM_SCHEMA_LIMITS.descriptionLength, ''),
    resourceType: oneOf(input.resourceType, ['User', 'Group'] as const, 'resourceType', 'User'),
    attributes: defs,
  };
}

/**
 * The attribute as validation uses it: declared canonical values are enforced. RFC 7643 §7 makes
 * them suggestions, and Roster does not enforce the core schema's (IdPs send other email types);
 * an admin who declares a list for their own attribute means it.
 */
function enforced(def: AttributeDef): AttributeDef {
  const subAttributes = def.subAttributes?.map(enforced);
  return { ...def, ...(def.canonicalValues ? { enforceCanonicalValues: true } : {}), ...(subAttributes ? { subAttributes } : {}) };
}

/** The SchemaDef validation and discovery use for a declared schema. */
export function compileCustomSchema(schema: CustomSchema): SchemaDef {
  return { id: schema.id, name: schema.name, description: schema.description, attributes: schema.attributes.map(enforced) };
}

/**
 * Names of top-level attributes whose stored values a new declaration would leave unreadable: removed,
 * or given another type, multiValued or sub-attribute list. Description, required, canonicalValues,
 * mutability and returned may change freely: stored values stay well-typed.
 */
export function incompatibleAttributes(before: readonly AttributeDef[], after: readonly AttributeDef[]): string[] {
  const out: string[] = [];
  for (const old of before) {
    const now = after.find((a) => a.name.toLowerCase() === old.name.toLowerCase());
    if (!now || now.name !== old.name || now.type !== old.type || now.multiValued !== old.multiValued) {
      out.push(old.name);
      continue;
    }
    if (old.type === 'complex' && incompatibleAttributes(old.subAttributes ?? [], now.subAttributes ?? []).length > 0) out.push(old.name);
  }
  return out;
}
