// Outbox → deliveries: each endpoint's high-water mark moves over the log, under a row lock, up
// to the stable horizon only, so several replicas share the work and no event is skipped.
import { newId } from '../lib/ids.ts';
import type { Db } from '../store/db.ts';
import { insertDeliveries } from '../store/delivery-repository.ts';
import { endpointsBehind, eventsForEndpoint, lockEndpointForFanout, setLastSequence } from '../store/webhook-repository.ts';
import { stableSequence } from './event-horizon.ts';
import { parseTypePatterns } from './event-types.ts';

const PAGE = 500;

/** One page of one endpoint in one transaction; returns whether a full page was taken (more may wait). */
async function fanOutPage(db: Db, endpointId: string, horizon: string, now: Date): Promise<{ created: number; more: boolean }> {
  return db.transaction().execute(async (trx) => {
    // SKIP LOCKED: another replica on this endpoint is doing the same work; leave it to it.
    const endpoint = await lockEndpointForFanout(trx, endpointId);
    if (!endpoint || BigInt(endpoint.last_sequence) >= BigInt(horizon)) return { created: 0, more: false };
    const events = await eventsForEndpoint(
      trx,
      { organizationId: endpoint.organization_id, types: parseTypePatterns(endpoint.event_types, 'eventTypes'), after: String(endpoint.last_sequence), upTo: horizon },
      PAGE,
    );
    await insertDeliveries(
      trx,
      events.map((e) => ({
        id: newId(),
        endpoint_id: endpoint.id,
        event_sequence: String(e.sequence),
        ordering_key: e.directory_id ?? e.organization_id,
        origin: 'fanout' as const,
        replay_of: null,
        next_attempt_at: now,
      })),
    );
    const last = events[events.length - 1];
    const more = events.length === PAGE && last !== undefined;
    // A short page covered everything up to the horizon: the mark may jump there.
    await setLastSequence(trx, endpoint.id, more ? String(last.sequence) : horizon);
    return { created: events.length, more };
  });
}

/** Creates the deliveries of every enabled endpoint for events up to the horizon; returns how many. */
export async function fanOutEvents(db: Db, now: Date): Promise<number> {
  const horizon = await stableSequence(db);
  let created = 0;
  for (const id of await endpointsBehind(db, horizon)) {
    for (;;) {
      const page = await fanOutPage(db, id, horizon, now);
      created += page.created;
      if (!page.more) break;
    }
  }
  return created;
}
