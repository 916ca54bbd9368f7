// Issue 7: the app developer's view, signed in with an admin key: organizations, a directory, a portal link, webhooks, events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { ADMIN_KEY, userBody } from '../helpers/test-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

describe('Admin Portal: developer view', () => {
  let t: ListeningApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong key, then signs in with the admin key', async () => {
    await page.goto(`${t.url}/portal/`);
    await page.getByLabel('Admin API key').fill('not-a-key-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The admin API key is not valid').waitFor();
    await screenshot(page, '20-login');
    await page.getByLabel('Admin API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No organizations yet').waitFor();
    assert.equal(await page.evaluate(() => document.cookie), '', 'the key is not in a cookie');
  });

  it('creates an organization, a directory (token shown once) and a portal link that opens', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Umbrella');
    await page.getByLabel('Email domains (optional)').fill('umbrella.test');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Umbrella' }).waitFor();
    await page.getByText('No directory yet').waitFor();
    await page.getByLabel('Identity provider').selectOption('entra');
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.getByRole('heading', { name: /Set up Microsoft Entra ID/ }).waitFor();
    await page.getByText('Tenant URL', { exact: false }).first().waitFor();
    const scimUrl = await page.getByTestId('scim-url').inputValue();
    const token = await page.getByTestId('scim-token').inputValue();
    const res = await fetch(`${scimUrl}/Users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(userBody('lee@umbrella.test')) });
    assert.equal(res.status, 201);
    await fetch(`${scimUrl}/Users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bad@umbrella.test', active: 'maybe' }) });
    // The sync log is written in batches (docs/sync-log.md): wait for the failure before reading the page.
    const dirId = scimUrl.split('/').pop();
    for (let i = 0; i < 50 && (await t.api('GET', `/directories/${dirId}/sync-log?status=error`)).body.data.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await page.getByRole('link', { name: '← Organization' }).click();
    await page.getByRole('table', { name: 'Directories' }).getByText('Microsoft Entra ID').first().waitFor();
    await page.getByRole('table', { name: 'Directories' }).getByRole('link', { name: '1' }).waitFor({ timeout: 10_000 });
    await screenshot(page, '21-organization');
    await page.getByRole('button', { name: 'Create portal link' }).click();
    const link = await page.getByTestId('portal-link').inputValue();
    assert.match(link, new RegExp(`^${t.url}/portal/open\\?token=rpl_`));
    const customer = await browser.newContext();
    const customerPage = await customer.newPage();
    await customerPage.goto(link);
    await customerPage.getByRole('heading', { name: 'Connect your identity provider' }).waitFor();
    await customer.close();
  });

  it('lists organizations, creates a webhook endpoint with its secret shown once, and shows its deliveries', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('table', { name: 'Organizations' }).getByRole('link', { name: 'Umbrella' }).waitFor();
    await page.getByRole('table', { name: 'Organizations' }).getByText(/last sync/).waitFor();
    await screenshot(page, '22-organizations');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No endpoints yet').waitFor();
    await page.getByLabel('URL').fill('https://hooks.umbrella.test/roster');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    assert.match(await page.getByTestId('webhook-secret').inputValue(), /^whsec_/);
    await page.getByRole('link', { name: 'https://hooks.umbrella.test/roster' }).waitFor();
    await screenshot(page, '23-webhooks');
    await page.getByRole('link', { name: 'https://hooks.umbrella.test/roster' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.getByText('No deliveries yet').waitFor();
    // Replay: every event since a date becomes a delivery of this endpoint (the events came before it existed).
    await page.getByLabel('Send every event again since').fill('2020-01-01T00:00');
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText(/^[1-9]\d* deliveries queued\.$/).waitFor();
    await page.getByText('user.created').first().waitFor();
    await page.locator('.log-entry').first().getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Queued again.').waitFor();
    await page.locator('.log-entry').first().getByRole('button', { name: 'Attempts' }).click();
    await page.getByText('Not attempted yet.').first().waitFor();
    await screenshot(page, '24-webhook');
  });

  it('browses events', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await page.getByRole('button', { name: 'Show events' }).click();
    await page.getByText('User created').first().waitFor();
    await page.getByText('Directory connected (first request)').first().waitFor();
    await screenshot(page, '25-events');
  });
});
