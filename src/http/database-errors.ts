// Turns database failures into RosterErrors: a race on a unique index, or the database being away.
import { RosterError } from '../errors.ts';

interface PgLikeError {
  code?: string;
  constraint?: string;
  message?: string;
}

// Node socket codes, and SQLSTATE classes 08 (connection), 57P0x (server shutting down) and 53300
// (too many connections); 57014 is a statement cancelled by statement_timeout.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03', '57014', '08000', '08001', '08003', '08004', '08006', '53300']);

/**
 * What node-postgres and pg-pool throw without a code when the server goes away: a socket closed
 * mid-query ("Connection terminated unexpectedly"), the pool's connect timeout, a client reused
 * after its connection broke, a write on a closed socket. Checked against the real errors by
 * test/faults/database-outage.test.ts.
 */
const UNAVAILABLE_MESSAGE = /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable|Client was closed|Cannot use a pool after calling end|This socket has been ended|write after end|read ECONNRESET/i;

const CONSTRAINT_ATTRIBUTES: Record<string, string> = {
  users_user_name: 'userName',
  users_external_id: 'externalId',
  groups_external_id: 'externalId',
};

/** Maps what the database says to an error a client can act on; anything else passes through. */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof RosterError || typeof error !== 'object' || error === null) return error;
  const e = error as PgLikeError;
  if (e.code === '23505') {
    // Two requests raced past the pre-check; the index decided. The loser learns which value clashed.
    const attribute = (e.constraint && CONSTRAINT_ATTRIBUTES[e.constraint]) ?? 'a unique attribute';
    return new RosterError('uniqueness', `${attribute} is already in use in this directory (a concurrent request created it first)`, {
      attribute,
      hint: 'Look the resource up by this value and update it instead of creating it again.',
    });
  }
  if (e.code?.startsWith('22')) {
    // SQLSTATE class 22, data exception: a value from the request that PostgreSQL cannot take (an id
    // that is not a UUID, a NUL character in text, a number past bigint). The transaction rolled back;
    // it is the client's input, so 400 rather than 500. Call sites that can say more check first.
    return new RosterError('invalid_value', 'A value in the request is not valid here (an id that is not a UUID, a NUL character, a number out of range)', {
      hint: 'Check the ids and values sent; text may not contain NUL characters',
    });
  }
  if (e.code === '54000') {
    // program_limit_exceeded: a value too large for an index (a btree entry holds ~2.7 kB after
    // compression), such as a 400 kB externalId. Nothing was written; the input is at fault.
    return new RosterError('invalid_value', 'A value in the request is too long to be stored and looked up', {
      hint: 'Send identifiers (userName, externalId, displayName) of at most a few hundred characters',
    });
  }
  if (e.code === '40001' || e.code === '40P01') {
    return new RosterError('unavailable', 'The change collided with a concurrent change; retry it', { retryAfter: 1 });
  }
  if (e.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '')) {
    // A replica migrated the schema under a statement this connection had prepared inside a
    // transaction (store/prepared-client.ts prepares it anew): the same request succeeds when retried.
    return new RosterError('unavailable', 'The database schema changed during this request; retry it', { retryAfter: 1 });
  }
  if ((e.code && UNAVAILABLE_CODES.has(e.code)) || UNAVAILABLE_MESSAGE.test(e.message ?? '')) {
    return new RosterError('unavailable', 'The database is not reachable right now; retry shortly', { retryAfter: 5 });
  }
  return error;
}
