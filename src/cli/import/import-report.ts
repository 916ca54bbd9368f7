// The CLI's text report of an import: counts, the sample diff, and each failure with its line.
import type { ImportResult } from '../../directory/import/import-run.ts';

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
