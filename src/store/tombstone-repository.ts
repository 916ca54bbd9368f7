// SQL for tombstones: what remains of a purged user or deleted group, so late events cannot revive it.
import type { Executor } from './organization-repository.ts';

export interface Tombstone {
  objectType: 'user' | 'group';
  objectId: string;
  directoryId: string;
  organizationId: string;
  version: number;
}

export async function insertTombstone(db: Executor, t: Tombstone): Promise<void> {
  await db
    .insertInto('tombstones')
    .values({ object_type: t.objectType, object_id: t.objectId, directory_id: t.directoryId, organization_id: t.organizationId, version: t.version })
    .onConflict((oc) => oc.columns(['object_type', 'object_id']).doUpdateSet({ version: t.version, deleted_at: new Date() }))
    .execute();
}

export async function listTombstones(db: Executor, directoryId: string, objectType: 'user' | 'group'): Promise<{ object_id: string; version: number; deleted_at: Date }[]> {
  return db.selectFrom('tombstones').select(['object_id', 'version', 'deleted_at']).where('directory_id', '=', directoryId).where('object_type', '=', objectType).execute();
}
