// Issue 7: what a person sees when a portal link is expired, already used or tampered with, and after the session ends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

describe('Admin Portal: links that do not open', () => {
  let t: ListeningApp;
  let browser: Browser;
  let orgId: string;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp({}, { now });
    orgId = (await t.api('POST', '/organizations', { name: 'Initech' })).body.id;
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const newLink = async (expiresIn = 300) => (await t.api('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage', expiresIn })).body.url as string;

  it('says a reused link was already used, and whom to ask', async () => {
    const url = await newLink();
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Directories' }).waitFor();
    await page.getByText('No identity provider is connected yet').waitFor();
    await screenshot(page, '10-manage-empty');
    const second = await browser.newContext();
    const other = await second.newPage();
    await other.goto(url);
    await other.getByRole('heading', { name: 'This link was already used' }).waitFor();
    assert.match(await other.locator('main').innerText(), /ask the administrator of the application that sent you this link/);
    assert.deepEqual(await second.cookies(), [], 'no session for the second opener');
    await screenshot(other, '11-link-used');
    await first.close();
    await second.close();
  });

  it('says an expired link has expired', async () => {
    const url = await newLink(60);
    offset = 61_000;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'This link has expired' }).waitFor();
    await screenshot(page, '12-link-expired');
    offset = 0;
    await context.close();
  });

  it('says a tampered link is not valid', async () => {
    const url = new URL(await newLink());
    const token = url.searchParams.get('token') ?? '';
    url.searchParams.set('token', `${token.slice(0, 10)}${token.slice(10, 11) === 'x' ? 'y' : 'x'}${token.slice(11)}`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.toString());
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
    await screenshot(page, '13-link-invalid');
    await context.close();
  });

  it('ends the session on sign out: the portal then asks for a link', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await newLink());
    await page.getByRole('heading', { name: 'Directories' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Admin Portal' }).waitFor();
    await page.reload();
    await page.getByText('Open the link the application’s team sent you').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/portal/session')).status);
    assert.equal(status, 401);
    await context.close();
  });
});
