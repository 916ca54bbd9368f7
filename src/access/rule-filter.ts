// The condition of an attribute rule: a SCIM filter over User, checked against the User schema and
// compiled twice: with parameters for the preview, and as parameter-free SQL the database stores
// and runs whenever a user changes (migration 018).
import type { RawBuilder } from 'kysely';
import { RosterError } from '../errors.ts';
import type { AttrPath, Filter } from '../scim/filter/filter-ast.ts';
import { parseFilter } from '../scim/filter/filter-parser.ts';
import type { ResourceSchema } from '../scim/schema/attribute.ts';
import { USER_RESOURCE } from '../scim/schema/resource-types.ts';
import { findAttribute, resolvePath } from '../scim/schema/resolve-path.ts';
import { compileFilter } from '../store/filter-sql/compile-filter.ts';
import { inlineSql } from '../store/filter-sql/inline-sql.ts';

export const MAX_RULE_FILTER = 2000;

export interface RuleFilter {
  /** As the admin wrote it. */
  text: string;
  /** The SQL boolean over the users row `r`, with parameters. */
  where: RawBuilder<boolean>;
  /** The same boolean with its values written in as literals. */
  predicate: string;
}

function invalid(message: string, attribute: string, hint?: string): RosterError {
  return new RosterError('invalid_filter', message, { attribute, ...(hint !== undefined ? { hint } : {}) });
}

/**
 * `department` for `urn:…:enterprise:2.0:User:department`: SCIM wants extension attributes
 * qualified (RFC 7644 §3.10), but a rule's author thinks in attribute names. A name that is not a
 * core attribute and is found in exactly one extension means that one.
 */
function qualify(rs: ResourceSchema, path: AttrPath): AttrPath {
  if (path.schema !== undefined || resolvePath(rs, path)) return path;
  const owners = rs.extensions.filter((e) => findAttribute(e.schema.attributes, path.attr));
  if (owners.length > 1) {
    throw invalid(`"${path.attr}" is in several schemas (${owners.map((e) => e.schema.id).join(', ')})`, path.attr, 'Write it with its schema URN, e.g. "urn:…:User:department".');
  }
  const owner = owners[0];
  return owner ? { ...path, schema: owner.schema.id } : path;
}

// Groups are what group rules are for (and a rename would not recompute a filter on their names);
// meta changes with every write, so a rule on it would not be a stable fact about the user.
const NOT_IN_RULES: Record<string, string> = {
  groups: 'Give the role to a group\'s members with a group rule ({"groupId": …}) instead.',
  meta: 'A rule must depend on the user\'s attributes, not on when or how often they were written.',
};

function refuseUnstable(rs: ResourceSchema, path: AttrPath): void {
  const resolved = resolvePath(rs, path);
  const name = resolved && !resolved.extension ? resolved.attribute.name : undefined;
  const hint = name !== undefined ? NOT_IN_RULES[name] : undefined;
  if (name !== undefined && hint !== undefined) throw invalid(`A role rule cannot filter on "${name}"`, name, hint);
}

/** Qualifies top-level paths and refuses the ones rules cannot use; paths inside `[…]` name sub-attributes. */
function prepare(rs: ResourceSchema, filter: Filter): Filter {
  switch (filter.kind) {
    case 'And':
    case 'Or':
      return { ...filter, left: prepare(rs, filter.left), right: prepare(rs, filter.right) };
    case 'Not':
      return { ...filter, filter: prepare(rs, filter.filter) };
    default: {
      const path = qualify(rs, filter.path);
      refuseUnstable(rs, path);
      return { ...filter, path };
    }
  }
}

/** Parses, checks and compiles a rule's filter; invalid_filter with a clear message when it cannot be one. */
export function ruleFilter(input: unknown): RuleFilter {
  if (typeof input !== 'string' || input.trim() === '') throw invalid('filter must be a SCIM filter over users, e.g. department eq "Sales"', 'filter');
  if (input.length > MAX_RULE_FILTER) throw invalid(`filter is longer than ${MAX_RULE_FILTER} characters`, 'filter');
  let parsed: Filter;
  try {
    parsed = parseFilter(input);
  } catch (error) {
    if (error instanceof RosterError) throw new RosterError(error.code, error.message, { ...error.details, attribute: 'filter' });
    throw error;
  }
  const where = compileFilter(prepare(USER_RESOURCE, parsed), USER_RESOURCE);
  return { text: input.trim(), where, predicate: inlineSql(where) };
}
