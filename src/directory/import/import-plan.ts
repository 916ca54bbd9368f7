// Compares the file with the directory and plans the least set of SCIM writes: creates, attribute
// changes, deactivations, reactivations. Pure: the dry run prints it, the import applies it.
import { ENTERPRISE, pathOf, type CsvUser, type CsvUsers } from './csv-users.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface Change {
  key: string;
  from: string;
  to: string;
}

export interface PatchOp {
  op: 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export interface PlannedCreate {
  line: number;
  userName: string;
  body: Record<string, unknown>;
}

export interface PlannedUpdate {
  line: number | null;
  userName: string;
  id: string;
  kind: 'update' | 'deactivate' | 'reactivate';
  changes: Change[];
  ops: PatchOp[];
}

/** Managers are set once every user exists (a new user may manage another): resolved by userName, email or externalId. */
export interface ManagerLink {
  line: number;
  userName: string;
  manager: string;
}

export interface RowError {
  line: number;
  userName: string;
  message: string;
}

export interface ImportPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  unchanged: number;
  /** Users of the directory the file does not name (deactivated only with deactivateMissing). */
  notInFile: number;
  managers: ManagerLink[];
  errors: RowError[];
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

/** The current value of a column in a SCIM user, as the text a CSV cell would hold. */
export function currentValue(user: Record<string, any>, key: string): string {
  const ent = (user[ENTERPRISE] ?? {}) as Record<string, any>;
  const pick = (list: unknown, type: string) => {
    const items = Array.isArray(list) ? (list as Record<string, any>[]) : [];
    return String((items.find((e) => e.primary) ?? items.find((e) => e.type === type) ?? items[0])?.value ?? '');
  };
  switch (key) {
    case 'email':
      return pick(user.emails, 'work');
    case 'phone':
      return pick(user.phoneNumbers, 'work');
    case 'givenName':
      return String(user.name?.givenName ?? '');
    case 'familyName':
      return String(user.name?.familyName ?? '');
    case 'active':
      return user.active === false ? 'false' : 'true';
    case 'manager':
      return String(ent.manager?.value ?? '');
    case 'department':
    case 'employeeNumber':
    case 'costCenter':
    case 'division':
    case 'organization':
      return String(ent[key] ?? '');
    default:
      return String(user[key] ?? '');
  }
}

/** The SCIM value a cell writes (for multi-valued attributes, the one work value the file holds). */
function scimValue(key: string, cell: string): unknown {
  if (key === 'email') return [{ value: cell, type: 'work', primary: true }];
  if (key === 'phone') return [{ value: cell, type: 'work', primary: true }];
  return cell;
}

const same = (key: string, current: string, cell: string) => (key === 'email' || key === 'userName' ? lower(current) === lower(cell) : current === cell);

function createBody(row: CsvUser, columns: string[]): Record<string, unknown> {
  const body: Record<string, any> = { schemas: [USER], userName: row.values.get('userName'), active: row.active };
  for (const key of columns) {
    const cell = row.values.get(key) ?? '';
    if (cell === '' || key === 'userName' || key === 'active' || key === 'manager') continue;
    if (key === 'givenName' || key === 'familyName') body.name = { ...(body.name ?? {}), [key]: cell };
    else if (pathOf(key).startsWith(ENTERPRISE)) {
      body[ENTERPRISE] = { ...(body[ENTERPRISE] ?? {}), [key]: cell };
      if (!body.schemas.includes(ENTERPRISE)) body.schemas.push(ENTERPRISE);
    } else body[key === 'email' ? 'emails' : key === 'phone' ? 'phoneNumbers' : key] = scimValue(key, cell);
  }
  return body;
}

function updateFor(row: CsvUser, user: Record<string, any>, columns: string[]): PlannedUpdate | undefined {
  const changes: Change[] = [];
  const ops: PatchOp[] = [];
  for (const key of columns) {
    if (key === 'manager' || key === 'active') continue;
    const cell = row.values.get(key) ?? '';
    const current = currentValue(user, key);
    if (same(key, current, cell)) continue;
    changes.push({ key, from: current, to: cell });
    ops.push(cell === '' ? { op: 'remove', path: pathOf(key) } : { op: 'replace', path: pathOf(key), value: scimValue(key, cell) });
  }
  const wasActive = user.active !== false;
  if (wasActive !== row.active) {
    changes.push({ key: 'active', from: String(wasActive), to: String(row.active) });
    ops.push({ op: 'replace', path: 'active', value: row.active });
  }
  if (ops.length === 0) return undefined;
  const kind = wasActive === row.active ? 'update' : row.active ? 'reactivate' : 'deactivate';
  return { line: row.line, userName: String(row.values.get('userName')), id: String(user.id), kind, changes, ops };
}

/** Plans the import of `csv` into a directory whose users are `existing` (SCIM resources). */
export function planImport(csv: CsvUsers, existing: Record<string, any>[], opts: { deactivateMissing: boolean }): ImportPlan {
  const byExternalId = new Map(existing.filter((u) => u.externalId).map((u) => [String(u.externalId), u]));
  const byUserName = new Map(existing.map((u) => [lower(u.userName), u]));
  const matched = new Set<string>();
  const plan: ImportPlan = { creates: [], updates: [], unchanged: 0, notInFile: 0, managers: [], errors: [] };
  for (const row of csv.users) {
    const userName = String(row.values.get('userName'));
    const externalId = row.values.get('externalId');
    const user = (externalId ? byExternalId.get(externalId) : undefined) ?? byUserName.get(lower(userName));
    if (user && externalId && user.externalId && user.externalId !== externalId) {
      plan.errors.push({ line: row.line, userName, message: `userName ${userName} belongs to a user with externalId "${user.externalId}", not "${externalId}"` });
      continue;
    }
    if (csv.columns.includes('manager') && (row.values.get('manager') ?? '') !== '') plan.managers.push({ line: row.line, userName, manager: String(row.values.get('manager')) });
    if (!user) {
      plan.creates.push({ line: row.line, userName, body: createBody(row, csv.columns) });
      continue;
    }
    matched.add(String(user.id));
    const update = updateFor(row, user, csv.columns);
    if (update) plan.updates.push(update);
    else plan.unchanged++;
  }
  for (const user of existing) {
    if (matched.has(String(user.id))) continue;
    if (!opts.deactivateMissing || user.active === false) {
      plan.notInFile++;
      continue;
    }
    plan.updates.push({
      line: null,
      userName: String(user.userName),
      id: String(user.id),
      kind: 'deactivate',
      changes: [{ key: 'active', from: 'true', to: 'false' }],
      ops: [{ op: 'replace', path: 'active', value: false }],
    });
  }
  return plan;
}

/** The PatchOp message of a planned update. */
export function patchBody(ops: PatchOp[]): Record<string, unknown> {
  return { schemas: [PATCH], Operations: ops };
}

/** The manager's user id, from a userName, an email or an externalId, among `users` (SCIM resources). */
export function resolveManager(reference: string, users: Record<string, any>[]): string | undefined {
  const ref = reference.toLowerCase();
  const hit =
    users.find((u) => lower(u.userName) === ref) ??
    users.find((u) => Array.isArray(u.emails) && u.emails.some((e: { value?: string }) => lower(e.value) === ref)) ??
    users.find((u) => u.externalId === reference);
  return hit ? String(hit.id) : undefined;
}
