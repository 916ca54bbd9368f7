// Issue 9 in a real browser: the customer's IT admin opens the Mapping tab of an Okta directory, sees the
// provider's defaults with a preview on real users ("jane@acme.com → department: Sales"), edits a path,
// sees the preview follow, saves, and the users' fields follow in the read API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runMappingRecomputes } from '../../src/directory/mapping/recompute-job.ts';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { ENTERPRISE_URN, USER_URN, userBody } from '../helpers/test-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

describe('Admin Portal: attribute mapping', () => {
  let t: ListeningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: { id: string; scimBaseUrl: string; bearerToken: string };
  const pageErrors: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp();
    const orgId = (await t.api('POST', '/organizations', { name: 'Acme' })).body.id;
    dir = (await t.api('POST', `/organizations/${orgId}/directories`, { name: 'Acme Okta', provider: 'okta' })).body;
    await t.api('POST', '/fields', { key: 'department' });
    await t.api('POST', '/fields', { key: 'location' });
    await t.api('POST', '/fields', { key: 'costCenter', type: 'number', required: true });
    const body = userBody('jane@acme.com', {
      schemas: [USER_URN, ENTERPRISE_URN],
      addresses: [{ type: 'work', locality: 'Paris' }, { type: 'home', locality: 'Lyon' }],
      [ENTERPRISE_URN]: { department: 'Sales', costCenter: 'n/a' },
    });
    const created = await fetch(`${dir.scimBaseUrl}/Users`, { method: 'POST', headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
    assert.equal(created.status, 201);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto((await t.api('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage' })).body.url);
    await page.getByRole('link', { name: /Acme Okta/ }).first().click();
    await page.getByRole('navigation', { name: 'Directory sections' }).getByRole('link', { name: 'Mapping', exact: true }).click();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const preview = () => page.getByRole('list', { name: 'Users with their mapped fields' });

  it("shows each field with the provider's default and a preview on real users, problems included", async () => {
    await preview().getByText(/department: Sales, location: Paris/).waitFor();
    await preview().getByText(/costCenter: "n\/a" is not a number/).waitFor();
    assert.equal(await page.getByLabel('Source of location').inputValue(), 'addresses[type eq "work"].locality');
    await page.getByRole('row', { name: /location/ }).getByText('Default').waitFor();
    await screenshot(page, 'mapping-defaults');
  });

  it('follows an edited path in the preview before anything is saved, then saves it', async () => {
    await page.getByLabel('Source of location').fill('addresses[type eq "home"].locality');
    await page.getByRole('row', { name: /location/ }).getByText('Custom').waitFor();
    await preview().getByText(/department: Sales, location: Lyon/).waitFor();
    const before = await t.api('GET', `/directories/${dir.id}/mapping`);
    assert.equal(before.body.fields.find((f: any) => f.key === 'location').source, 'default', 'the preview saved nothing');
    await screenshot(page, 'mapping-preview-edited');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('Saved. Every user of this directory is being updated.').waitFor();
    const after = await t.api('GET', `/directories/${dir.id}/mapping`);
    assert.deepEqual(after.body.fields.find((f: any) => f.key === 'location'), { key: 'location', type: 'string', required: false, description: "The work address's city", path: 'addresses[type eq "home"].locality', source: 'custom', defaultPath: 'addresses[type eq "work"].locality' });
    await runMappingRecomputes(t.db.store.db, { settleMs: 0 });
    const jane = (await t.api('GET', `/directories/${dir.id}/users`)).body.data[0];
    assert.deepEqual(jane.fields, { department: 'Sales', location: 'Lyon' });
    await page.getByText(/Last update of the users: 1 checked, 1 changed/).waitFor({ timeout: 10_000 });
    await screenshot(page, 'mapping-saved');
  });

  it('refuses a path that is not one, saying which field', async () => {
    await page.getByLabel('Source of department').fill('addresses[type eq ');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText(/fields\.department: "addresses\[type eq" is not a SCIM attribute path/).first().waitFor();
    await screenshot(page, 'mapping-invalid-path');
    assert.deepEqual(pageErrors.filter((e) => !/status of 400/.test(e)), []);
  });
});
