// Each directory's resource types with its custom schemas, compiled once and kept until the directory's schemas_version moves.
import { BUILT_IN_RESOURCES, directoryResources, type DirectoryResources } from '../../scim/schema/directory-resources.ts';
import { listCustomSchemaRows } from '../../store/custom-schema-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { schemaOfRow } from './custom-schema-json.ts';

// Why a version number and not a TTL or a query per request: the SCIM hot path already holds the
// directory row (scim-auth's token cache, refreshed every few seconds from the database), and that
// row carries schemas_version, which every declaration change moves in its own transaction. So a
// request costs a Map lookup; the schemas are read again only when the number changed, on whichever
// replica notices it. A replica sees a change when its token cache next reads the row (at most its
// TTL, 5 s); the replica that made the change clears its token cache and sees it at once. A
// directory that never declared a schema (version 0) never reads the table at all.
const compiled = new Map<string, { version: number; resources: DirectoryResources }>();
const MAX_ENTRIES = 10_000;

/** The directory's resource types at `version` (the directory row's schemas_version). */
export async function resourcesOfDirectory(db: Executor, directoryId: string, version: number): Promise<DirectoryResources> {
  if (version === 0) return BUILT_IN_RESOURCES;
  const hit = compiled.get(directoryId);
  if (hit && hit.version === version) return hit.resources;
  // Read after the row that gave `version`, so what is read is at least that new: it is never
  // cached under a number newer than itself.
  const rows = await listCustomSchemaRows(db, directoryId);
  const resources = directoryResources(rows.map(schemaOfRow));
  if (compiled.size >= MAX_ENTRIES) compiled.clear();
  if (!hit || hit.version < version) compiled.set(directoryId, { version, resources });
  return resources;
}
