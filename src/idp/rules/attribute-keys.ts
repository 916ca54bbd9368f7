// Helpers the dialect rules share: reading body keys and PATCH paths as the protocol core will.
import type { PatchPath } from '../../scim/filter/filter-ast.ts';
import { parseAttrPath, parsePatchPath } from '../../scim/filter/filter-parser.ts';
import type { ResourceSchema } from '../../scim/schema/attribute.ts';
import { findSchema, resolvePath, type ResolvedPath } from '../../scim/schema/resolve-path.ts';

export type Plain = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of `name` in `obj`, matching the key without regard to case (RFC 7643 §2.1). */
export function pick(obj: Plain, name: string): unknown {
  const wanted = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : obj[key];
}

/**
 * What a top-level body key (or a key of a path-less PATCH value) names: `title`,
 * `name.givenName`, `urn:…:enterprise:2.0:User:department`. Undefined for extension URNs
 * themselves, `schemas`, and anything the core will report as unknown. Rules only rewrite what
 * resolves; the rest reaches the core unchanged so its error names the client's spelling.
 */
export function resolveKey(rs: ResourceSchema, key: string): ResolvedPath | undefined {
  if (findSchema(rs, key)) return undefined;
  try {
    return resolvePath(rs, parseAttrPath(key));
  } catch {
    return undefined;
  }
}

/** A PATCH path as the core will parse it, or undefined when the core will refuse it anyway. */
export function parsePathSafely(path: string): PatchPath | undefined {
  try {
    return parsePatchPath(path.trim());
  } catch {
    return undefined;
  }
}
