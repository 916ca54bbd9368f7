// Rules: schema URNs a provider writes in place of the SCIM 2.0 ones, and vendor URNs that carry nothing.
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import type { ResourceTypeName } from '../../scim/schema/attribute.ts';
import { SCHEMA_URN } from '../../scim/schema/resource-types.ts';
import { isPlain, type Plain } from './attribute-keys.ts';

/** SCIM 1.1 URNs (draft-scim-core-schema-01 §10) and their SCIM 2.0 equivalents (RFC 7643 §8.7). */
export const SCIM1_ALIASES: Readonly<Record<string, (type: ResourceTypeName) => string>> = {
  // SCIM 1.1 used one core URN for Users and Groups alike.
  'urn:scim:schemas:core:1.0': (type) => (type === 'User' ? SCHEMA_URN.user : SCHEMA_URN.group),
  'urn:scim:schemas:extension:enterprise:1.0': () => SCHEMA_URN.enterpriseUser,
};

type Aliases = Readonly<Record<string, (type: ResourceTypeName) => string>>;

/** The 2.0 spelling of a URN, a `URN:attr` key or a `URN:attr` path; anything else unchanged. */
function renamed(aliases: Aliases, type: ResourceTypeName, text: string): string {
  const lower = text.toLowerCase();
  for (const [alias, target] of Object.entries(aliases)) {
    if (lower === alias) return target(type);
    if (lower.startsWith(`${alias}:`)) return `${target(type)}${text.slice(alias.length)}`;
  }
  return text;
}

function renameKeys(aliases: Aliases, type: ResourceTypeName, obj: Plain): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(obj)) {
    const name = renamed(aliases, type, key);
    // An extension object sent under both spellings is merged, the 2.0 one winning.
    out[name] = isPlain(out[name]) && isPlain(value) ? { ...value, ...(out[name] as Plain) } : value;
  }
  return out;
}

function renameSchemas(aliases: Aliases, type: ResourceTypeName, schemas: unknown): unknown {
  if (!Array.isArray(schemas)) return schemas;
  const list = schemas.map((s) => (typeof s === 'string' ? renamed(aliases, type, s) : s));
  return list.filter((s, i) => list.indexOf(s) === i);
}

/**
 * Body rule factory: aliased URNs in `schemas`, as extension object keys and as `URN:attr` keys
 * become the SCIM 2.0 ones. Without it the core drops an extension object it does not know, with
 * a warning, and the data in it is lost (OneLogin templates write `urn:scim:schemas:core:1.0`).
 */
export function aliasSchemasInBody(aliases: Aliases) {
  return (type: ResourceTypeName, body: unknown): unknown => {
    if (!isPlain(body)) return body;
    const out = renameKeys(aliases, type, body);
    const key = Object.keys(out).find((k) => k.toLowerCase() === 'schemas');
    if (key !== undefined) out[key] = renameSchemas(aliases, type, out[key]);
    return out;
  };
}

/** PATCH rule factory: aliased URNs in paths and in the keys of path-less values. */
export function aliasSchemasInPatch(aliases: Aliases) {
  return (type: ResourceTypeName, ops: PatchOperation[]): PatchOperation[] =>
    ops.map((op) => {
      if (op.path !== undefined) return { ...op, path: renamed(aliases, type, op.path.trim()) };
      return isPlain(op.value) ? { ...op, value: renameKeys(aliases, type, op.value) } : op;
    });
}

/**
 * Body rule factory: vendor schema URNs that name no attributes leave `schemas`. Entra's
 * group create lists `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group`
 * (MS-TUT); the core would warn about it on every create, and a strict core would refuse it.
 */
export function dropSchemasInBody(urns: readonly string[]) {
  const drop = new Set(urns.map((u) => u.toLowerCase()));
  return (_type: ResourceTypeName, body: unknown): unknown => {
    if (!isPlain(body)) return body;
    const key = Object.keys(body).find((k) => k.toLowerCase() === 'schemas');
    const schemas = key === undefined ? undefined : body[key];
    if (key === undefined || !Array.isArray(schemas)) return body;
    return { ...body, [key]: schemas.filter((s) => typeof s !== 'string' || !drop.has(s.toLowerCase())) };
  };
}
