// Writes a snapshot as text, page by page: one JSON document, or NDJSON (one record per line).
import type { SnapshotChunk, SnapshotHeader, SnapshotSection } from './snapshot-service.ts';

const SECTIONS: readonly SnapshotSection[] = ['users', 'groups', 'memberships', 'tombstones'];

/** The record name of one item of a section on an NDJSON line. */
const RECORD: Record<SnapshotSection, string> = { users: 'user', groups: 'group', memberships: 'membership', tombstones: 'tombstone' };

/**
 * `{ ...header, users: [...], groups: [...], memberships: [...], tombstones: [...], complete: true }`.
 * The header comes first so a client can read the cursor early; `complete` comes last so a cut
 * stream is never mistaken for a whole one, even by a lenient parser.
 */
export async function* snapshotJson(header: SnapshotHeader, chunks: AsyncIterable<SnapshotChunk>): AsyncGenerator<string> {
  const head = JSON.stringify(header);
  yield head.slice(0, -1);
  let open: SnapshotSection | undefined;
  let first = true;
  const openUpTo = function* (section: SnapshotSection | undefined) {
    // Sections with no rows still appear, as empty arrays, in their fixed order.
    const from = open === undefined ? 0 : SECTIONS.indexOf(open) + 1;
    const to = section === undefined ? SECTIONS.length : SECTIONS.indexOf(section) + 1;
    for (let i = from; i < to; i++) {
      yield `${open === undefined && i === from ? '' : ']'},"${SECTIONS[i]}":[`;
      open = SECTIONS[i];
      first = true;
    }
  };
  for await (const chunk of chunks) {
    if (chunk.section !== open) yield* openUpTo(chunk.section);
    const body = chunk.items.map((item) => JSON.stringify(item)).join(',');
    yield first ? body : `,${body}`;
    first = false;
  }
  yield* openUpTo(undefined);
  yield '],"complete":true}';
}

/**
 * Line 1 `{"type":"snapshot", ...header}`, then `{"type":"user","user":{…}}` and the like, then
 * `{"type":"end","counts":{…}}`: a reader that sees no end line knows the stream was cut.
 */
export async function* snapshotNdjson(header: SnapshotHeader, chunks: AsyncIterable<SnapshotChunk>): AsyncGenerator<string> {
  yield `${JSON.stringify({ type: 'snapshot', ...header })}\n`;
  const counts: Record<SnapshotSection, number> = { users: 0, groups: 0, memberships: 0, tombstones: 0 };
  for await (const chunk of chunks) {
    const name = RECORD[chunk.section];
    counts[chunk.section] += chunk.items.length;
    yield chunk.items.map((item) => `{"type":"${name}","${name}":${JSON.stringify(item)}}\n`).join('');
  }
  yield `${JSON.stringify({ type: 'end', counts })}\n`;
}
