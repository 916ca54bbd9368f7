// SQL for the event log: rows written in the same transaction as the change they describe.
import type { Executor } from './organization-repository.ts';

export interface NewEvent {
  id: string;
  organization_id: string;
  directory_id: string | null;
  type: string;
  object_id: string | null;
  object_version: number | null;
  data: Record<string, unknown>;
}

export async function insertEvents(db: Executor, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('events')
    .values(events.map((e) => ({ ...e, data: JSON.stringify(e.data) })))
    .execute();
}
