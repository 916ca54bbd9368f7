// Types shared by the PATCH parser, engine and members handling (RFC 7644 §3.5.2).
import type { Filter } from '../filter/filter-ast.ts';
import type { ResourceSchema, ScimResource } from '../schema/attribute.ts';

/** One PatchOp operation after request validation; `op` is always lower case. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/** A group member as the membership table stores it. */
export interface MemberRef {
  value: string;
  type?: 'User' | 'Group';
  display?: string;
}

/**
 * A change to a group's membership. Members never live in the group JSON (a group may have
 * 100,000 of them), so the engine describes the change and the store applies it.
 */
export type MemberChange =
  | { kind: 'add'; members: MemberRef[] }
  | { kind: 'remove'; ids: string[] }
  | { kind: 'removeWhere'; filter: Filter }
  | { kind: 'replace'; members: MemberRef[] }
  | { kind: 'removeAll' };

export interface PatchWarning {
  attribute: string;
  message: string;
}

export interface PatchResult {
  /** The patched resource (without members for groups). */
  resource: ScimResource;
  /** Membership changes in operation order (groups only). */
  memberChanges: MemberChange[];
  /** Canonical top-level names (`URN:attr` for extensions) whose value changed, deduplicated. */
  changedAttributes: string[];
  /** Things the engine ignored on purpose, e.g. readOnly keys in a path-less value. */
  warnings: PatchWarning[];
}

/** The mutable working state of one applyPatch call; only ever holds a private clone. */
export interface PatchState {
  rs: ResourceSchema;
  resource: ScimResource;
  memberChanges: MemberChange[];
  warnings: PatchWarning[];
  /** Canonical top-level names an operation wrote to, in first-touch order. */
  touched: Set<string>;
}
