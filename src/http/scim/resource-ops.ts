// The operations of one SCIM resource type, so Users and Groups share one set of routes and Bulk.
import type { Kysely } from 'kysely';
import type { DirectoryContext } from '../../directory/directory-context.ts';
import { createGroup, deleteGroup, patchGroup, replaceGroup } from '../../directory/groups/group-service.ts';
import { readGroup, readUser, viewOfGroup, viewOfUser, type View, type ViewNeeds } from '../../directory/resource-reader.ts';
import { createUser, deleteUser, patchUser, prepareUserInput, replaceUser, type UserInput, type WrittenUser } from '../../directory/users/user-service.ts';
import { userView } from '../../directory/users/user-view.ts';
import { normalizeResource, type NormalizeWarning } from '../../scim/resource/normalize-resource.ts';
import type { PatchOperation } from '../../scim/patch/patch-types.ts';
import type { ResourceSchema } from '../../scim/schema/attribute.ts';
import type { DirectoryResources } from '../../scim/schema/directory-resources.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import type { Database } from '../../store/database.ts';
import { shareRuleLock } from '../../store/role-rule-repository.ts';

type Db = Kysely<Database>;

/**
 * A transaction for a deletion: it locks rows a rule's foreign key reads (a group's own row, DELETE
 * takes the strongest lock) before its membership triggers take the rule lock, so it takes the rule
 * lock first. Other group writes lock group rows FOR NO KEY UPDATE, which a rule insert's KEY SHARE
 * does not wait for, and need no extra statement.
 */
const inRuleTurn = <T>(db: Db, ctx: DirectoryContext, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
  db.transaction().execute(async (trx) => {
    await shareRuleLock(trx, ctx.organizationId);
    return work(trx);
  });

/** A stored row as the routes need it: its id and version (for ETag). */
export interface WrittenRow {
  id: string;
  version: number;
}

/** How a directory treats attributes Roster does not know (its attributeMode), and where warnings go. */
export interface PrepareOptions {
  strict: boolean;
  /** false: the password is removed before normalising, so nothing hashes or stores it. */
  storePasswords: boolean;
  /** The directory's User and Group, with its custom extensions: what a body is validated against. */
  resources: DirectoryResources;
  warn(warnings: NormalizeWarning[]): void;
}

export interface ResourceOps<Input = unknown, Row extends WrittenRow = WrittenRow> {
  /** The built-in resource type; a directory's own (with its extensions) is `ctx.resources[rs.type]`. */
  rs: ResourceSchema;
  /** The computed attribute that costs a query: User `groups`, Group `members`. */
  related: string;
  /** True when a just-created resource cannot have it yet (a new user is in no group). */
  createdWithoutRelated: boolean;
  /** Validates and normalises a body, and does slow work (password hashing) before any transaction. */
  prepare(body: unknown, mode: 'create' | 'replace', opts: PrepareOptions): Promise<Input>;
  // Writes take the database, not a transaction: each operation opens one only if it needs it
  // (a user create or update is one statement on its common path, its own transaction).
  create(db: Db, ctx: DirectoryContext, input: Input): Promise<Row>;
  replace(db: Db, ctx: DirectoryContext, id: string, input: Input, ifMatch?: string): Promise<Row>;
  patch(db: Db, ctx: DirectoryContext, id: string, ops: PatchOperation[], ifMatch?: string): Promise<Row>;
  remove(db: Db, ctx: DirectoryContext, id: string, ifMatch?: string): Promise<void>;
  read(db: Db, ctx: DirectoryContext, id: string, needs: ViewNeeds): Promise<{ row: Row; view: View }>;
  viewOf(db: Db, ctx: DirectoryContext, row: Row, needs: ViewNeeds): Promise<View>;
}

/** The body without its password attribute, however the client cased it (RFC 7643 §2.1). */
function withoutPassword(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => key.toLowerCase() !== 'password'));
}

function normalized(rs: ResourceSchema, body: unknown, mode: 'create' | 'replace', opts: PrepareOptions): Record<string, unknown> {
  const { resource, warnings } = normalizeResource(rs, body, { mode, strict: opts.strict });
  if (warnings.length > 0) opts.warn(warnings);
  return resource;
}

export const USER_OPS: ResourceOps<UserInput, WrittenUser> = {
  rs: USER_RESOURCE,
  related: 'groups',
  createdWithoutRelated: true,
  prepare: async (body, mode, opts) => prepareUserInput(normalized(opts.resources.User, opts.storePasswords ? body : withoutPassword(body), mode, opts)),
  create: createUser,
  replace: replaceUser,
  patch: patchUser,
  remove: (db, ctx, id, ifMatch) => inRuleTurn(db, ctx, (trx) => deleteUser(trx, ctx, id, ifMatch)),
  read: readUser,
  // A user read for a PUT or PATCH came with its groups: no second query for the response.
  viewOf: async (db, ctx, row, needs) => ('groups' in row && row.groups && needs.related ? userView(row, row.groups, ctx) : viewOfUser(db, ctx, row, needs)),
};

export const GROUP_OPS: ResourceOps<Record<string, unknown>, Awaited<ReturnType<typeof createGroup>>> = {
  rs: GROUP_RESOURCE,
  related: 'members',
  createdWithoutRelated: false,
  prepare: async (body, mode, opts) => normalized(opts.resources.Group, body, mode, opts),
  create: (db, ctx, input) => db.transaction().execute((trx) => createGroup(trx, ctx, input)),
  replace: (db, ctx, id, input, ifMatch) => db.transaction().execute((trx) => replaceGroup(trx, ctx, id, input, ifMatch)),
  patch: patchGroup,
  remove: (db, ctx, id, ifMatch) => inRuleTurn(db, ctx, (trx) => deleteGroup(trx, ctx, id, ifMatch)),
  read: readGroup,
  viewOf: viewOfGroup,
};

/** Looks the ops up by endpoint segment (`Users`, `Groups`). */
export function opsForEndpoint(segment: string): ResourceOps | undefined {
  const s = segment.toLowerCase();
  if (s === 'users') return USER_OPS as unknown as ResourceOps;
  if (s === 'groups') return GROUP_OPS as unknown as ResourceOps;
  return undefined;
}
