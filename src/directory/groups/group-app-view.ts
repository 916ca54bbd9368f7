// The group as the app sees it, in events and the read API (members are listed separately).
import type { GroupRow } from '../../store/database.ts';

/** The documented shape of `data.group` in group events and of /api/v1/directories/:id/groups. */
export interface AppGroup {
  object: 'group';
  id: string;
  directoryId: string;
  organizationId: string;
  externalId: string | null;
  displayName: string;
  /** Monotonic per group: apply an event only if its version is newer than what you hold. */
  version: number;
  createdAt: string;
  updatedAt: string;
  attributes: Record<string, unknown>;
}

export function appGroup(row: GroupRow, organizationId: string): AppGroup {
  return {
    object: 'group',
    id: row.id,
    directoryId: row.directory_id,
    organizationId,
    externalId: row.external_id,
    displayName: row.display_name,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    attributes: row.resource as Record<string, unknown>,
  };
}
