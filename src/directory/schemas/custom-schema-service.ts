// Rules for a directory's custom extension schemas: declare, replace, delete (docs/custom-schemas.md).
import { RosterError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { AttributeDef } from '../../scim/schema/attribute.ts';
import { CUSTOM_SCHEMA_LIMITS, incompatibleAttributes, parseCustomSchema, type CustomSchema } from '../../scim/schema/custom-schema.ts';
import { directoryResources } from '../../scim/schema/directory-resources.ts';
import {
  bumpSchemasVersion,
  countExtensionHolders,
  deleteCustomSchema,
  extensionHolderIds,
  insertCustomSchema,
  listCustomSchemaRows,
  lockDeprovisionedHolders,
  lockDirectorySchemas,
  updateCustomSchema,
  writeDeprovisionedResource,
  type CustomSchemaRow,
} from '../../store/custom-schema-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { directoryContext, getDirectory } from '../directories/directory-service.ts';
import { patchGroup } from '../groups/group-service.ts';
import { patchUser } from '../users/user-service.ts';
import { customSchemaJson, schemaOfRow, storedAttributes } from './custom-schema-json.ts';

function notFound(urn: string): RosterError {
  return new RosterError('not_found', `Schema "${urn}" is not declared for this directory`, { hint: 'List the directory\'s schemas to see their URNs' });
}

/** The directory's declarations, oldest first (at most CUSTOM_SCHEMA_LIMITS.schemasPerDirectory). */
export async function listSchemas(db: Executor, directoryId: string) {
  await getDirectory(db, directoryId);
  const rows = await listCustomSchemaRows(db, directoryId);
  return { data: rows.map(customSchemaJson), nextCursor: null };
}

function findRow(rows: readonly CustomSchemaRow[], urn: string): CustomSchemaRow | undefined {
  const wanted = urn.toLowerCase();
  return rows.find((r) => r.urn.toLowerCase() === wanted);
}

export async function getSchema(db: Executor, directoryId: string, urn: string) {
  await getDirectory(db, directoryId);
  const row = findRow(await listCustomSchemaRows(db, directoryId), urn);
  if (!row) throw notFound(urn);
  return customSchemaJson(row);
}

/** Locks the directory's declarations and reads them: changes of one directory go one at a time. */
async function lockedRows(trx: Executor, directoryId: string): Promise<CustomSchemaRow[]> {
  await getDirectory(trx, directoryId);
  await lockDirectorySchemas(trx, directoryId);
  return listCustomSchemaRows(trx, directoryId);
}

/** POST: declares a schema; the URN must be new to the directory and not confusable with another. */
export async function declareSchema(trx: Executor, directoryId: string, body: unknown) {
  const rows = await lockedRows(trx, directoryId);
  const schema = parseCustomSchema(body, rows.map((r) => r.urn));
  if (rows.length >= CUSTOM_SCHEMA_LIMITS.schemasPerDirectory) {
    throw new RosterError('invalid_value', `A directory may declare at most ${CUSTOM_SCHEMA_LIMITS.schemasPerDirectory} schemas`, {
      attribute: 'id',
      hint: 'Add the attributes to an existing schema instead (PUT), or delete one you no longer use.',
    });
  }
  const row = await insertCustomSchema(trx, newId(), directoryId, valuesOf(schema));
  await bumpSchemasVersion(trx, directoryId);
  return customSchemaJson(row);
}

function valuesOf(schema: CustomSchema) {
  return { urn: schema.id, resource_type: schema.resourceType, name: schema.name, description: schema.description, attributes: storedAttributes(schema) };
}

/** What to do with stored values that a change would leave undefined. */
export interface ValuesOption {
  /** true: remove them (each user or group gets a new version and its `updated` event); false: refuse the change. */
  purge: boolean;
  origin: string;
}

/**
 * PUT: replaces a declaration (its URN never changes). Attributes may be added and any characteristic
 * that keeps stored values well-typed may change; an attribute that users or groups hold values for
 * may be removed or retyped only with `purge`, which removes those values first.
 */
export async function replaceSchema(trx: Executor, directoryId: string, urn: string, body: unknown, opts: ValuesOption) {
  const rows = await lockedRows(trx, directoryId);
  const row = findRow(rows, urn);
  if (!row) throw notFound(urn);
  const next = parseCustomSchema(body, rows.filter((r) => r !== row).map((r) => r.urn), row.urn);
  const before = schemaOfRow(row);
  // A schema moved to the other resource type leaves every value behind.
  const dropped = next.resourceType !== before.resourceType ? before.attributes.map((a) => a.name) : incompatibleAttributes(before.attributes, next.attributes);
  await dropValues(trx, directoryId, rows, before, dropped, opts);
  const updated = await updateCustomSchema(trx, row.id, valuesOf(next));
  await bumpSchemasVersion(trx, directoryId);
  return customSchemaJson(updated);
}

/** DELETE: the schema goes from discovery and validation; values users hold for it need `purge`. */
export async function deleteSchema(trx: Executor, directoryId: string, urn: string, opts: ValuesOption): Promise<void> {
  const rows = await lockedRows(trx, directoryId);
  const row = findRow(rows, urn);
  if (!row) throw notFound(urn);
  const before = schemaOfRow(row);
  await dropValues(trx, directoryId, rows, before, before.attributes.map((a) => a.name), opts);
  await deleteCustomSchema(trx, row.id);
  await bumpSchemasVersion(trx, directoryId);
}

/**
 * Refuses (409) or, with `purge`, removes the values of `names` that users or groups hold. Values are
 * never left behind unvalidated and unseen: a later declaration of the same URN could give them a
 * meaning they were not sent with, and the app's mapped fields would keep reading them.
 */
async function dropValues(trx: Executor, directoryId: string, rows: readonly CustomSchemaRow[], schema: CustomSchema, names: string[], opts: ValuesOption): Promise<void> {
  if (names.length === 0) return;
  const type = schema.resourceType;
  const holders = await countExtensionHolders(trx, type, directoryId, schema.id, names);
  if (holders === 0) return;
  const which = names.length === schema.attributes.length ? `"${schema.id}"` : names.map((n) => `"${schema.id}:${n}"`).join(', ');
  if (!opts.purge) {
    throw new RosterError('conflict', `${holders} ${type === 'User' ? 'user' : 'group'}${holders === 1 ? '' : 's'} hold values for ${which}; this change would leave them undefined`, {
      attribute: 'id',
      hint: 'Add ?purge=true to remove those values (each user or group gets a new version and an updated event), or keep the attributes as they are.',
    });
  }
  // The values are removed through the ordinary PATCH path under the schema as it still is, with
  // every attribute made removable (a required or immutable one would otherwise refuse).
  const relaxed: CustomSchema = { ...schema, attributes: schema.attributes.map(removable) };
  const others = rows.filter((r) => r.urn !== schema.id).map(schemaOfRow);
  const ctx = directoryContext(await getDirectory(trx, directoryId), opts.origin, undefined, directoryResources([...others, relaxed]));
  const ops = names.map((name) => ({ op: 'remove' as const, path: `${schema.id}:${name}` }));
  for (const id of await extensionHolderIds(trx, type, directoryId, schema.id, names)) {
    if (type === 'User') await patchUser(trx, ctx, id, ops);
    else await patchGroup(trx, ctx, id, ops);
  }
  if (type === 'User') {
    for (const user of await lockDeprovisionedHolders(trx, directoryId, schema.id, names)) {
      await writeDeprovisionedResource(trx, user.id, withoutValues(user.resource, schema.id, names));
    }
  }
}

function removable(def: AttributeDef): AttributeDef {
  return { ...def, required: false, mutability: 'readWrite', ...(def.subAttributes ? { subAttributes: def.subAttributes.map(removable) } : {}) };
}

/** The resource without the named attributes of the extension (and without the extension once empty). */
function withoutValues(resource: Record<string, unknown>, urn: string, names: readonly string[]): Record<string, unknown> {
  const out = { ...resource };
  const ext = { ...(out[urn] as Record<string, unknown>) };
  for (const name of names) delete ext[name];
  if (Object.keys(ext).length > 0) out[urn] = ext;
  else {
    delete out[urn];
    if (Array.isArray(out.schemas)) out.schemas = out.schemas.filter((s) => s !== urn);
  }
  return out;
}
