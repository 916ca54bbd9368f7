// Validates a SCIM PatchOp request body into a list of operations (RFC 7644 §3.5.2).
import { RosterError } from '../../errors.ts';
import type { PatchOperation } from './patch-types.ts';

export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Bounds the work one request can ask for; real IdPs batch far below this. */
export const MAX_PATCH_OPERATIONS = 1000;

const OPS = new Set(['add', 'replace', 'remove']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds a key ignoring case, preferring the exact spelling when a client sends both. */
function findKey(obj: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const wanted = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === wanted);
}

function syntax(message: string, hint?: string): RosterError {
  return new RosterError('invalid_syntax', message, hint ? { hint } : {});
}

/**
 * Parses and validates a PATCH body (RFC 7644 §3.5.2): the PatchOp schema, a non-empty
 * `Operations` array, and for each operation an `op` of add/replace/remove in any case
 * (Microsoft Entra sends `Replace`), an optional non-empty `path`, and a `value` for add
 * and replace. Unknown keys in an operation (Entra's `name`) are ignored.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw syntax('The PATCH body must be a JSON object.');
  checkSchemas(body);
  const opsKey = findKey(body, 'Operations');
  const ops = opsKey === undefined ? undefined : body[opsKey];
  if (!Array.isArray(ops) || ops.length === 0) {
    throw syntax('The PATCH body must have a non-empty "Operations" array.', 'Send {"schemas":["' + PATCH_OP_URN + '"],"Operations":[…]}.');
  }
  if (ops.length > MAX_PATCH_OPERATIONS) {
    throw syntax(
      `The PATCH body has ${ops.length} operations; at most ${MAX_PATCH_OPERATIONS} are allowed.`,
      'Split the change into several PATCH requests.',
    );
  }
  return ops.map((op, index) => parseOperation(op, index));
}

// Some clients omit `schemas`; only a present list that lacks PatchOp is a clear mistake.
function checkSchemas(body: Record<string, unknown>): void {
  const key = findKey(body, 'schemas');
  if (key === undefined) return;
  const schemas = body[key];
  const list = Array.isArray(schemas) ? schemas : [schemas];
  const ok = list.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_URN.toLowerCase());
  if (!ok) throw syntax(`The PATCH body's "schemas" must include "${PATCH_OP_URN}".`);
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  if (!isObject(raw)) throw syntax(`Operation ${index} must be a JSON object.`);
  const opKey = findKey(raw, 'op');
  const opValue = opKey === undefined ? undefined : raw[opKey];
  const op = typeof opValue === 'string' ? opValue.toLowerCase() : undefined;
  if (op === undefined || !OPS.has(op)) {
    throw syntax(
      `Operation ${index} has ${opValue === undefined ? 'no "op"' : `op ${JSON.stringify(opValue)}`}; expected "add", "replace" or "remove".`,
    );
  }
  const result: PatchOperation = { op: op as PatchOperation['op'] };

  const pathKey = findKey(raw, 'path');
  const path = pathKey === undefined ? undefined : raw[pathKey];
  // A null path is how some serialisers write "no path"; treat it as absent.
  if (path !== undefined && path !== null) {
    if (typeof path !== 'string' || path.trim() === '') {
      throw syntax(`Operation ${index} has a "path" that is not a non-empty string.`);
    }
    result.path = path;
  }

  const valueKey = findKey(raw, 'value');
  if (valueKey !== undefined) result.value = raw[valueKey];
  else if (op !== 'remove') {
    throw syntax(`Operation ${index} (${op}) has no "value".`, 'add and replace operations must carry a "value".');
  }
  return result;
}
