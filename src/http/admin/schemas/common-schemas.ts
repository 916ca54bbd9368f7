// Building blocks of the admin API schemas: $ref, list envelopes, the error body, path and page parameters.
import { ERROR_CODES } from '../../../errors.ts';

/**
 * A reference to a schema registered with `app.addSchema` (registerAdminSchemas). Fastify resolves
 * it for validation and serialisation; @fastify/swagger turns it into `#/components/schemas/<id>`.
 */
export function ref<const Id extends string>(id: Id, description?: string) {
  return { $ref: `${id}#` as const, ...(description ? { description } : {}) };
}

/** A date-time as the API writes it: `Date.toISOString()`. */
export const timestamp = { type: 'string', format: 'date-time' } as const;
export const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;
export const uuid = { type: 'string', format: 'uuid' } as const;
export const nullableString = { type: ['string', 'null'] } as const;
/**
 * A mapped field's value (string, number, boolean or string[]). 'array' comes first: fast-json-stringify
 * tries a type list in order and turns an array into a string when 'string' is tried first (["a","b"] → "a,b").
 */
export const appFieldValue = { type: ['array', 'string', 'number', 'boolean'], items: { type: 'string' } } as const;

/**
 * `{ data: [...], nextCursor }`, the envelope of every admin list (design.md). The cursor is null
 * on the last page, except where a list keeps one to poll with (events: see its own schema).
 */
export function listOf<const Id extends string, const Item extends string>(id: Id, item: Item, description: string) {
  return {
    $id: id,
    description,
    type: 'object',
    required: ['data', 'nextCursor'],
    additionalProperties: false,
    properties: {
      data: { type: 'array', items: ref(item) },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `after` to read the next page; null on the last page.' },
    },
  } as const;
}

/** `{ error: { code, message, attribute?, resourceId?, hint? } }` (admin-reply.ts renders it). */
export const ErrorBody = {
  $id: 'Error',
  description: 'An error the admin API answered with; `code` is one of docs/errors.md.',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        // Not an enum: a newer server may add codes, and a generated client must not reject them.
        code: { type: 'string', description: `One of ${Object.keys(ERROR_CODES).join(', ')}.` },
        message: { type: 'string' },
        attribute: { type: 'string', description: 'The parameter or body attribute the error is about.' },
        resourceId: { type: 'string', description: 'The object the error is about (for a conflict: the one that holds the value).' },
        hint: { type: 'string', description: 'What to do next.' },
      },
    },
  },
} as const;

/** Every route can fail: 4xx for what the caller can fix (401, 403, 404, 409, 429 …), 5xx for the rest. */
export const errorResponses = {
  '4xx': ref('Error', 'Refused: bad key (401), scope (403), unknown object (404), invalid input (400), conflict (409), rate limit (429, with Retry-After)'),
  '5xx': ref('Error', 'Roster could not answer (500), or the database is unreachable (503, with Retry-After)'),
} as const;

/** The answer of a DELETE: nothing. `type: 'null'` makes @fastify/swagger write a response without content. */
export const noContent = { type: 'null', description: 'Done; no body' } as const;

/**
 * Path parameters, each a string. No `format: 'uuid'`: an id that is not a UUID is answered 404
 * `not_found` by the handlers, like any unknown id, and a 400 here would change that.
 */
export function pathParams<const Names extends readonly string[]>(names: Names, description: Record<Names[number], string>) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', description: description[name as Names[number]] }])) as {
      [K in Names[number]]: { type: 'string'; description: string };
    },
  } as const;
}

export const idParams = (what: string) => pathParams(['id'] as const, { id: `The ${what}'s id (UUID)` });

/** `limit` and `after` of the admin lists parsed by admin-reply.ts pageParams (out of range is clamped). */
export const AdminPageQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Page size; values out of 1–100 are clamped, non-numbers mean 50.' },
    after: { type: 'string', description: 'The `nextCursor` of the previous page.' },
  },
} as const;

/** The OpenAPI operation of a route: its tag (section of docs/api.md), a stable operationId for generated clients, a one-line purpose. */
export function operation(tag: string, operationId: string, summary: string) {
  return { tags: [tag], operationId, summary };
}

/** A route's answers: its success statuses, plus the error body every route may answer with. */
export function responses<const Success extends Record<string, unknown>>(success: Success) {
  return { ...success, ...errorResponses };
}
