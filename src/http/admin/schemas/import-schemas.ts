// Admin API schemas of CSV imports run by the server (src/directory/import/import-job-service.ts).
import { nullableTimestamp, timestamp } from './common-schemas.ts';

const count = { type: 'integer', minimum: 0 } as const;
const names = { type: 'array', items: { type: 'string' } } as const;

export const DirectoryImportCreate = {
  $id: 'DirectoryImportCreate',
  type: 'object',
  required: ['csv'],
  additionalProperties: false,
  properties: {
    csv: { type: 'string', description: 'The file: a header naming the columns (userName required), then one user per line (docs/import.md). At most 10 MB and 50,000 rows.' },
    dryRun: { type: 'boolean', description: 'true: answer what would change and change nothing.' },
    deactivateMissing: { type: 'boolean', description: 'true: deactivate the users of the directory the file does not name.' },
  },
} as const;

export const DirectoryImport = {
  $id: 'DirectoryImport',
  description: 'A CSV import: its plan (a dry run), or its progress and result (an applied one, written in the background).',
  type: 'object',
  required: ['object', 'id', 'directoryId', 'state', 'dryRun', 'deactivateMissing', 'total', 'done', 'created', 'updated', 'deactivated', 'reactivated', 'managersSet', 'unchanged', 'notInFile', 'failed', 'errors', 'sample', 'createdAt', 'finishedAt'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', enum: ['directory_import'] },
    id: { type: ['string', 'null'], format: 'uuid', description: 'null for a dry run (nothing is recorded).' },
    directoryId: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['dry_run', 'running', 'completed', 'interrupted'], description: 'interrupted: the process running it stopped; run the same file again (re-runs are idempotent).' },
    dryRun: { type: 'boolean' },
    deactivateMissing: { type: 'boolean' },
    total: { ...count, description: 'Creates and updates to write (managers are set after them).' },
    done: { ...count, description: 'Of total, written so far (succeeded or failed).' },
    created: { ...count, description: 'Users created (a dry run: would be).' },
    updated: count,
    deactivated: count,
    reactivated: count,
    managersSet: count,
    unchanged: { ...count, description: 'Rows that match their user already: no write, no event.' },
    notInFile: { ...count, description: 'Users of the directory the file does not name, kept (deactivateMissing deactivates them).' },
    failed: { ...count, description: 'Rows that could not be imported.' },
    errors: {
      type: 'array',
      description: 'The rows that could not be imported (the first 1,000): line 0 is not a line of the file.',
      items: {
        type: 'object',
        required: ['line', 'userName', 'message'],
        additionalProperties: false,
        properties: { line: count, userName: { type: 'string' }, message: { type: 'string' } },
      },
    },
    sample: {
      type: 'object',
      description: 'Up to five of each kind of change.',
      required: ['creates', 'updates', 'deactivations', 'reactivations', 'managers'],
      additionalProperties: false,
      properties: { creates: names, updates: names, deactivations: names, reactivations: names, managers: names },
    },
    createdAt: timestamp,
    finishedAt: nullableTimestamp,
  },
} as const;
