// The Events API: one ordered page of the log after an opaque cursor, never past the stable horizon.
import { RosterError } from '../errors.ts';
import { isUuid } from '../lib/ids.ts';
import type { EventRow } from '../store/database.ts';
import type { Db } from '../store/db.ts';
import { selectEvents, type TypeMatch } from '../store/event-repository.ts';
import { stableSequence } from './event-horizon.ts';
import { parseTypePatterns } from './event-types.ts';

/** Retention of an organization that never set one. */
export const DEFAULT_RETENTION_DAYS = 90;

/** What an event looks like in the Events API and in a webhook body. */
export interface EventJson {
  id: string;
  type: string;
  sequence: number;
  organizationId: string;
  directoryId: string | null;
  createdAt: string;
  /** The user, group or directory the event is about. */
  objectId: string | null;
  /** Its version after the change (monotonic per object); member events carry the group's. */
  objectVersion: number | null;
  data: Record<string, unknown>;
}

export function eventJson(row: EventRow): EventJson {
  return {
    id: row.id,
    type: row.type,
    sequence: Number(row.sequence),
    organizationId: row.organization_id,
    directoryId: row.directory_id,
    createdAt: row.created_at.toISOString(),
    // The object the event is about and its version after the change: apply only if newer.
    objectId: row.object_id,
    objectVersion: row.object_version,
    data: row.data,
  };
}

const CURSOR_PREFIX = 'seq:';

/** How long a read waits for writers in flight before answering with what is settled. */
const HORIZON_WAIT_MS = 100;

/** Opaque to clients; today the last sequence seen. */
export function encodeCursor(sequence: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${sequence}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!/^(0|[1-9][0-9]{0,18})$/.test(seq)) {
    throw new RosterError('invalid_value', 'after is not a cursor returned by this API', { attribute: 'after', hint: 'Pass the nextCursor of a previous page, or leave after out to start at the oldest event' });
  }
  return seq;
}

export interface EventPageInput {
  organizationId?: string | undefined;
  directoryId?: string | undefined;
  types: TypeMatch;
  after: string;
  limit: number;
}

function optionalUuid(value: unknown, attribute: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isUuid(value)) throw new RosterError('invalid_value', `${attribute} must be a UUID`, { attribute });
  return value.toLowerCase();
}

/** Parses and checks the query string of GET /events. */
export function parseEventQuery(query: Record<string, unknown>): EventPageInput {
  const rawLimit = query.limit ?? '100';
  const limit = Number(rawLimit);
  if (typeof rawLimit !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RosterError('invalid_value', 'limit must be a whole number from 1 to 1000', { attribute: 'limit' });
  }
  // `types=a,b` and `types=a&types=b` both work.
  const rawTypes = query.types === undefined ? [] : Array.isArray(query.types) ? query.types : [query.types];
  if (rawTypes.some((t) => typeof t !== 'string')) throw new RosterError('invalid_value', 'types is a comma-separated list such as user.created,group.*', { attribute: 'types' });
  const types = parseTypePatterns((rawTypes as string[]).flatMap((t) => t.split(',')), 'types');
  const after = typeof query.after === 'string' && query.after !== '' ? decodeCursor(query.after) : '0';
  return { organizationId: optionalUuid(query.organizationId, 'organizationId'), directoryId: optionalUuid(query.directoryId, 'directoryId'), types, after, limit };
}

/**
 * A page and the cursor to continue from. The cursor is always present: at the end of the log
 * it points at the horizon (or stays where it was), so a poller can keep calling with it.
 */
export async function pageEvents(db: Db, input: EventPageInput): Promise<{ data: EventJson[]; nextCursor: string }> {
  const horizon = await stableSequence(db, { waitMs: HORIZON_WAIT_MS });
  if (BigInt(horizon) <= BigInt(input.after)) return { data: [], nextCursor: encodeCursor(input.after) };
  const rows = await selectEvents(db, { ...input, upTo: horizon, defaultRetentionDays: DEFAULT_RETENTION_DAYS });
  const last = rows[rows.length - 1];
  // A short page has seen every matching event up to the horizon, so the cursor may jump there.
  const next = rows.length === input.limit && last ? String(last.sequence) : horizon;
  return { data: rows.map(eventJson), nextCursor: encodeCursor(next) };
}
