// SDK types of attribute mapping (docs/mapping.md); mirror the AppField, DirectoryMapping and MappingPreview components.
import type { Fields } from './types.ts';

export type FieldType = 'string' | 'number' | 'boolean' | 'datetime' | 'string[]';
/** A mapped value as users carry it in `fields`. */
export type FieldValue = string | number | boolean | string[];

export interface AppField {
  key: string;
  type: FieldType;
  required: boolean;
  description: string | null;
  /** A standard key (department, jobTitle, managerId, …): providers have a default source for it. */
  standard: boolean;
  createdAt: string;
  updatedAt: string;
}

export const APP_FIELD_FIELDS = { key: true, type: true, required: true, description: true, standard: true, createdAt: true, updatedAt: true } satisfies Fields<AppField>;

export interface MappingEntry {
  key: string;
  type: FieldType;
  required: boolean;
  description: string | null;
  /** The SCIM path the value is read from; null: not mapped in this directory. */
  path: string | null;
  source: 'default' | 'custom' | 'none';
  defaultPath: string | null;
}

export const MAPPING_ENTRY_FIELDS = { key: true, type: true, required: true, description: true, path: true, source: true, defaultPath: true } satisfies Fields<MappingEntry>;

export interface MappingRecompute {
  state: 'pending' | 'running' | 'done';
  total: number;
  done: number;
  changed: number;
  requestedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export const MAPPING_RECOMPUTE_FIELDS = { state: true, total: true, done: true, changed: true, requestedAt: true, startedAt: true, finishedAt: true } satisfies Fields<MappingRecompute>;

export interface DirectoryMapping {
  directoryId: string;
  provider: string;
  fields: MappingEntry[];
  recompute: MappingRecompute;
}

export const DIRECTORY_MAPPING_FIELDS = { directoryId: true, provider: true, fields: true, recompute: true } satisfies Fields<DirectoryMapping>;

export interface FieldProblem {
  field: string;
  path: string | null;
  kind: 'required_missing' | 'invalid_value';
  message: string;
}

export interface MappingPreview {
  directoryId: string;
  fields: MappingEntry[];
  data: { userId: string; userName: string; state: string; fields: Record<string, FieldValue>; problems: FieldProblem[] }[];
}

export const MAPPING_PREVIEW_FIELDS = { directoryId: true, fields: true, data: true } satisfies Fields<MappingPreview>;

/** Overrides: field key → SCIM path, or null to leave it unmapped; a key left out takes the provider's default. */
export type MappingOverrides = Record<string, string | null>;
