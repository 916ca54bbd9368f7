// Runs an import: reads the directory, plans, and (unless a dry run) applies the plan through an
// ImportTarget with a few writes in flight. The CLI's target speaks SCIM over HTTP; the server's
// calls the same user service the SCIM routes call, so both write the same events.
import type { CsvUsers } from './csv-users.ts';
import { ENTERPRISE } from './csv-users.ts';
import { planImport, resolveManager, type ImportPlan, type PatchOp, type RowError } from './import-plan.ts';

/** Where an import reads and writes users (SCIM resources); a write answers null, or why it was refused. */
export interface ImportTarget {
  allUsers(): Promise<Record<string, any>[]>;
  create(body: Record<string, unknown>): Promise<string | null>;
  patch(id: string, ops: PatchOp[]): Promise<string | null>;
}

export interface ImportOptions {
  dryRun: boolean;
  deactivateMissing: boolean;
  concurrency?: number;
  /** Called after each write with how many are done of how many, and the counts so far. */
  progress?: (done: number, total: number, result: ImportResult) => void;
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

/** A plan against the directory as it was read, with the dry run's counts and sample. */
export interface PreparedImport {
  plan: ImportPlan;
  /** The writes the apply makes before managers: creates and PATCHes. */
  total: number;
  /** What a dry run answers: the counts it would make, the sample, the rows that cannot be imported. */
  preview: ImportResult;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

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

const emptyResult = (dryRun: boolean, plan: ImportPlan): ImportResult => {
  const kinds = (kind: string) => plan.updates.filter((u) => u.kind === kind);
  return {
    dryRun,
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
};

/** Reads the directory and plans the file against it; changes nothing. */
export async function prepareImport(target: ImportTarget, csv: CsvUsers, opts: { deactivateMissing: boolean }): Promise<PreparedImport> {
  const existing = await target.allUsers();
  const plan = planImport(csv, existing, opts);
  const preview = emptyResult(true, plan);
  const count = (kind: string) => plan.updates.filter((u) => u.kind === kind).length;
  // New users cannot be resolved by id yet: stand-ins with their names let the check find them.
  const standIns = plan.creates.map((c) => ({ ...c.body, id: `new:${c.userName}` }));
  const managers = planManagers(plan, [...existing, ...standIns]);
  preview.managersSet = managers.writes.length;
  preview.sample.managers = managers.writes.slice(0, 5).map((w) => w.label);
  preview.failed.push(...managers.errors);
  preview.failed.sort((a, b) => a.line - b.line);
  preview.created = plan.creates.length;
  preview.updated = count('update');
  preview.deactivated = count('deactivate');
  preview.reactivated = count('reactivate');
  return { plan, total: plan.creates.length + plan.updates.length, preview };
}

/** Applies a prepared plan. A row that fails is reported and the others go on. */
export async function applyImport(target: ImportTarget, prepared: PreparedImport, opts: Pick<ImportOptions, 'concurrency' | 'progress'>): Promise<ImportResult> {
  const { plan, total } = prepared;
  const result = emptyResult(false, plan);
  let done = 0;
  const tick = () => opts.progress?.(++done, total, result);
  const concurrency = opts.concurrency ?? 8;
  await inParallel(plan.creates, concurrency, async (c) => {
    const refused = await target.create(c.body);
    if (refused === null) result.created++;
    else result.failed.push({ line: c.line, userName: c.userName, message: refused });
    tick();
  });
  await inParallel(plan.updates, concurrency, async (u) => {
    const refused = await target.patch(u.id, u.ops);
    if (refused === null) {
      if (u.kind === 'update') result.updated++;
      else if (u.kind === 'deactivate') result.deactivated++;
      else result.reactivated++;
    } else result.failed.push({ line: u.line ?? 0, userName: u.userName, message: refused });
    tick();
  });
  if (plan.managers.length > 0) {
    const managers = planManagers(plan, await target.allUsers());
    result.failed.push(...managers.errors);
    result.sample.managers = managers.writes.slice(0, 5).map((w) => w.label);
    await inParallel(managers.writes, concurrency, async (w) => {
      const refused = await target.patch(w.id, [{ op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: w.managerId } }]);
      if (refused === null) result.managersSet++;
      else result.failed.push({ line: w.line, userName: w.userName, message: refused });
    });
  }
  result.failed.sort((a, b) => a.line - b.line);
  return result;
}

/** Plans against the directory as it is now; applies unless `dryRun`. */
export async function runImport(target: ImportTarget, csv: CsvUsers, opts: ImportOptions): Promise<ImportResult> {
  const prepared = await prepareImport(target, csv, opts);
  if (opts.dryRun) return prepared.preview;
  return applyImport(target, prepared, opts);
}
