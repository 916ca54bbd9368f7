// SQL for a directory's custom extension schemas, the version that marks them changed, and the values users and groups hold for them.
import { sql } from 'kysely';
import type { Executor } from './organization-repository.ts';

export interface CustomSchemaRow {
  id: string;
  directory_id: string;
  urn: string;
  resource_type: 'User' | 'Group';
  name: string;
  description: string;
  attributes: unknown[];
  created_at: Date;
  updated_at: Date;
}

export interface CustomSchemaValues {
  urn: string;
  resource_type: 'User' | 'Group';
  name: string;
  description: string;
  attributes: unknown[];
}

export async function listCustomSchemaRows(db: Executor, directoryId: string): Promise<CustomSchemaRow[]> {
  const r = await sql<CustomSchemaRow>`select * from custom_schemas where directory_id = ${directoryId}::uuid order by created_at, urn`.execute(db);
  return r.rows;
}

/** Locks the directory row: declarations of one directory are made one at a time (limits, URN clashes). */
export async function lockDirectorySchemas(db: Executor, directoryId: string): Promise<number | undefined> {
  const r = await sql<{ schemas_version: number }>`select schemas_version from directories where id = ${directoryId}::uuid for update`.execute(db);
  return r.rows[0]?.schemas_version;
}

/** Marks the directory's schemas changed; caches compare this number with the one they hold. */
export async function bumpSchemasVersion(db: Executor, directoryId: string): Promise<void> {
  await sql`update directories set schemas_version = schemas_version + 1, updated_at = now() where id = ${directoryId}::uuid`.execute(db);
}

export async function insertCustomSchema(db: Executor, id: string, directoryId: string, v: CustomSchemaValues): Promise<CustomSchemaRow> {
  const r = await sql<CustomSchemaRow>`insert into custom_schemas (id, directory_id, urn, resource_type, name, description, attributes)
    values (${id}::uuid, ${directoryId}::uuid, ${v.urn}, ${v.resource_type}, ${v.name}, ${v.description}, ${JSON.stringify(v.attributes)}::jsonb)
    returning *`.execute(db);
  return r.rows[0] as CustomSchemaRow;
}

export async function updateCustomSchema(db: Executor, id: string, v: CustomSchemaValues): Promise<CustomSchemaRow> {
  const r = await sql<CustomSchemaRow>`update custom_schemas set resource_type = ${v.resource_type}, name = ${v.name}, description = ${v.description},
      attributes = ${JSON.stringify(v.attributes)}::jsonb, updated_at = now()
    where id = ${id}::uuid returning *`.execute(db);
  return r.rows[0] as CustomSchemaRow;
}

export async function deleteCustomSchema(db: Executor, id: string): Promise<void> {
  await sql`delete from custom_schemas where id = ${id}::uuid`.execute(db);
}

const TABLES = { User: 'users', Group: 'groups' } as const;

/**
 * The rows of a directory that hold a value for any of `attributes` of the extension `urn`
 * (stored under the URN as declared: custom-schema-service keeps the URN's spelling forever).
 */
function holdersWhere(directoryId: string, urn: string, attributes: readonly string[]) {
  return sql`directory_id = ${directoryId}::uuid and jsonb_typeof(resource -> ${urn}::text) = 'object' and (resource -> ${urn}::text) ?| ${[...attributes]}::text[]`;
}

/** How many users or groups hold a value for any of the attributes. */
export async function countExtensionHolders(db: Executor, type: 'User' | 'Group', directoryId: string, urn: string, attributes: readonly string[]): Promise<number> {
  if (attributes.length === 0) return 0;
  const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(TABLES[type])} where ${holdersWhere(directoryId, urn, attributes)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The ids of the users or groups holding a value for any of the attributes. */
export async function extensionHolderIds(db: Executor, type: 'User' | 'Group', directoryId: string, urn: string, attributes: readonly string[]): Promise<string[]> {
  if (attributes.length === 0) return [];
  // Deprovisioned users are hidden from SCIM: lockDeprovisionedHolders handles them.
  const hidden = type === 'User' ? sql` and state <> 'deprovisioned'` : sql``;
  const r = await sql<{ id: string }>`select id from ${sql.table(TABLES[type])} where ${holdersWhere(directoryId, urn, attributes)}${hidden} order by id`.execute(db);
  return r.rows.map((row) => row.id);
}

/**
 * Deprovisioned users that hold values for the attributes, locked. SCIM no longer sees them (so the
 * PATCH path cannot reach them) and the app is told nothing of them, but their stored JSON is cleaned too.
 */
export async function lockDeprovisionedHolders(db: Executor, directoryId: string, urn: string, attributes: readonly string[]): Promise<{ id: string; resource: Record<string, unknown> }[]> {
  if (attributes.length === 0) return [];
  const r = await sql<{ id: string; resource: Record<string, unknown> }>`select id, resource from users
    where state = 'deprovisioned' and ${holdersWhere(directoryId, urn, attributes)} order by id for update`.execute(db);
  return r.rows;
}

export async function writeDeprovisionedResource(db: Executor, id: string, resource: Record<string, unknown>): Promise<void> {
  await sql`update users set resource = ${JSON.stringify(resource)}::jsonb, version = version + 1, updated_at = now() where id = ${id}::uuid`.execute(db);
}
