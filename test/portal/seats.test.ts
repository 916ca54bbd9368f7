// Issue 9 in the Admin Portal: an organization's seats — provisioned vs activated vs active in 30 days, by role, a chart
// of the recorded days (with its table), the users never signed in (paged) and those who signed in while deactivated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { ADMIN_KEY, PATCH_URN, userBody } from '../helpers/test-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

const USERS = 40;
const DAY = 86400_000;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
const name = (i: number) => `u${String(i).padStart(2, '0')}@initrode.test`;

async function shot(page: Page, file: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, file);
}

describe('Admin Portal: seats and utilization', () => {
  let t: ListeningApp;
  let browser: Browser;
  let page: Page;
  let orgId: string;
  const ids: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp();
    orgId = (await t.api('POST', '/organizations', { name: 'Initrode' })).body.id;
    const dir = (await t.api('POST', `/organizations/${orgId}/directories`, { name: 'Okta', provider: 'okta' })).body;
    const scim = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${t.url}/scim/v2/${dir.id}${path}`, { method, headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
      assert.ok(res.ok, `${method} ${path}: ${res.status}`);
      return (await res.json()) as { id: string };
    };
    for (let i = 1; i <= USERS; i++) ids[i] = (await scim('POST', '/Users', userBody(name(i)))).id;
    const signIn = async (i: number, at?: string) => assert.equal((await t.api('POST', `/users/${ids[i]}/activity`, at ? { at } : {})).status, 200);
    // u01–u06 signed in today, u07–u08 only 40 days ago (activated, not active), u09 signed in while the IdP had them suspended.
    for (let i = 1; i <= 6; i++) await signIn(i);
    for (const i of [7, 8]) await signIn(i, new Date(Date.now() - 40 * DAY).toISOString());
    await signIn(9);
    await scim('PATCH', `/Users/${ids[9]}`, { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'active', value: false }] });
    await signIn(9);
    await t.api('POST', '/roles', { key: 'admin', name: 'Administrator', billable: true });
    await t.api('POST', '/roles', { key: 'viewer', name: 'Viewer', billable: false });
    for (const i of [1, 2, 7, 10]) assert.equal((await t.api('POST', `/users/${ids[i]}/roles`, { roleKey: 'admin' })).status, 201);
    assert.equal((await t.api('POST', `/organizations/${orgId}/role-rules`, { roleKey: 'viewer', everyone: true })).status, 201);
    // Nine recorded days before today (the hourly job writes these): provisioned grew from 31 to 39.
    for (let back = 9; back >= 1; back--) {
      await sql`insert into seat_counts_daily (organization_id, day, provisioned, activated, active_30d, suspended)
        values (${orgId}, ${day(back)}::date, ${40 - back}, ${8 - Math.ceil(back / 2)}, ${6 - Math.ceil(back / 3)}, 0)`.execute(t.db.store.db);
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    page = await context.newPage();
    await page.goto(`${t.url}/portal/`);
    await page.getByLabel('Admin API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Initrode' }).click();
    await page.getByRole('link', { name: 'Seats', exact: true }).click();
    await page.getByRole('heading', { name: 'Seats', exact: true }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const figure = (p: Page, label: string) => p.locator('.figure', { has: p.locator('dt', { hasText: new RegExp(`^${label}$`) }) });

  it('shows provisioned, activated, active and never signed in now, and the same by role', async () => {
    await figure(page, 'Provisioned').getByText('39', { exact: true }).waitFor();
    for (const [label, value, help] of [
      ['Activated', '8', '21% signed in at least once'],
      ['Active in 30 days', '6', '15% of the provisioned'],
      ['Never signed in', '31', 'to invite'],
      ['Suspended', '1', 'deactivated, not removed'],
    ] as const) {
      assert.equal(await figure(page, label).locator('.figure-value').innerText(), value, label);
      await figure(page, label).getByText(help).waitFor();
    }
    const byRole = page.getByRole('table', { name: 'Seats by role' });
    // Administrator: u01, u02, u07, u10 — three signed in once, two in the last 30 days. Viewer: everyone current.
    await byRole.getByRole('row', { name: 'Administrator admin Yes 4 3 2' }).waitFor();
    await byRole.getByRole('row', { name: 'Viewer viewer No 39 8 6' }).waitFor();
    await page.getByText('Billable seats now: 4', { exact: false }).waitFor();
  });

  it('draws the recorded days as an accessible chart, with the figures as a table', async () => {
    const chart = page.getByRole('img', { name: 'Seats by day' });
    await chart.waitFor();
    const description = await chart.locator('desc').textContent();
    assert.equal(description, `From ${day(9)} to ${day(0)} (10 days recorded): provisioned went from 31 to 39, activated from 3 to 8, active in 30 days from 3 to 6.`);
    assert.equal(await chart.locator('polyline').count(), 3);
    assert.equal(await chart.locator('circle').count(), 30);
    await page.getByText('Show the figures as a table').click();
    const table = page.getByRole('table', { name: 'Seats by day' });
    assert.equal(await table.locator('tbody tr').count(), 10);
    assert.equal(await table.locator('tbody tr').first().innerText(), `${day(0)}\t39\t8\t6\t1`);
    assert.equal(await table.locator('tbody tr').last().innerText(), `${day(9)}\t31\t3\t3\t0`);
    await page.getByLabel('Period').selectOption('90');
    await page.getByRole('img', { name: 'Seats by day' }).locator('circle').nth(29).waitFor();
    await shot(page, 'seats');
  });

  it('lists the users never signed in, by pages, and the one who signed in while deactivated', async () => {
    const never = page.getByRole('table', { name: 'Provisioned, never signed in' });
    await never.getByRole('link', { name: name(10) }).waitFor();
    assert.equal(await never.locator('tbody tr').count(), 25);
    const firstPage = await never.innerText();
    for (const i of [1, 7, 9]) assert.doesNotMatch(firstPage, new RegExp(name(i)), `${name(i)} signed in`);
    await page.getByRole('region', { name: 'Provisioned, never signed in' }).getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('region', { name: 'Provisioned, never signed in' }).getByText('Page 2').waitFor();
    await never.locator('tbody tr').nth(5).waitFor();
    assert.equal(await never.locator('tbody tr').count(), 6);
    const secondPage = await never.innerText();
    const seen = [...`${firstPage}\n${secondPage}`.matchAll(/u\d\d@initrode\.test/g)].map((m) => m[0]);
    assert.deepEqual(new Set(seen), new Set(Array.from({ length: 31 }, (_, k) => name(k + 10))), 'u10–u40, each once');
    const inactive = page.getByRole('table', { name: 'Active while deactivated' });
    await inactive.getByRole('row', { name: new RegExp(`${name(9)}.*suspended deactivated`, 'i') }).waitFor();
    assert.equal(await inactive.locator('tbody tr').count(), 1);
  });

  it("shows the IT admin their organization's seats, on a phone", async () => {
    const link = (await t.api('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage' })).body.url as string;
    const customer = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'UTC' });
    const phone = await customer.newPage();
    await phone.goto(link);
    await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Seats' }).click();
    await figure(phone, 'Provisioned').getByText('39', { exact: true }).waitFor();
    await phone.getByRole('img', { name: 'Seats by day' }).waitFor();
    await phone.getByRole('table', { name: 'Active while deactivated' }).getByRole('link', { name: name(9) }).waitFor();
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing is wider than the phone');
    await shot(phone, 'seats-phone');
    await customer.close();
  });
});
