// The tagged AST of SCIM filters and attribute paths (RFC 7644 §3.4.2.2, §3.5.2).
// One parser produces it; the SQL compiler (store) and the in-memory evaluator consume it.

/**
 * An attribute path as written: `[schemaURN:]attr[.subAttr]`.
 * Names keep the client's spelling here; `bindPath` (schema layer) resolves them to
 * canonical names and attribute definitions.
 */
export interface AttrPath {
  /** Schema URN prefix when given, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
  schema?: string;
  /** Top-level attribute name, e.g. `emails`, `name`, `meta`. */
  attr: string;
  /** Sub-attribute name, e.g. `value` in `emails.value`. */
  sub?: string;
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A comparison value: JSON string, number, boolean or null (RFC 7644 §3.4.2.2 compValue). */
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: 'Compare'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: 'Present'; path: AttrPath }
  | { kind: 'And'; left: Filter; right: Filter }
  | { kind: 'Or'; left: Filter; right: Filter }
  | { kind: 'Not'; filter: Filter }
  /**
   * `attr[filter]`, e.g. `emails[type eq "work" and value ew "@acme.com"]`.
   * Paths inside `filter` are relative to the elements of `path` (their `attr` names a sub-attribute).
   */
  | { kind: 'ValuePath'; path: AttrPath; filter: Filter };

/**
 * A PATCH operation path (RFC 7644 §3.5.2 PATH = attrPath / valuePath [subAttr]):
 * `members`, `name.givenName`, `emails[type eq "work"].value`, `members[value eq "id"]`,
 * `urn:…:enterprise:2.0:User:manager`.
 */
export interface PatchPath {
  /** The attribute (with `sub` when written `attr.sub` and there is no value filter). */
  path: AttrPath;
  /** The value filter in brackets, relative to the elements of `path.attr`. */
  filter?: Filter;
  /** The sub-attribute after the brackets: `value` in `emails[type eq "work"].value`. */
  subAfterFilter?: string;
}
