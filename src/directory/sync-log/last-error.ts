// The directory's "last error": which failures count, how it reads, and writing it at most every few seconds.
import { withoutTrailingDots } from '../../lib/text.ts';
import type { Db } from '../../store/db.ts';
import { setDirectoryLastError, type SyncLogInsert } from '../../store/sync-log-repository.ts';
import type { WarnLogger } from './sync-log-writer.ts';

const MAX_MESSAGE_CHARS = 1000;

/**
 * Every failure counts (an entry with an error: a status of 400 or more, or a Bulk with failed
 * operations) except a 404 to GET of one user or group: IdPs look resources up by id to learn
 * whether they still exist (Okta before re-creating one), and that answer is part of a healthy
 * sync, not a fault. A 404 for an endpoint that does not exist (a wrong base URL) does count.
 */
export function countsAsDirectoryError(entry: Pick<SyncLogInsert, 'method' | 'status' | 'resource_id' | 'error_code'>): boolean {
  return entry.error_code !== null && !(entry.status === 404 && entry.method === 'GET' && entry.resource_id !== null);
}

/** `POST /Users (409): <message>. <hint>` — what failed, why, and what to do, in one line. */
export function lastErrorMessage(entry: Pick<SyncLogInsert, 'method' | 'path' | 'status' | 'message' | 'hint'>): string {
  const message = withoutTrailingDots(entry.message ?? `The request failed with status ${entry.status}`);
  const text = `${entry.method} ${entry.path} (${entry.status}): ${message}.${entry.hint ? ` ${entry.hint}` : ''}`;
  return text.length <= MAX_MESSAGE_CHARS ? text : `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

/**
 * Keeps the newest failure per directory and writes it at most once per `intervalMs` per directory,
 * so an error storm (an IdP retrying thousands of bad users) costs a write every few seconds, not one
 * per request. The first failure after a quiet spell is written at the next flush.
 */
export function createLastErrorTracker(db: Db, log: WarnLogger, intervalMs: number, clock: () => number = Date.now) {
  const pending = new Map<string, { at: Date; message: string }>();
  const writtenAt = new Map<string, number>();

  return {
    note(entry: SyncLogInsert): void {
      if (!countsAsDirectoryError(entry)) return;
      const at = new Date(entry.at);
      const current = pending.get(entry.directory_id);
      if (!current || current.at <= at) pending.set(entry.directory_id, { at, message: lastErrorMessage(entry) });
    },
    hasPending(): boolean {
      return pending.size > 0;
    },
    /** Writes what is due (everything when `all`, at close); the rest waits for a later flush. */
    async write(all: boolean): Promise<void> {
      const now = clock();
      if (writtenAt.size > 10_000) writtenAt.clear();
      for (const [directoryId, error] of pending) {
        if (!all && (writtenAt.get(directoryId) ?? 0) + intervalMs > now) continue;
        pending.delete(directoryId);
        writtenAt.set(directoryId, now);
        try {
          await setDirectoryLastError(db, directoryId, error.at, error.message);
        } catch (err) {
          log.warn({ err, directoryId }, 'sync log: could not record the directory last error');
        }
      }
    },
  };
}
