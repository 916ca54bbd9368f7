// `roster import users.csv --directory <id>`: users for customers without SCIM, through the same SCIM API an IdP uses.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { adminCall, CliError } from './admin-client.ts';
import { CsvFileError, readCsvUsers } from '../directory/import/csv-users.ts';
import { runImport } from '../directory/import/import-run.ts';
import { formatImport } from './import/import-report.ts';
import { ScimSession } from './import/scim-session.ts';

interface ImportFlags {
  directory?: string;
  scimUrl?: string;
  token?: string;
  dryRun?: boolean;
  deactivateMissing?: boolean;
  concurrency: string;
}

/** A progress bar on stderr when it is a terminal, a line every 10% otherwise. */
function progressBar(): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${done}/${total}\n`);
    }
  };
}

export function registerImport(program: Command): void {
  program
    .command('import <file>')
    .description('create, update and deactivate users of a directory from a CSV file (header: userName, email, givenName, familyName, …; see docs/import.md)')
    .option('--directory <id>', "the directory to import into (its SCIM URL is read with the admin key)")
    .option('--scim-url <url>', 'or the SCIM base URL itself (no admin key needed)')
    .option('--token <token>', "the directory's SCIM bearer token (default: $ROSTER_SCIM_TOKEN)", process.env.ROSTER_SCIM_TOKEN)
    .option('--dry-run', 'print what would change and change nothing')
    .option('--deactivate-missing', 'deactivate users of the directory that the file does not name')
    .option('--concurrency <n>', 'requests in flight', '8')
    .action(async (file: string, flags: ImportFlags) => {
      const global = program.opts<{ url: string; key?: string; json?: boolean }>();
      if (!flags.token) throw new CliError("Give the directory's SCIM token with --token or ROSTER_SCIM_TOKEN");
      let scimUrl = flags.scimUrl;
      if (!scimUrl) {
        if (!flags.directory) throw new CliError('Give --directory <id> (with the admin key) or --scim-url <url>');
        if (!global.key) throw new CliError('--directory needs the admin API key (--key or ROSTER_ADMIN_API_KEY) to find the SCIM URL');
        scimUrl = String((await adminCall({ url: global.url, key: global.key }, 'GET', `/directories/${encodeURIComponent(flags.directory)}`)).scimBaseUrl);
      }
      let csv;
      try {
        csv = readCsvUsers(await readFile(file, 'utf8'));
      } catch (error) {
        if (error instanceof CsvFileError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new CliError('--concurrency must be between 1 and 64');
      const result = await runImport(new ScimSession(scimUrl, flags.token), csv, {
        dryRun: flags.dryRun === true,
        deactivateMissing: flags.deactivateMissing === true,
        concurrency,
        progress: global.json ? undefined : progressBar(),
      });
      process.stdout.write(`${global.json ? JSON.stringify(result, null, 2) : formatImport(result)}\n`);
      if (result.failed.length > 0) process.exitCode = 1;
    });
}
