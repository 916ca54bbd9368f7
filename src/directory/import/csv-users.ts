// Reads a users CSV into SCIM attribute values, one record per line, with file-level checks before anything is sent.
import { parse } from 'csv-parse/sync';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A column the importer understands: its SCIM path (as PATCH writes it) and the header names it answers to. */
interface Column {
  key: string;
  path: string;
  aliases: string[];
}

export const COLUMNS: readonly Column[] = [
  { key: 'userName', path: 'userName', aliases: ['username', 'user_name', 'login'] },
  { key: 'externalId', path: 'externalId', aliases: ['externalid', 'external_id'] },
  { key: 'email', path: 'emails', aliases: ['email', 'mail', 'work_email'] },
  { key: 'givenName', path: 'name.givenName', aliases: ['givenname', 'given_name', 'firstname', 'first_name'] },
  { key: 'familyName', path: 'name.familyName', aliases: ['familyname', 'family_name', 'lastname', 'last_name'] },
  { key: 'displayName', path: 'displayName', aliases: ['displayname', 'display_name', 'name'] },
  { key: 'title', path: 'title', aliases: ['title', 'jobtitle', 'job_title'] },
  { key: 'phone', path: 'phoneNumbers', aliases: ['phone', 'phonenumber', 'phone_number'] },
  { key: 'department', path: `${ENTERPRISE}:department`, aliases: ['department'] },
  { key: 'employeeNumber', path: `${ENTERPRISE}:employeeNumber`, aliases: ['employeenumber', 'employee_number', 'employee_id'] },
  { key: 'costCenter', path: `${ENTERPRISE}:costCenter`, aliases: ['costcenter', 'cost_center'] },
  { key: 'division', path: `${ENTERPRISE}:division`, aliases: ['division'] },
  { key: 'organization', path: `${ENTERPRISE}:organization`, aliases: ['organization', 'company'] },
  { key: 'manager', path: `${ENTERPRISE}:manager`, aliases: ['manager', 'manager_username', 'manager_email'] },
  { key: 'active', path: 'active', aliases: ['active', 'enabled'] },
];

export class CsvFileError extends Error {
  override name = 'CsvFileError';
  /** The column the problem is in, when it is about one. */
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** One line of the file, as the values of the columns it has (an empty cell is ''). */
export interface CsvUser {
  line: number;
  values: Map<string, string>;
  active: boolean;
}

export interface CsvUsers {
  /** The column keys present in the file: only these are compared and written. */
  columns: string[];
  users: CsvUser[];
}

function columnFor(header: string): Column | undefined {
  const h = header.trim().toLowerCase();
  return COLUMNS.find((c) => c.key.toLowerCase() === h || c.aliases.includes(h));
}

function parseActive(raw: string, line: number): boolean {
  const v = raw.trim().toLowerCase();
  if (v === '' || ['true', 'yes', '1', 'y', 'active'].includes(v)) return true;
  if (['false', 'no', '0', 'n', 'inactive', 'disabled'].includes(v)) return false;
  throw new CsvFileError(`line ${line}: active must be true or false, got "${raw}"`, 'active');
}

/**
 * Parses the file; throws CsvFileError naming the line for what would make the import ambiguous:
 * unknown or repeated columns, a missing userName, the same userName or externalId twice.
 */
export function readCsvUsers(text: string): CsvUsers {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (error) {
    throw new CsvFileError(`the file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new CsvFileError('the file is empty: its first line must name the columns (userName, email, givenName, …)');
  const columns: Column[] = header.map((h) => {
    const c = columnFor(h);
    if (!c) throw new CsvFileError(`unknown column "${h}"; known columns: ${COLUMNS.map((k) => k.key).join(', ')}`, h);
    return c;
  });
  const keys = columns.map((c) => c.key);
  const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
  if (repeated) throw new CsvFileError(`the column ${repeated} appears twice`, repeated);
  if (!keys.includes('userName')) throw new CsvFileError('a userName column is required', 'userName');

  const seen = new Map<string, number>();
  const users = rows.map((row, i) => {
    const line = i + 2;
    const values = new Map(keys.map((k, j) => [k, row[j] ?? '']));
    const userName = values.get('userName') ?? '';
    if (userName === '') throw new CsvFileError(`line ${line}: userName is empty`, 'userName');
    for (const key of ['userName', 'externalId'] as const) {
      const v = values.get(key)?.toLowerCase();
      if (!v) continue;
      const before = seen.get(`${key}:${v}`);
      if (before !== undefined) throw new CsvFileError(`line ${line}: ${key} "${values.get(key)}" is already on line ${before}`, key);
      seen.set(`${key}:${v}`, line);
    }
    return { line, values, active: parseActive(values.get('active') ?? '', line) };
  });
  return { columns: keys, users };
}

/** The SCIM path a column writes. */
export function pathOf(key: string): string {
  const c = COLUMNS.find((k) => k.key === key);
  if (!c) throw new Error(`no column ${key}`);
  return c.path;
}
