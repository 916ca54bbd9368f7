// Runs an import: reads the directory, plans, and (unless a dry run) applies the plan over SCIM with a few requests in flight.
import type { CsvUsers } from './csv-users.ts';
import { patchBody, planImport, resolveManager, type ImportPlan, type RowError } from './import-plan.ts';
import type { ScimSession } from './scim-session.ts';
import { ENTERPRISE } from './csv-users.ts';

export interface ImportOptions {
  dryRun: boolean;
  deactivateMissing: boolean;
  concurrency?: number;
  /** Called after each write with how many are done of how many. */
  progress?: (done: number, total: number) => void;
}

export interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  managersSet: number;
  unchanged: number;
  notInFile: number;
  failed: RowError[];
  /** Up to five of each kind of change, for the dry run's diff. */
  sample: { creates: string[]; updates: string[]; deactivations: string[]; reactivations: string[]; managers: string[] };
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

const describeError = (json: any, status: number) => `${status}${json?.scimType ? ` ${json.scimType}` : ''}: ${json?.detail ?? 'no detail'}`;

interface ManagerWrite {
  line: number;
  userName: string;
  id: string;
  managerId: string;
  label: string;
}

/** Managers to (re)set: those whose current manager differs from the one the file names; unknown names are row errors. */
function planManagers(plan: ImportPlan, users: Record<string, any>[]): { writes: ManagerWrite[]; errors: RowError[] } {
  const writes: ManagerWrite[] = [];
  const errors: RowError[] = [];
  const byName = new Map(users.map((u) => [String(u.userName).toLowerCase(), u]));
  for (const link of plan.managers) {
    const user = byName.get(link.userName.toLowerCase());
    const managerId = resolveManager(link.manager, users);
    if (!managerId) {
      errors.push({ line: link.line, userName: link.userName, message: `manager "${link.manager}" is neither in the file nor in the directory` });
      continue;
    }
    if (!user) continue; // its create failed: already reported
    if ((user[ENTERPRISE]?.manager?.value ?? '') === managerId) continue;
    writes.push({ line: link.line, userName: link.userName, id: String(user.id), managerId, label: `${link.userName} → ${link.manager}` });
  }
  return { writes, errors };
}

/** Plans against the directory as it is now; applies unless `dryRun`. A row that fails is reported and the others go on. */
export async function runImport(session: ScimSession, csv: CsvUsers, opts: ImportOptions): Promise<ImportResult> {
  const existing = await session.allUsers();
  const plan = planImport(csv, existing, { deactivateMissing: opts.deactivateMissing });
  const kinds = (kind: string) => plan.updates.filter((u) => u.kind === kind);
  const result: ImportResult = {
    dryRun: opts.dryRun,
    created: 0,
    updated: 0,
    deactivated: 0,
    reactivated: 0,
    managersSet: 0,
    unchanged: plan.unchanged,
    notInFile: plan.notInFile,
    failed: [...plan.errors],
    sample: {
      creates: plan.creates.slice(0, 5).map((c) => c.userName),
      updates: kinds('update').slice(0, 5).map((u) => `${u.userName}: ${u.changes.map((c) => `${c.key} "${c.from}" → "${c.to}"`).join(', ')}`),
      deactivations: kinds('deactivate').slice(0, 5).map((u) => u.userName),
      reactivations: kinds('reactivate').slice(0, 5).map((u) => u.userName),
      managers: [],
    },
  };
  if (opts.dryRun) {
    // New users cannot be resolved by id yet: stand-ins with their names let the check find them.
    const standIns = plan.creates.map((c) => ({ ...c.body, id: `new:${c.userName}` }));
    const managers = planManagers(plan, [...existing, ...standIns]);
    result.managersSet = managers.writes.length;
    result.sample.managers = managers.writes.slice(0, 5).map((w) => w.label);
    result.failed.push(...managers.errors);
    result.created = plan.creates.length;
    result.updated = kinds('update').length;
    result.deactivated = kinds('deactivate').length;
    result.reactivated = kinds('reactivate').length;
    return result;
  }

  const total = plan.creates.length + plan.updates.length;
  let done = 0;
  const tick = () => opts.progress?.(++done, total);
  const concurrency = opts.concurrency ?? 8;
  await inParallel(plan.creates, concurrency, async (c) => {
    const r = await session.request('POST', '/Users', c.body);
    if (r.status === 201) result.created++;
    else result.failed.push({ line: c.line, userName: c.userName, message: describeError(r.json, r.status) });
    tick();
  });
  await inParallel(plan.updates, concurrency, async (u) => {
    const r = await session.request('PATCH', `/Users/${u.id}`, patchBody(u.ops));
    if (r.status === 200 || r.status === 204) {
      if (u.kind === 'update') result.updated++;
      else if (u.kind === 'deactivate') result.deactivated++;
      else result.reactivated++;
    } else result.failed.push({ line: u.line ?? 0, userName: u.userName, message: describeError(r.json, r.status) });
    tick();
  });
  if (plan.managers.length > 0) {
    const managers = planManagers(plan, await session.allUsers());
    result.failed.push(...managers.errors);
    result.sample.managers = managers.writes.slice(0, 5).map((w) => w.label);
    await inParallel(managers.writes, concurrency, async (w) => {
      const r = await session.request('PATCH', `/Users/${w.id}`, patchBody([{ op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: w.managerId } }]));
      if (r.status === 200 || r.status === 204) result.managersSet++;
      else result.failed.push({ line: w.line, userName: w.userName, message: describeError(r.json, r.status) });
    });
  }
  result.failed.sort((a, b) => a.line - b.line);
  return result;
}

/** The text report: counts, the sample diff, and each failure with its line and what to do. */
export function formatImport(r: ImportResult): string {
  const verb = r.dryRun ? 'would' : '';
  const lines = [
    r.dryRun ? 'Dry run: nothing was changed.' : 'Import done.',
    `  create ${r.created}, update ${r.updated}, deactivate ${r.deactivated}, reactivate ${r.reactivated}, set manager ${r.managersSet}${verb ? ` (${verb} be)` : ''}`,
    `  unchanged ${r.unchanged}; in the directory but not in the file ${r.notInFile}${r.notInFile ? ' (kept; --deactivate-missing deactivates them)' : ''}`,
  ];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`  ${title}:`, ...items.map((i) => `    ${i}`));
  };
  section('create', r.sample.creates);
  section('update', r.sample.updates);
  section('deactivate', r.sample.deactivations);
  section('reactivate', r.sample.reactivations);
  section('manager', r.sample.managers);
  if (r.failed.length) {
    lines.push(`  ${r.failed.length} row(s) failed:`);
    for (const f of r.failed) lines.push(`    line ${f.line || '-'} ${f.userName}: ${f.message}`);
  }
  return lines.join('\n');
}
