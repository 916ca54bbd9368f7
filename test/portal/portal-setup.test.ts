// Issue 7, end to end in a real browser: an IT admin opens a setup link, walks the Okta setup, Okta's requests arrive,
// the connection turns connected without a reload, the user appears, and a failed request is explained in the sync log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { userBody } from '../helpers/test-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Directory sections' }).getByRole('link', { name, exact: true });

describe('Admin Portal: Okta setup through a link', () => {
  let t: ListeningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let orgId: string;
  // Everything the page logged as an error (a CSP violation, a failed script, a React error).
  const pageErrors: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp();
    orgId = (await t.api('POST', '/organizations', { name: 'Globex', domains: ['globex.test'] })).body.id;
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource: the server responded with a status of 409/.test(m.text()) && pageErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  async function scim(base: string, token: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  }

  it('walks the Okta setup, turns connected without a reload, lists the user and explains the failure', async () => {
    const link = await t.api('POST', `/organizations/${orgId}/portal-links`, { intent: 'setup' });
    assert.equal(link.status, 201);
    await page.goto(link.body.url);
    await page.waitForURL('**/portal/setup');
    await page.getByRole('heading', { name: 'Connect your identity provider' }).waitFor();
    await screenshot(page, '01-choose-idp');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'roster_portal');
    assert.ok(session, 'the link set the session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.ok(session.expires > Date.now() / 1000 + 7 * 3600, 'it expires in about 8 hours');

    await page.getByRole('button', { name: /^Okta/ }).click();
    await page.getByRole('heading', { name: /Set up Okta/ }).waitFor();
    const scimUrl = await page.getByTestId('scim-url').inputValue();
    const token = await page.getByTestId('scim-token').inputValue();
    assert.match(scimUrl, new RegExp(`^${t.url}/scim/v2/[0-9a-f-]{36}$`));
    assert.match(token, /^rst_/);
    await page.getByText('SCIM connector base URL', { exact: false }).first().waitFor();
    await page.getByText('Waiting for the first request from Okta…').waitFor();
    // Marks this document: if the page reloads, the mark is gone.
    await page.evaluate(() => ((window as unknown as { rosterMark: number }).rosterMark = 42));
    await screenshot(page, '02-okta-guide-waiting');

    // What Okta sends: the lookup before a create, the create, then a duplicate create that fails.
    assert.equal((await scim(scimUrl, token, 'GET', '/Users?filter=userName%20eq%20%22ada%40globex.test%22')).status, 200);
    const created = await scim(scimUrl, token, 'POST', '/Users', userBody('ada@globex.test', { name: { givenName: 'Ada', familyName: 'Lovelace' }, displayName: 'Ada Lovelace' }));
    assert.equal(created.status, 201);
    const dup = await scim(scimUrl, token, 'POST', '/Users', userBody('ADA@globex.test'));
    assert.equal(dup.status, 409);
    const bob = await scim(scimUrl, token, 'POST', '/Users', userBody('bob@globex.test', { displayName: 'Bob Page' }));
    const group = await scim(scimUrl, token, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [{ value: created.body.id }] });
    assert.deepEqual([bob.status, group.status], [201, 201]);

    await page.getByText('Connected', { exact: true }).waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { rosterMark?: number }).rosterMark), 42, 'no reload');
    await screenshot(page, '03-okta-connected');

    await tab(page, 'Users').click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    await screenshot(page, '04-users');
    await tab(page, 'Groups').click();
    await page.getByRole('link', { name: 'Engineering' }).click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Users' }).locator('tbody tr').count(), 1, 'the group filter shows its member only');
    await tab(page, 'Groups').click();
    await page.getByRole('link', { name: 'Engineering' }).waitFor();
    await screenshot(page, '04-groups');
    await tab(page, 'Users').click();
    await page.getByRole('link', { name: 'Bob Page' }).waitFor();
    await page.getByLabel('Search').fill('nobody-here');
    await page.getByText('No user matches these filters').waitFor();
    await page.getByLabel('Search').fill('ada');
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByText('User created').waitFor();
    await page.getByRole('region', { name: 'Groups' }).getByText('Engineering').waitFor();
    await screenshot(page, '05-user');

    // The sync log is written in batches (docs/sync-log.md): wait until the failure is in it.
    const directoryId = scimUrl.split('/').pop();
    for (let i = 0; i < 50 && (await t.api('GET', `/directories/${directoryId}/sync-log?status=error`)).body.data.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await tab(page, 'Sync log').click();
    await page.getByLabel('Show').selectOption('error');
    const failure = page.locator('.log-failed').first();
    await failure.waitFor();
    const text = await failure.innerText();
    assert.match(text, /409/);
    assert.match(text, /userName "ADA@globex\.test" already belongs to user [0-9a-f-]{36}, created by Okta/);
    assert.match(text, /Remove the duplicate in Okta/);
    assert.match(text, /Attribute\s+userName/);
    // The failed entry is also in the unfiltered list: wait for the filtered one to replace it.
    for (let i = 0; i < 50 && (await page.locator('.log-entry').count()) !== 1; i++) await page.waitForTimeout(100);
    assert.equal(await page.locator('.log-entry').count(), 1, 'the filter shows the failure only');
    await failure.getByRole('button', { name: /Show the request body/ }).click();
    await failure.locator('pre').getByText('"ADA@globex.test"', { exact: false }).waitFor();
    assert.doesNotMatch(await failure.locator('pre').innerText(), /rst_/);
    await screenshot(page, '06-sync-log');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '06-sync-log-phone');
    await page.setViewportSize({ width: 1280, height: 860 });

    await tab(page, 'Settings').click();
    await page.getByRole('radio', { name: /^Delete/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete users removed in the identity provider?' });
    await confirm.getByRole('button', { name: 'Delete them' }).click();
    await page.getByText('Saved. The change is recorded in the audit log.').waitFor();
    await screenshot(page, '07-settings');
    assert.equal((await t.api('GET', `/directories/${directoryId}`)).body.deprovisionRule, 'delete');
    const audit = (await t.api('GET', '/audit-log?limit=100')).body.data as { actor: { keyName: string; organizationId: string }; action: { method: string; route: string } }[];
    const fromPortal = audit.filter((e) => e.actor.keyName === 'portal session (setup link)');
    assert.deepEqual(fromPortal.map((e) => `${e.action.method} ${e.action.route}`), ['POST /api/v1/organizations/:orgId/directories', 'PATCH /api/v1/directories/:id']);
    assert.ok(fromPortal.every((e) => e.actor.organizationId === orgId));
    assert.deepEqual(pageErrors, [], 'no script error and no Content-Security-Policy violation');
  });

  it('rotates the token only after a confirmation, and shows the new one', async () => {
    await tab(page, 'Connection').click();
    await page.getByRole('button', { name: /Generate (another|a new) token/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate a new SCIM token?' });
    await dialog.waitFor();
    await screenshot(page, '08-rotate-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const before = await page.getByTestId('scim-token').inputValue();
    await page.getByRole('button', { name: /Generate (another|a new) token/ }).click();
    await dialog.getByLabel('Stop the old token now').check();
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const after = await page.getByTestId('scim-token').inputValue();
    assert.notEqual(after, before);
    const scimUrl = await page.getByTestId('scim-url').inputValue();
    assert.equal((await scim(scimUrl, before, 'GET', '/Users')).status, 401, 'the old token stopped');
    assert.equal((await scim(scimUrl, after, 'GET', '/Users')).status, 200);
  });
});
