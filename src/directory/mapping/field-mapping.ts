// A directory's effective mapping (provider defaults under the IT admin's overrides) and the fields it computes for a user.
import { compileReadPath, type PathReader } from '../../scim/resource/read-path.ts';
import { coerce, type FieldType } from './field-types.ts';
import { defaultPath } from './standard-fields.ts';

/** A field the app declared (app_fields). */
export interface AppField {
  key: string;
  type: FieldType;
  required: boolean;
  description: string | null;
}

/** One field's source in one directory; `source` says where the path came from. */
export interface MappingEntry extends AppField {
  path: string | null;
  source: 'default' | 'custom' | 'none';
  /** The provider's default, shown beside an override. */
  defaultPath: string | null;
}

/** Why a field of a user has no value, for the preview and the sync log. */
export interface FieldProblem {
  field: string;
  path: string | null;
  kind: 'required_missing' | 'invalid_value';
  message: string;
}

export type Fields = Record<string, string | number | boolean | string[]>;

export interface CompiledMapping {
  entries: MappingEntry[];
  compute(resource: Record<string, unknown>): { fields: Fields; problems: FieldProblem[] };
}

/** Overrides: field key → SCIM path, or null for "not mapped here". */
export type MappingOverrides = Record<string, string | null>;

export function effectiveEntries(fields: readonly AppField[], overrides: MappingOverrides, provider: string): MappingEntry[] {
  return fields.map((f) => {
    const standard = defaultPath(provider, f.key) ?? null;
    if (Object.hasOwn(overrides, f.key)) {
      const path = overrides[f.key] ?? null;
      return { ...f, path, source: path === null ? 'none' : 'custom', defaultPath: standard };
    }
    return { ...f, path: standard, source: standard === null ? 'none' : 'default', defaultPath: standard };
  });
}

/** Paths are parsed once here; a path that stopped parsing (stored before a stricter parser) maps nothing. */
export function compileMapping(entries: MappingEntry[]): CompiledMapping {
  const readers: { entry: MappingEntry; read: PathReader | undefined }[] = entries.map((entry) => {
    let read: PathReader | undefined;
    try {
      read = entry.path === null ? undefined : compileReadPath(entry.path);
    } catch {
      read = undefined;
    }
    return { entry, read };
  });
  return {
    entries,
    compute(resource) {
      const fields: Fields = {};
      const problems: FieldProblem[] = [];
      for (const { entry, read } of readers) {
        const values = read ? read(resource).filter((v) => v !== '') : [];
        if (values.length > 0) {
          const c = coerce(entry.type, values);
          if (c.ok) {
            fields[entry.key] = c.value;
            continue;
          }
          problems.push({ field: entry.key, path: entry.path, kind: 'invalid_value', message: `${entry.key}: ${c.reason} (read from ${entry.path}; expected ${entry.type})` });
        } else if (entry.required) {
          const from = entry.path === null ? 'it is not mapped in this directory' : `${entry.path} has no value`;
          problems.push({ field: entry.key, path: entry.path, kind: 'required_missing', message: `${entry.key} is required, but ${from}` });
        }
      }
      return { fields, problems };
    },
  };
}
