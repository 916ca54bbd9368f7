// Reads a streamed snapshot (NDJSON) record by record, so a 100,000-user directory never sits in memory.
import { ConnectionError } from './errors.ts';
import type { HttpClient } from './http-client.ts';
import { resolveRoute } from './routes.ts';
import type { SnapshotHeader, SnapshotRecord } from './types.ts';

export interface SnapshotStream {
  header: SnapshotHeader;
  /** The users, then groups, memberships and tombstones; throws ConnectionError if the stream was cut. */
  records: AsyncGenerator<SnapshotRecord>;
}

async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim() !== '') yield line;
        newline = buffer.indexOf('\n');
      }
    }
    buffer += decoder.decode();
    if (buffer.trim() !== '') yield buffer;
  } finally {
    // Stopping early (an error in the app's store) must release the connection.
    await reader.cancel().catch(() => {});
  }
}

/** GET /directories/:id/snapshot as NDJSON: the header at once, the records as they come. */
export async function openSnapshotStream(http: HttpClient, directoryId: string, signal?: AbortSignal): Promise<SnapshotStream> {
  const { path } = resolveRoute('GET /directories/{id}/snapshot', { id: directoryId });
  const response = await http.stream(path, { query: { format: 'ndjson' }, accept: 'application/x-ndjson', signal });
  if (!response.body) throw new ConnectionError('The snapshot response has no body');
  const it = lines(response.body);
  const first = await it.next();
  const head = first.done ? undefined : (JSON.parse(first.value) as { type: string } & SnapshotHeader);
  if (!head || head.type !== 'snapshot') throw new ConnectionError('The snapshot stream did not start with its header');
  const { type: _type, ...header } = head;
  async function* records(): AsyncGenerator<SnapshotRecord> {
    let ended = false;
    for await (const line of it) {
      let record: { type: string };
      try {
        record = JSON.parse(line) as { type: string };
      } catch (error) {
        throw new ConnectionError('The snapshot stream was cut mid-record', { cause: error });
      }
      if (record.type === 'end') {
        ended = true;
        break;
      }
      yield record as SnapshotRecord;
    }
    if (!ended) throw new ConnectionError('The snapshot stream ended before its end record: it was cut; reconcile again');
  }
  return { header, records: records() };
}
