// Issue 8 in a real browser: the IT admin imports users from a CSV file — the dry run's diff, the confirmation,
// the progress bar, the result — and a re-run changes nothing; a broken file is explained before anything is written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { userBody } from '../helpers/test-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

const FILE = `userName,givenName,familyName,email,department,manager,active
ann@hooli.test,Ann,Lee,ann@hooli.test,Sales,,true
bob@hooli.test,Bob,Ray,bob@hooli.test,Sales,ann@hooli.test,true
cat@hooli.test,Cat,Kim,cat@hooli.test,Ops,ann@hooli.test,true
dan@elsewhere.test,Dan,Poe,dan@elsewhere.test,Ops,,true
`;

describe('Admin Portal: CSV import', () => {
  let t: ListeningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: { id: string; scimBaseUrl: string; bearerToken: string };
  const pageErrors: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp();
    // Only its own domain: dan's row is refused by the user service, as it would be over SCIM.
    const orgId = (await t.api('POST', '/organizations', { name: 'Hooli', domains: ['hooli.test'], externalDomainPolicy: 'reject' })).body.id;
    await t.api('PATCH', `/organizations/${orgId}`, { externalDomainPolicy: 'reject' });
    dir = (await t.api('POST', `/organizations/${orgId}/directories`, { name: 'HR spreadsheet', provider: 'generic' })).body;
    // Someone already in the directory whom the file does not name.
    await fetch(`${dir.scimBaseUrl}/Users`, { method: 'POST', headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(userBody('old@hooli.test')) });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && pageErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto((await t.api('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage' })).body.url);
    await page.getByRole('link', { name: /HR spreadsheet/ }).first().click();
    await page.getByRole('navigation', { name: 'Directory sections' }).getByRole('link', { name: 'Import', exact: true }).click();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const choose = (name: string, text: string) => page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const count = (label: string) => page.getByRole('region', { name: 'What would change' }).locator('.fact-row', { has: page.getByText(label, { exact: true }) }).locator('dd');
  const users = async () => ((await t.api('GET', `/directories/${dir.id}/users?limit=50`)).body.data as any[]).map((u) => u.userName).sort();

  it('explains a broken file before anything is written', async () => {
    await choose('broken.csv', 'userName,shoe size\nann@hooli.test,42\n');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('alert').getByText(/The file cannot be imported: unknown column "shoe size"/).waitFor();
    await screenshot(page, 'import-broken-file');
    assert.deepEqual(await users(), ['old@hooli.test']);
  });

  it("shows the dry run's diff: counts and examples; nothing is written", async () => {
    await choose('people.csv', FILE);
    await page.getByLabel(/Deactivate users of this directory who are not in the file/).check();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'What would change' }).waitFor();
    assert.equal(await count('Created').innerText(), '4');
    assert.equal(await count('Deactivated').innerText(), '1');
    assert.equal(await count('Managers set').innerText(), '2');
    const examples = page.getByRole('region', { name: 'Examples of the changes' });
    await examples.getByText('bob@hooli.test → ann@hooli.test').waitFor();
    await examples.getByText('old@hooli.test').waitFor();
    await screenshot(page, 'import-dry-run');
    assert.deepEqual(await users(), ['old@hooli.test'], 'a dry run writes nothing');
  });

  it('imports after the confirmation with a progress bar, then shows the result and the refused row', async () => {
    await page.getByRole('button', { name: 'Import: 7 changes' }).click();
    await page.getByRole('heading', { name: 'Import done' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value'), '5');
    await page.getByText('5 of 5 written (100%)').waitFor();
    const refused = page.getByRole('table', { name: 'Rows with a problem' });
    await refused.getByRole('cell', { name: 'dan@elsewhere.test', exact: true }).waitFor();
    assert.match(await refused.innerText(), /5\s+dan@elsewhere\.test\s+400 invalidValue: "dan@elsewhere\.test" is not at one of this organization's domains/);
    await screenshot(page, 'import-done');
    assert.deepEqual(await users(), ['ann@hooli.test', 'bob@hooli.test', 'cat@hooli.test', 'old@hooli.test']);
    const all = (await t.api('GET', `/directories/${dir.id}/users?limit=50&state=active,suspended,deprovisioned`)).body.data as any[];
    assert.equal(all.find((u) => u.userName === 'old@hooli.test').active, false, 'deactivated: not in the file');
    const created = (await t.api('GET', `/events?directoryId=${dir.id}&types=user.created&limit=50`)).body.data as any[];
    assert.equal(created.length, 4, 'old (SCIM) and the three imported users, one user.created each');
  });

  it('a re-run of the same file changes nothing', async () => {
    await page.getByRole('button', { name: 'Import another file' }).click();
    await choose('people.csv', FILE.split('\n').filter((l) => !l.startsWith('dan@')).join('\n'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('This file changes nothing: the directory already matches it.').waitFor();
    assert.equal(await count('Unchanged').innerText(), '3');
    await screenshot(page, 'import-no-change');
  });

  it('logged no error in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
