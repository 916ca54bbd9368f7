// Query parameters of SCIM list and search requests (RFC 7644 §3.4.2, §3.4.3; RFC 9865 cursors).
import { RosterError } from '../../errors.ts';
import type { AttrPath, Filter } from '../filter/filter-ast.ts';
import { parseAttrPath, parseFilter } from '../filter/filter-parser.ts';
import { parseAttributeList } from '../resource/projection.ts';

export interface ListParams {
  filter?: Filter | undefined;
  sortBy?: AttrPath | undefined;
  descending: boolean;
  /** 1-based, as in the request (RFC 7644 §3.4.2.4); values below 1 read as 1. */
  startIndex: number;
  /** How many resources to return; 0 asks for totalResults only. */
  count: number;
  /** RFC 9865: present (possibly empty) when the client pages by cursor. */
  cursor?: string | undefined;
  attributes: AttrPath[];
  excludedAttributes: AttrPath[];
}

/** Raw parameters, from a query string or a SearchRequest body, keys matched case-insensitively. */
export type RawParams = Record<string, unknown>;

function pick(raw: RawParams, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

function text(raw: RawParams, name: string): string | undefined {
  const v = pick(raw, name);
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    // A SearchRequest sends attributes as a JSON array; a repeated query parameter also arrives as one.
    if (v.every((x) => typeof x === 'string')) return v.join(',');
    throw new RosterError('invalid_syntax', `"${name}" must be a string`, { attribute: name });
  }
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new RosterError('invalid_syntax', `"${name}" must be a string`, { attribute: name });
  return v;
}

/** A client's value as an error message quotes it: the first 100 characters are enough to recognise it. */
function quote(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

function integer(raw: RawParams, name: string): number | undefined {
  const v = text(raw, name);
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    throw new RosterError('invalid_value', `"${name}" must be a whole number, got "${quote(v)}"`, { attribute: name });
  }
  return Math.trunc(n);
}

/**
 * A filter that does not parse names the `filter` parameter and says what the IT admin can do: the
 * IdP wrote it, usually from a matching rule or attribute mapping the admin configured.
 */
function parseFilterParameter(text: string): Filter {
  try {
    return parseFilter(text);
  } catch (error) {
    if (!(error instanceof RosterError) || error.details.hint) throw error;
    throw new RosterError(error.code, error.message, {
      ...error.details,
      attribute: 'filter',
      hint: 'The identity provider sent a filter that is not valid SCIM; check the matching rule or attribute mapping in its provisioning settings, and if they are standard, report the filter to its support',
    });
  }
}

/**
 * Parses list parameters. `count` above `maxResults` is lowered to it (RFC 7644 §3.4.2.4 lets a
 * server return fewer); negative counts read as 0; startIndex below 1 reads as 1.
 */
export function parseListParams(raw: RawParams, maxResults: number, defaultCount = 100): ListParams {
  const filterText = text(raw, 'filter');
  const sortByText = text(raw, 'sortBy');
  const sortOrder = text(raw, 'sortOrder');
  if (sortOrder !== undefined && !/^(ascending|descending)$/i.test(sortOrder)) {
    throw new RosterError('invalid_value', `"sortOrder" must be "ascending" or "descending", got "${quote(sortOrder)}"`, { attribute: 'sortOrder' });
  }
  const count = integer(raw, 'count');
  const startIndex = integer(raw, 'startIndex');
  const cursor = text(raw, 'cursor');
  return {
    filter: filterText !== undefined && filterText.trim() !== '' ? parseFilterParameter(filterText) : undefined,
    sortBy: sortByText ? parseAttrPath(sortByText) : undefined,
    descending: sortOrder !== undefined && sortOrder.toLowerCase() === 'descending',
    // Past any possible total the page is empty anyway; the cap keeps the SQL offset a valid bigint.
    startIndex: Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, startIndex ?? 1)),
    count: Math.min(maxResults, Math.max(0, count ?? defaultCount)),
    cursor,
    attributes: parseAttributeList(text(raw, 'attributes')),
    excludedAttributes: parseAttributeList(text(raw, 'excludedAttributes')),
  };
}

const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/**
 * Parses the body of POST /.search (RFC 7644 §3.4.3): a SearchRequest object holding the same
 * parameters as a query string. No body reads as no parameters, and `schemas` may be left out
 * (clients do); anything but an object, or a `schemas` without the SearchRequest URN, is invalidSyntax.
 */
export function parseSearchRequest(body: unknown, maxResults: number): ListParams {
  if (body === undefined || body === null) return parseListParams({}, maxResults);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new RosterError('invalid_syntax', 'A search request body must be a JSON object', {
      hint: `Send {"schemas": ["${SEARCH_REQUEST_URN}"], "filter": "…", "startIndex": 1, "count": 100}`,
    });
  }
  const raw = body as RawParams;
  const schemas = pick(raw, 'schemas');
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_URN.toLowerCase()))) {
    throw new RosterError('invalid_syntax', `"schemas" of a search request must contain ${SEARCH_REQUEST_URN}`, { attribute: 'schemas' });
  }
  return parseListParams(raw, maxResults);
}
