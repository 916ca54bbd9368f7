// Attribute mapping rules: the app's fields, a directory's mapping and its preview on real users (docs/mapping.md).
import { RosterError } from '../../errors.ts';
import { parseReadPath } from '../../scim/resource/read-path.ts';
import type { DirectoryRow, UserRow } from '../../store/database.ts';
import {
  deleteAppField,
  findRecompute,
  insertAppField,
  listAppFields,
  replaceOverrides,
  requestRecompute,
  updateAppField,
  type AppFieldRow,
  previewUsers,
  type RecomputeRow,
} from '../../store/mapping-repository.ts';
import type { Executor } from '../../store/organization-repository.ts';
import { forgetMappings, storedMapping } from './mapping-cache.ts';
import { compileMapping, effectiveEntries, type FieldProblem, type Fields, type MappingOverrides } from './field-mapping.ts';
import { FIELD_TYPES, type FieldType } from './field-types.ts';
import { standardField } from './standard-fields.ts';
import { isoOrNull } from '../../lib/api-time.ts';

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_PATH = 500;

export const fieldJson = (f: AppFieldRow) => ({
  key: f.key,
  type: f.type,
  required: f.required,
  description: f.description,
  standard: standardField(f.key) !== undefined,
  createdAt: new Date(f.created_at).toISOString(),
  updatedAt: new Date(f.updated_at).toISOString(),
});

function fieldType(v: unknown): FieldType {
  if (typeof v !== 'string' || !(FIELD_TYPES as readonly string[]).includes(v)) {
    throw new RosterError('invalid_value', `type must be one of ${FIELD_TYPES.join(', ')}`, { attribute: 'type' });
  }
  return v as FieldType;
}

function description(v: unknown): string | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string' || v.length > 1000) throw new RosterError('invalid_value', 'description must be text of at most 1000 characters', { attribute: 'description' });
  return v.trim() === '' ? null : v.trim();
}

function bool(v: unknown, attribute: string): boolean | undefined {
  if (v !== undefined && typeof v !== 'boolean') throw new RosterError('invalid_value', `${attribute} must be true or false`, { attribute });
  return v;
}

/** Declares a field; a standard key (department, jobTitle, …) takes its type and description unless given. */
export async function createField(trx: Executor, body: Record<string, unknown>) {
  if (typeof body.key !== 'string' || !KEY.test(body.key)) {
    throw new RosterError('invalid_value', "key must start with a letter and hold letters, digits or '_' (at most 64), such as department or badgeNumber", { attribute: 'key' });
  }
  const standard = standardField(body.key);
  const row = await insertAppField(trx, {
    key: body.key,
    type: body.type === undefined && standard ? standard.type : fieldType(body.type),
    required: bool(body.required, 'required') ?? false,
    description: description(body.description) ?? standard?.description ?? null,
  });
  if (!row) throw new RosterError('conflict', `A field with key "${body.key}" already exists`, { attribute: 'key' });
  await mappingChanged(trx, null);
  return fieldJson(row);
}

export async function pageFields(db: Executor) {
  return { data: (await listAppFields(db)).map(fieldJson), nextCursor: null };
}

function noField(key: string): RosterError {
  return new RosterError('not_found', `No field with key "${key}"`, { attribute: 'key', hint: 'Declare it with POST /api/v1/fields' });
}

export async function changeField(trx: Executor, key: string, body: Record<string, unknown>) {
  const row = await updateAppField(trx, key, {
    ...(body.type !== undefined ? { type: fieldType(body.type) } : {}),
    ...(body.required !== undefined ? { required: bool(body.required, 'required') } : {}),
    ...(body.description !== undefined ? { description: description(body.description) } : {}),
  });
  if (!row) throw noField(key);
  // A new type or requirement changes what every user's fields hold.
  if (body.type !== undefined || body.required !== undefined) await mappingChanged(trx, null);
  return fieldJson(row);
}

export async function removeField(trx: Executor, key: string): Promise<void> {
  if (!(await deleteAppField(trx, key))) throw noField(key);
  await mappingChanged(trx, null);
}

/** Every directory (null) or one gets a new mapping version and a recompute; this process forgets its cached mappings. */
async function mappingChanged(trx: Executor, directoryId: string | null): Promise<void> {
  await requestRecompute(trx, directoryId);
  forgetMappings();
}

export function recomputeJson(r: RecomputeRow | undefined) {
  if (!r) return { state: 'done', total: 0, done: 0, changed: 0, requestedAt: null, startedAt: null, finishedAt: null };
  return { state: r.state, total: r.total, done: r.done, changed: r.changed, requestedAt: isoOrNull(r.requested_at), startedAt: isoOrNull(r.started_at), finishedAt: isoOrNull(r.finished_at) };
}

/** The effective mapping of a directory: each declared field, its path and whether that is the provider's default or the IT admin's. */
export async function getMapping(db: Executor, dir: DirectoryRow) {
  const { fields, overrides } = await storedMapping(db, dir.id);
  const entries = effectiveEntries(fields, overrides, dir.provider);
  return { directoryId: dir.id, provider: dir.provider, fields: entries, recompute: recomputeJson(await findRecompute(db, dir.id)) };
}

/** Checks an overrides body against the declared fields; every path is parsed (a bad one is a 400 naming it). */
function readOverrides(body: unknown, known: Set<string>): MappingOverrides {
  const source = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).fields : undefined;
  if (!source || typeof source !== 'object' || Array.isArray(source)) {
    throw new RosterError('invalid_value', 'The body must be { "fields": { "<field key>": "<SCIM path>" | null } }', { attribute: 'fields' });
  }
  const out: MappingOverrides = {};
  for (const [key, path] of Object.entries(source as Record<string, unknown>)) {
    if (!known.has(key)) throw new RosterError('invalid_value', `"${key}" is not a declared field`, { attribute: `fields.${key}`, hint: 'Declare it with POST /api/v1/fields first' });
    if (path === null) {
      out[key] = null;
      continue;
    }
    if (typeof path !== 'string' || path.trim() === '' || path.length > MAX_PATH) {
      throw new RosterError('invalid_value', `fields.${key} must be a SCIM path of at most ${MAX_PATH} characters, or null to leave it unmapped`, { attribute: `fields.${key}` });
    }
    try {
      parseReadPath(path.trim());
    } catch (error) {
      const why = error instanceof RosterError ? error.message : String(error);
      throw new RosterError('invalid_value', `fields.${key}: "${path}" is not a SCIM attribute path: ${why}`, {
        attribute: `fields.${key}`,
        hint: 'Write it as attr, attr.sub, attr[type eq "work"].sub or urn:…:User:attr',
      });
    }
    out[key] = path.trim();
  }
  return out;
}

/**
 * Replaces the directory's overrides (a field left out goes back to the provider's default; null
 * unmaps it) and starts the recompute of its users. An override equal to the default is kept as a
 * default, so a later change of Roster's defaults still reaches it.
 */
export async function putMapping(trx: Executor, dir: DirectoryRow, body: unknown) {
  const { fields } = await storedMapping(trx, dir.id);
  const overrides = readOverrides(body, new Set(fields.map((f) => f.key)));
  const defaults = effectiveEntries(fields, {}, dir.provider);
  for (const d of defaults) if (Object.hasOwn(overrides, d.key) && overrides[d.key] === d.defaultPath && d.defaultPath !== null) delete overrides[d.key];
  await replaceOverrides(trx, dir.id, overrides);
  await mappingChanged(trx, dir.id);
  return getMapping(trx, dir);
}

export interface PreviewRow {
  userId: string;
  userName: string;
  state: string;
  fields: Fields;
  problems: FieldProblem[];
}

/** The fields a mapping (the stored one, or it with `body.fields` applied) gives real users of the directory, with each one's problems. */
export async function previewMapping(db: Executor, dir: DirectoryRow, limit: number, body?: unknown) {
  const stored = await storedMapping(db, dir.id);
  const proposed = body === undefined ? {} : readOverrides(body, new Set(stored.fields.map((f) => f.key)));
  const entries = effectiveEntries(stored.fields, { ...stored.overrides, ...proposed }, dir.provider);
  const mapping = compileMapping(entries);
  const users: UserRow[] = await previewUsers(db, dir.id, limit);
  const data: PreviewRow[] = users.map((u) => ({ userId: u.id, userName: u.user_name, state: u.state, ...mapping.compute(u.resource as Record<string, unknown>) }));
  return { directoryId: dir.id, fields: entries, data };
}
