// SDK types of CSV imports run by the server (docs/import.md); mirror the DirectoryImport component.
import type { Fields } from './types.ts';

export interface DirectoryImport {
  object: 'directory_import';
  /** null for a dry run (nothing is recorded). */
  id: string | null;
  directoryId: string;
  /** interrupted: the process running it stopped; run the same file again (re-runs are idempotent). */
  state: 'dry_run' | 'running' | 'completed' | 'interrupted';
  dryRun: boolean;
  deactivateMissing: boolean;
  /** Creates and updates to write; `done` of them are written. */
  total: number;
  done: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  managersSet: number;
  unchanged: number;
  notInFile: number;
  failed: number;
  /** The rows that could not be imported (the first 1,000), with their line in the file. */
  errors: { line: number; userName: string; message: string }[];
  sample: { creates: string[]; updates: string[]; deactivations: string[]; reactivations: string[]; managers: string[] };
  createdAt: string;
  finishedAt: string | null;
}

export const DIRECTORY_IMPORT_FIELDS = {
  object: true, id: true, directoryId: true, state: true, dryRun: true, deactivateMissing: true, total: true, done: true, created: true, updated: true,
  deactivated: true, reactivated: true, managersSet: true, unchanged: true, notInFile: true, failed: true, errors: true, sample: true, createdAt: true, finishedAt: true,
} satisfies Fields<DirectoryImport>;

export interface DirectoryImportInput {
  /** The CSV text: a header (userName required), then one user per line. */
  csv: string;
  dryRun?: boolean;
  deactivateMissing?: boolean;
}
