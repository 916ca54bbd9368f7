// SQL for webhook endpoints and the fan-out of events into deliveries. Ordinary reads never
// select the sealed secrets; readSealedWebhookSecrets is the one that does.
import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable } from './database.ts';
import { typeCondition, type TypeMatch } from './event-repository.ts';
import type { Executor } from './organization-repository.ts';

export type EndpointRecord = Omit<Selectable<WebhookEndpointsTable>, 'secret_ciphertext' | 'previous_secret_ciphertext'>;

const PUBLIC_COLUMNS = [
  'id', 'organization_id', 'url', 'description', 'event_types', 'enabled', 'disabled_reason', 'secret_prefix',
  'previous_secret_expires_at', 'last_sequence', 'created_at', 'updated_at',
] as const;

export interface NewEndpoint {
  id: string;
  organization_id: string | null;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  secret_ciphertext: string;
  secret_prefix: string;
  last_sequence: string;
}

export async function insertEndpoint(db: Executor, row: NewEndpoint): Promise<EndpointRecord> {
  return db.insertInto('webhook_endpoints').values(row).returning(PUBLIC_COLUMNS).executeTakeFirstOrThrow();
}

export async function findEndpoint(db: Executor, id: string): Promise<EndpointRecord | undefined> {
  return db.selectFrom('webhook_endpoints').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Keyset page by id (time-ordered UUIDs). */
export async function listEndpoints(db: Executor, organizationId: string | undefined, after: string | undefined, limit: number): Promise<EndpointRecord[]> {
  let q = db.selectFrom('webhook_endpoints').select(PUBLIC_COLUMNS).orderBy('id').limit(limit);
  if (organizationId) q = q.where('organization_id', '=', organizationId);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  event_types?: string[];
  organization_id?: string | null;
  enabled?: boolean;
  disabled_reason?: string | null;
}

export async function updateEndpoint(db: Executor, id: string, changes: EndpointChanges): Promise<EndpointRecord | undefined> {
  return db.updateTable('webhook_endpoints').set({ ...changes, updated_at: new Date() }).where('id', '=', id).returning(PUBLIC_COLUMNS).executeTakeFirst();
}

export async function deleteEndpoint(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The sealed current and previous secrets: for readWebhookSecret only. */
export async function readSealedWebhookSecrets(db: Executor, id: string) {
  return db
    .selectFrom('webhook_endpoints')
    .select(['secret_ciphertext', 'previous_secret_ciphertext', 'previous_secret_expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function replaceSealedSecret(
  db: Executor,
  id: string,
  sealed: { current: string; prefix: string; previous: string | null; previousExpiresAt: Date | null },
): Promise<EndpointRecord | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({
      secret_ciphertext: sealed.current,
      secret_prefix: sealed.prefix,
      previous_secret_ciphertext: sealed.previous,
      previous_secret_expires_at: sealed.previousExpiresAt,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
}

/** Enabled endpoints whose high-water mark is below `horizon`: the ones with fan-out to do. */
export async function endpointsBehind(db: Executor, horizon: string): Promise<string[]> {
  const rows = await db.selectFrom('webhook_endpoints').select('id').where('enabled', '=', true).where('last_sequence', '<', horizon).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Locks one endpoint for fan-out; undefined when another replica holds it (it is doing the work). */
export async function lockEndpointForFanout(trx: Executor, id: string): Promise<EndpointRecord | undefined> {
  return trx.selectFrom('webhook_endpoints').select(PUBLIC_COLUMNS).where('id', '=', id).where('enabled', '=', true).forUpdate().skipLocked().executeTakeFirst();
}

export interface FanoutEvent {
  sequence: string;
  organization_id: string;
  directory_id: string | null;
}

/** Events after `after` up to `upTo` that an endpoint subscribes to, in sequence order. */
export async function eventsForEndpoint(
  db: Executor,
  filter: { organizationId: string | null; types: TypeMatch; after: string; upTo: string; createdSince?: Date },
  limit: number,
): Promise<FanoutEvent[]> {
  let q = db
    .selectFrom('events')
    .select(['sequence', 'organization_id', 'directory_id'])
    .where('sequence', '>', filter.after)
    .where('sequence', '<=', filter.upTo)
    .where((eb) => typeCondition(eb, filter.types));
  if (filter.organizationId) q = q.where('organization_id', '=', filter.organizationId);
  if (filter.createdSince) q = q.where('created_at', '>=', filter.createdSince);
  return q.orderBy('sequence').limit(limit).execute();
}

export async function setLastSequence(trx: Executor, id: string, sequence: string): Promise<void> {
  await trx.updateTable('webhook_endpoints').set({ last_sequence: sequence }).where('id', '=', id).where('last_sequence', '<', sequence).execute();
}
