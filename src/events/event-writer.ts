// Writes domain events into the log inside the caller's transaction (transactional outbox).
import type { RawBuilder } from 'kysely';
import { newId } from '../lib/ids.ts';
import { insertEvents } from '../store/event-repository.ts';
import type { Executor } from '../store/organization-repository.ts';

export interface DomainEvent {
  type: string;
  organizationId: string;
  directoryId: string | null;
  /** The user, group or directory the event is about. */
  objectId: string | null;
  /** That object's version after the change: monotonic per object. */
  objectVersion: number | null;
  data: Record<string, unknown>;
}

/**
 * Appends events; they commit or roll back with the change that caused them. Call it in a
 * READ COMMITTED transaction (the default): readers of the log rely on it (see event-horizon.ts).
 * `change`, a data-modifying statement, is sent with them: one round trip for both.
 */
export async function recordEvents(trx: Executor, events: DomainEvent[], change?: RawBuilder<unknown>): Promise<void> {
  if (events.length === 0 && !change) return;
  // The transaction must own an id before it draws sequence numbers (the Events API's horizon
  // proves "no smaller sequence can still commit" from transaction ids): insertEvents takes it first.
  await insertEvents(
    trx,
    events.map((e) => ({
      id: newId(),
      organization_id: e.organizationId,
      directory_id: e.directoryId,
      type: e.type,
      object_id: e.objectId,
      object_version: e.objectVersion,
      data: e.data,
    })),
    change,
  );
}
