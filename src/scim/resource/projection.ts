// Chooses which attributes of a resource a response carries: `attributes`, `excludedAttributes`, `returned` (RFC 7644 §3.4.2.5, §3.9).
import { RosterError } from '../../errors.ts';
import type { AttrPath } from '../filter/filter-ast.ts';
import type { AttributeDef, ResourceSchema, ScimResource } from '../schema/attribute.ts';
import { findSchema, resolvePath } from '../schema/resolve-path.ts';
import { isJsonObject } from './coerce-value.ts';

type Plain = Record<string, unknown>;

export interface ProjectionOptions {
  attributes?: readonly AttrPath[];
  excludedAttributes?: readonly AttrPath[];
}

/**
 * Most names an `attributes` or `excludedAttributes` list may hold. Every attribute and sub-attribute
 * of User with its enterprise extension is about 100 names; a list of thousands is an attack on the
 * projection, which checks each name against each attribute of every resource it returns.
 */
export const MAX_ATTRIBUTE_NAMES = 200;

// RFC 7644 §3.10 ATTRNAME (ALPHA *(nameChar)), plus `$ref`, the one name outside that grammar.
const ATTR_NAME = /^(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;
const SCHEMA_URN = /^urn:\S+$/i;

/**
 * Parses the value of the `attributes` or `excludedAttributes` query parameter (RFC 7644 §3.9):
 * comma-separated `[urn:]attr[.sub]` paths, blanks trimmed, empty items skipped. A URN-prefixed
 * name splits at its last colon, so a bare schema URN such as
 * `urn:…:enterprise:2.0:User` parses as `{ schema: 'urn:…:enterprise:2.0', attr: 'User' }`;
 * projectResource recognises that as "the whole extension".
 * Throws `invalid_path` for a name outside the attribute grammar.
 */
export function parseAttributeList(text: string | undefined): AttrPath[] {
  if (text === undefined) return [];
  const paths: AttrPath[] = [];
  const items = splitNames(text);
  if (items.length > MAX_ATTRIBUTE_NAMES) {
    // Refused rather than capped: a silently shortened list would drop attributes the client asked for.
    throw new RosterError('invalid_value', `The attribute list names ${items.length} attributes; at most ${MAX_ATTRIBUTE_NAMES} are allowed`, {
      hint: 'Name the attributes you need, or leave the parameter out to get the default set',
    });
  }
  for (const raw of items) {
    // Microsoft's conformance collection sends `emails[type eq "work"]`; RFC 7644 §3.4.2.5 takes plain
    // attribute names, so a value filter here selects the whole attribute (as Microsoft's reference server does).
    const item = withoutValueFilters(raw).trim();
    if (item !== '') paths.push(parseAttributePath(item));
  }
  return paths;
}

/**
 * Splits at commas outside brackets (a value filter's commas do not separate names), in one pass:
 * the regex it replaces (`/,(?![^[]*\])/`) rescanned the rest of the text at every comma, and
 * 40,000 names held the event loop for ten seconds.
 */
function splitNames(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b) depth++;
    else if (c === 0x5d) depth = Math.max(0, depth - 1);
    else if (c === 0x2c && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

/**
 * Drops each `[…]`, as `/\[[^\]]*\]/g` would, in one pass: that regex rescans to the end of the text
 * at every unclosed `[`, and `a[a[a[…` of 400 kB took 19 s (found by test/fuzz).
 */
function withoutValueFilters(text: string): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('['); open !== -1; open = text.indexOf('[', from)) {
    const close = text.indexOf(']', open + 1);
    if (close === -1) break; // no `]` after this `[`, so none after any later one either
    out += text.slice(from, open);
    from = close + 1;
  }
  return out + text.slice(from);
}

function parseAttributePath(item: string): AttrPath {
  let schema: string | undefined;
  let rest = item;
  if (/^urn:/i.test(item)) {
    const colon = item.lastIndexOf(':');
    schema = item.slice(0, colon);
    rest = item.slice(colon + 1);
  }
  const [attr, sub, ...extra] = rest.split('.');
  const valid =
    (schema === undefined || SCHEMA_URN.test(schema)) &&
    attr !== undefined &&
    ATTR_NAME.test(attr) &&
    (sub === undefined || ATTR_NAME.test(sub)) &&
    extra.length === 0;
  if (!valid || attr === undefined) {
    throw new RosterError('invalid_path', `"${item}" is not a valid attribute name`, {
      attribute: item,
      hint: 'List attribute names separated by commas, e.g. userName,name.givenName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department.',
    });
  }
  const path: AttrPath = { attr };
  if (schema !== undefined) path.schema = schema;
  if (sub !== undefined) path.sub = sub;
  return path;
}

/** Attributes named by one parameter: whole ones, and for others the sub-attributes named. */
interface Selection {
  whole: Set<string>;
  subs: Map<string, Set<string>>;
}

// Core and common attributes live in the '' container, extension ones in their URN's.
const slot = (container: string, name: string) => `${container}\u0000${name}`;

/** Resolves names against the resource type; unknown ones are ignored, as RFC 7644 §3.9 allows. */
function select(rs: ResourceSchema, paths: readonly AttrPath[] | undefined): Selection | undefined {
  const selection: Selection = { whole: new Set(), subs: new Map() };
  let any = false;
  for (const path of paths ?? []) {
    const schemaOnly = path.schema !== undefined && path.sub === undefined ? findSchema(rs, `${path.schema}:${path.attr}`) : undefined;
    if (schemaOnly) {
      const container = schemaOnly.extension ? schemaOnly.schema.id : '';
      for (const def of schemaOnly.schema.attributes) selection.whole.add(slot(container, def.name));
      any = true;
      continue;
    }
    const resolved = resolvePath(rs, path);
    if (!resolved) continue;
    any = true;
    const key = slot(resolved.extension && resolved.schema ? resolved.schema.id : '', resolved.attribute.name);
    if (!resolved.sub) selection.whole.add(key);
    else {
      const subs = selection.subs.get(key) ?? new Set<string>();
      subs.add(resolved.sub.name);
      selection.subs.set(key, subs);
    }
  }
  // A list whose every name is unknown selects nothing, so it behaves as if absent.
  return any ? selection : undefined;
}

/**
 * Projects a canonical resource for a response (RFC 7643 §7 `returned`; RFC 7644 §3.4.2.5, §3.9).
 * `always` attributes (id) and `schemas` are always kept, `never` ones (password) never;
 * `request` ones only when named in `attributes`; `default` ones unless `attributes` is given
 * without naming them or `excludedAttributes` names them. Naming a sub-attribute
 * (`name.givenName`, `emails.value`) keeps only that part; naming a schema URN keeps the whole
 * schema. `schemas` lists the extension URNs still present after projection.
 */
export function projectResource(rs: ResourceSchema, resource: ScimResource, opts: ProjectionOptions = {}): ScimResource {
  const wanted = select(rs, opts.attributes);
  const excluded = select(rs, opts.excludedAttributes);
  const out: ScimResource = { schemas: [] };
  const present: string[] = [];
  for (const key of Object.keys(resource)) {
    if (key === 'schemas') continue;
    const ext = rs.extensions.find((e) => e.schema.id === key);
    if (ext) {
      const bag = resource[key];
      if (!isJsonObject(bag)) continue;
      const projected: Plain = {};
      for (const def of ext.schema.attributes) {
        if (!Object.hasOwn(bag, def.name)) continue;
        const value = projectAttribute(def, slot(key, def.name), bag[def.name], wanted, excluded);
        if (value !== undefined) projected[def.name] = value;
      }
      if (Object.keys(projected).length > 0) {
        out[key] = projected;
        present.push(key);
      }
      continue;
    }
    const def = rs.common.find((d) => d.name === key) ?? rs.core.attributes.find((d) => d.name === key);
    if (!def) continue;
    const value = projectAttribute(def, slot('', def.name), resource[key], wanted, excluded);
    if (value !== undefined) out[def.name] = value;
  }
  out.schemas = [rs.core.id, ...rs.extensions.map((e) => e.schema.id).filter((id) => present.includes(id))];
  return out;
}

function projectAttribute(
  def: AttributeDef,
  key: string,
  value: unknown,
  wanted: Selection | undefined,
  excluded: Selection | undefined,
): unknown {
  if (value === undefined || value === null || def.returned === 'never') return undefined;
  const wantedWhole = wanted?.whole.has(key) ?? false;
  const wantedSubs = wanted?.subs.get(key);
  if (def.returned !== 'always') {
    if (wanted ? !wantedWhole && !wantedSubs : def.returned === 'request') return undefined;
    if (excluded?.whole.has(key)) return undefined;
  }
  if (def.type !== 'complex') return Array.isArray(value) ? [...value] : value;
  const excludedSubs = excluded?.subs.get(key);
  // `always` keeps the whole attribute; with `attributes` naming only sub-attributes, only those.
  const onlySubs = def.returned !== 'always' && wanted && !wantedWhole ? wantedSubs : undefined;
  const keepSub = (sub: AttributeDef): boolean => {
    if (sub.returned === 'never') return false;
    if (sub.returned === 'always') return true;
    if (excludedSubs?.has(sub.name)) return false;
    if (onlySubs) return onlySubs.has(sub.name);
    return sub.returned !== 'request' || (wantedSubs?.has(sub.name) ?? false);
  };
  const subs = (def.subAttributes ?? []).filter(keepSub);
  const pick = (element: unknown): unknown => {
    if (!isJsonObject(element)) return element;
    const picked: Plain = {};
    for (const sub of subs) {
      if (Object.hasOwn(element, sub.name) && element[sub.name] !== undefined) picked[sub.name] = element[sub.name];
    }
    return Object.keys(picked).length > 0 ? picked : undefined;
  };
  if (!Array.isArray(value)) return pick(value);
  const elements = value.map(pick).filter((e) => e !== undefined);
  return elements.length > 0 ? elements : undefined;
}
