// Query strings of the read API (app-reader.ts parsePageInput, parseFilterParam, parseStates), for the document.
import { USER_STATES } from '../../../directory/snapshot/app-reader.ts';

const page = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Anything else is a 400 invalid_value naming limit.' },
  after: { type: 'string', format: 'uuid', description: 'The `nextCursor` of the previous page; anything else is a 400 invalid_cursor.' },
} as const;

const filter = { type: 'string', description: 'A SCIM filter (RFC 7644 §3.4.2.2), e.g. `userName eq "ada@acme.com"`.' } as const;

export const ReadPageQuery = { type: 'object', properties: page } as const;

export const UserListQuery = {
  type: 'object',
  properties: {
    filter,
    state: { type: 'string', description: `Comma-separated (or repeated) states among ${USER_STATES.join(', ')}; every state when absent.` },
    ...page,
  },
} as const;

export const GroupListQuery = { type: 'object', properties: { filter, ...page } } as const;

export const SnapshotQuery = {
  type: 'object',
  properties: { format: { type: 'string', enum: ['json', 'ndjson'], description: 'ndjson (or `Accept: application/x-ndjson`) streams one record per line.' } },
} as const;
