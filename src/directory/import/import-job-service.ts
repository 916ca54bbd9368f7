// CSV imports run by the server (docs/import.md): a dry run answers the diff; an apply answers at
// once and writes in the background, its progress kept in directory_imports so any replica can answer it.
import { RosterError } from '../../errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import type { Db } from '../../store/db.ts';
import { findImport, insertImport, updateImport, type ImportRow } from '../../store/import-repository.ts';
import { directoryContext, getDirectory } from '../directories/directory-service.ts';
import { getOrganization } from '../organizations/organization-service.ts';
import { CsvFileError, readCsvUsers, type CsvUsers } from './csv-users.ts';
import { directoryImportTarget } from './directory-import-target.ts';
import { applyImport, prepareImport, type ImportResult, type PreparedImport } from './import-run.ts';
import { isoOrNull } from '../../lib/api-time.ts';

/** The largest file an import takes, in characters of CSV text, and in rows. */
export const MAX_IMPORT_CHARS = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
/** Row errors kept with an import (the count is always exact). */
const KEEP_ERRORS = 1000;
/** Progress is written at most this often while an import runs. */
const PROGRESS_MS = 500;
/** A running import whose progress has not moved for this long died with its process. */
const STALE_MS = 10 * 60_000;
const CONCURRENCY = 4;

export interface ImportRequest {
  csv: string;
  dryRun: boolean;
  deactivateMissing: boolean;
}

function readRequest(body: Record<string, unknown>): ImportRequest {
  if (typeof body.csv !== 'string') throw new RosterError('invalid_value', 'csv must be the text of the file', { attribute: 'csv' });
  if (body.csv.length > MAX_IMPORT_CHARS) {
    throw new RosterError('payload_too_large', `The file is ${body.csv.length} characters long; an import takes at most ${MAX_IMPORT_CHARS} (10 MB)`, { attribute: 'csv', hint: 'Split the file and import the parts one after the other' });
  }
  const flag = (key: string) => {
    const v = body[key];
    if (v !== undefined && typeof v !== 'boolean') throw new RosterError('invalid_value', `${key} must be true or false`, { attribute: key });
    return v === true;
  };
  return { csv: body.csv, dryRun: flag('dryRun'), deactivateMissing: flag('deactivateMissing') };
}

function parseFile(text: string): CsvUsers {
  let csv: CsvUsers;
  try {
    csv = readCsvUsers(text);
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    throw new RosterError('invalid_value', `The file cannot be imported: ${error.message}`, { attribute: error.column ?? 'csv', hint: 'Fix the file and send it again; nothing was changed' });
  }
  // An empty file is a mistake (a wrong export), never "everyone left": with deactivateMissing it would deactivate all.
  if (csv.users.length === 0) throw new RosterError('invalid_value', 'The file names no user: after the header line, put one user per line', { attribute: 'csv' });
  if (csv.users.length > MAX_IMPORT_ROWS) {
    throw new RosterError('payload_too_large', `The file has ${csv.users.length} rows; an import takes at most ${MAX_IMPORT_ROWS}`, { attribute: 'csv', hint: 'Split the file and import the parts one after the other' });
  }
  return csv;
}


/** The answer of a dry run: what the import would do, with the same fields as an applied one. */
function previewJson(directoryId: string, req: ImportRequest, prepared: PreparedImport, now: Date) {
  const p = prepared.preview;
  return {
    object: 'directory_import',
    id: null,
    directoryId,
    state: 'dry_run',
    dryRun: true,
    deactivateMissing: req.deactivateMissing,
    total: prepared.total,
    done: 0,
    created: p.created,
    updated: p.updated,
    deactivated: p.deactivated,
    reactivated: p.reactivated,
    managersSet: p.managersSet,
    unchanged: p.unchanged,
    notInFile: p.notInFile,
    failed: p.failed.length,
    errors: p.failed.slice(0, KEEP_ERRORS),
    sample: p.sample,
    createdAt: now.toISOString(),
    finishedAt: now.toISOString(),
  };
}

export function importJson(row: ImportRow, now: Date) {
  const stale = row.state === 'running' && now.getTime() - new Date(row.updated_at).getTime() > STALE_MS;
  return {
    object: 'directory_import',
    id: row.id,
    directoryId: row.directory_id,
    state: stale ? 'interrupted' : row.state,
    dryRun: false,
    deactivateMissing: row.deactivate_missing,
    total: row.total,
    done: row.done,
    created: row.created,
    updated: row.updated,
    deactivated: row.deactivated,
    reactivated: row.reactivated,
    managersSet: row.managers_set,
    unchanged: row.unchanged,
    notInFile: row.not_in_file,
    failed: row.error_count,
    errors: row.errors,
    sample: row.sample,
    createdAt: isoOrNull(row.created_at) as string,
    finishedAt: isoOrNull(row.finished_at),
  };
}

const countsOf = (done: number, r: ImportResult) => ({
  done,
  created: r.created,
  updated: r.updated,
  deactivated: r.deactivated,
  reactivated: r.reactivated,
  managers_set: r.managersSet,
  errors: r.failed,
  sample: r.sample,
});

/** Applies in the background; progress is written every PROGRESS_MS, the result at the end. */
async function runJob(db: Db, id: string, prepared: PreparedImport, write: Parameters<typeof applyImport>[0]): Promise<void> {
  let last = Date.now();
  let writing: Promise<void> = Promise.resolve();
  const result = await applyImport(write, prepared, {
    concurrency: CONCURRENCY,
    progress: (done, _total, r) => {
      if (Date.now() - last < PROGRESS_MS) return;
      last = Date.now();
      const counts = countsOf(done, r);
      writing = writing.then(() => updateImport(db, id, counts, false, KEEP_ERRORS));
    },
  });
  await writing;
  await updateImport(db, id, countsOf(prepared.total, result), true, KEEP_ERRORS);
}

/**
 * Plans the file against the directory now. A dry run answers the plan and changes nothing; an
 * apply records the import, answers it (202) and writes in the background.
 */
export async function startImport(db: Db, directoryId: string, body: Record<string, unknown>, origin: string, onFailure: (error: unknown) => void, now = new Date()) {
  const directory = await getDirectory(db, directoryId);
  const req = readRequest(body);
  const csv = parseFile(req.csv);
  const org = await getOrganization(db, directory.organization_id);
  const ctx = directoryContext(directory, origin, { domains: org.domains, externalDomainPolicy: org.external_domain_policy });
  const target = directoryImportTarget(db, ctx);
  const prepared = await prepareImport(target, csv, { deactivateMissing: req.deactivateMissing });
  if (req.dryRun) return { status: 200, body: previewJson(directory.id, req, prepared, now) };
  const row = await insertImport(db, {
    id: newId(),
    directory_id: directory.id,
    deactivate_missing: req.deactivateMissing,
    total: prepared.total,
    unchanged: prepared.preview.unchanged,
    not_in_file: prepared.preview.notInFile,
    sample: prepared.preview.sample,
  });
  runJob(db, row.id, prepared, target).catch(async (error: unknown) => {
    onFailure(error);
    // Ended, with the reason as its one error: the counts written so far stay as they were.
    const current = await findImport(db, directory.id, row.id).catch(() => undefined);
    const stopped = { line: 0, userName: '', message: `The import stopped: ${error instanceof Error ? error.message : String(error)}; import the same file again to finish it` };
    const counts = current ?? { ...row, errors: [] };
    await updateImport(db, row.id, { ...counts, errors: [...counts.errors, stopped], sample: counts.sample }, true, KEEP_ERRORS).catch(onFailure);
  });
  return { status: 202, body: importJson(row, now) };
}

export async function getImport(db: Db, directoryId: string, importId: string, now = new Date()) {
  const directory = await getDirectory(db, directoryId);
  const row = isUuid(importId) ? await findImport(db, directory.id, importId.toLowerCase()) : undefined;
  if (!row) throw new RosterError('not_found', `No import ${importId} in this directory`, { resourceId: importId });
  return importJson(row, now);
}
