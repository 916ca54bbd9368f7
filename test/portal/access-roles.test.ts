// Issue 8 in the Admin Portal: an organization's roles and rules (a rule written with its live preview, saved, its holders
// counted, removed), a user's roles (granted until a date, extended, ended early), a leave of absence, and the customer's
// IT admin writing rules of their own organization through a portal link.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startListeningApp, type ListeningApp } from '../helpers/listening-app.ts';
import { ADMIN_KEY, ENTERPRISE_URN, USER_URN, userBody } from '../helpers/test-app.ts';
import { launchBrowser, screenshot } from './browser.ts';

/** A full-page screenshot from the top (the sticky bar otherwise lands where the page was scrolled). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const SALES = ['ann', 'bob', 'cat'];
const EMEA = ['dan', 'eve'];
const OTHERS = ['fay', 'gus', 'hal', 'ivy', 'jon', 'kim', 'lou', 'max', 'ned'];

/** The value of a datetime-local field `days` from now, in UTC (the browser runs in UTC too). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 16);
}

describe('Admin Portal: roles, rules and grants', () => {
  let t: ListeningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let orgId: string;
  let directoryId: string;
  const ids: Record<string, string> = {};

  before(async () => {
    browser = await launchBrowser();
    t = await startListeningApp();
    orgId = (await t.api('POST', '/organizations', { name: 'Globex' })).body.id;
    const dir = (await t.api('POST', `/organizations/${orgId}/directories`, { name: 'Okta', provider: 'okta' })).body;
    directoryId = dir.id;
    const scim = async (path: string, body: unknown) => {
      const res = await fetch(`${t.url}/scim/v2/${directoryId}${path}`, { method: 'POST', headers: { authorization: `Bearer ${dir.bearerToken}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 201);
      return (await res.json()) as { id: string };
    };
    for (const [key, name, billable] of [['admin', 'Administrator', true], ['sales', 'Sales seat', true], ['viewer', 'Viewer', false]] as const) {
      assert.equal((await t.api('POST', '/roles', { key, name, billable })).status, 201);
    }
    for (const name of [...SALES, ...EMEA, ...OTHERS]) {
      const department = SALES.includes(name) || EMEA.includes(name) ? 'Sales' : 'Engineering';
      ids[name] = (await scim('/Users', userBody(`${name}@globex.test`, { schemas: [USER_URN, ENTERPRISE_URN], [ENTERPRISE_URN]: { department } }))).id;
    }
    // Sales EMEA is nested inside Sales team: its members hold a rule's role "also through nested groups".
    const emea = await scim('/Groups', { displayName: 'Sales EMEA', members: EMEA.map((n) => ({ value: ids[n] })) });
    await scim('/Groups', { displayName: 'Sales team', members: [...SALES.map((n) => ({ value: ids[n] })), { value: emea.id }] });
    await scim('/Groups', { displayName: 'Engineering', members: OTHERS.map((n) => ({ value: ids[n] })) });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    page = await context.newPage();
    await page.goto(`${t.url}/portal/`);
    await page.getByLabel('Admin API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Globex' }).click();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const preview = () => page.getByTestId('rule-preview');

  it('lists the roles, and writes a group rule with a live preview that follows the choices', async () => {
    await page.getByRole('link', { name: 'Roles', exact: true }).click();
    await page.getByRole('heading', { name: 'Roles and rules' }).waitFor();
    const roles = page.getByRole('table', { name: 'Roles' });
    await roles.getByRole('row', { name: /Administrator admin Yes 0 users/ }).waitFor();
    await roles.getByRole('row', { name: /Viewer viewer No 0 users/ }).waitFor();
    await page.getByText('No rules yet').waitFor();
    await page.getByLabel('Role', { exact: true }).selectOption('sales');
    await preview().getByText('Choose a group to see whom the rule matches.').waitFor();
    await page.getByLabel('Find a group').fill('sales');
    await page.getByRole('radio', { name: 'Engineering' }).waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Sales team' }).check();
    await preview().getByText('This rule matches 5 users').waitFor();
    const sample = await preview().getByRole('list', { name: 'First matching users' }).innerText();
    for (const name of [...SALES, ...EMEA]) assert.match(sample, new RegExp(`${name}@globex\\.test`));
    assert.doesNotMatch(sample, /fay@/);
    await page.getByLabel('Also members of groups nested inside it').uncheck();
    await preview().getByText('This rule matches 3 users').waitFor();
    assert.doesNotMatch(await preview().innerText(), /dan@globex/);
    await page.getByLabel('Also members of groups nested inside it').check();
    await preview().getByText('This rule matches 5 users').waitFor();
    await page.getByLabel('Priority').fill('10');
    await shot(page, 'access-rule-editor');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule saved: 5 users now hold “Sales seat” through it.').waitFor();
    const rules = page.getByRole('table', { name: 'Rules' });
    await rules.getByRole('row', { name: /Sales seat sales Members of “Sales team” \(also through nested groups\) 10 5 users/ }).waitFor();
    await roles.getByRole('row', { name: /Sales seat sales Yes 5 users/ }).waitFor();
    const api = (await t.api('GET', `/organizations/${orgId}/role-rules`)).body.data;
    assert.deepEqual(api.map((r: { groupName: string; priority: number; users: number }) => [r.groupName, r.priority, r.users]), [['Sales team', 10, 5]]);
  });

  it('writes a default (everyone) rule, refuses a duplicate with the server’s words, and removes a rule after a confirmation', async () => {
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('radio', { name: /Everyone/ }).check();
    await preview().getByText('This rule matches 14 users').waitFor();
    await page.getByRole('button', { name: 'Save rule' }).click();
    const rules = page.getByRole('table', { name: 'Rules' });
    await rules.getByRole('row', { name: /Viewer viewer Everyone \(default role\) 10 14 users/ }).waitFor();
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('alert').getByText('A default rule already gives the role "viewer"').waitFor();
    await shot(page, 'access-rules');
    await rules.getByRole('button', { name: /Remove the rule: Viewer for Everyone/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this rule?' });
    await dialog.getByText('14 users hold it through this rule now').waitFor();
    await dialog.getByRole('button', { name: 'Remove rule' }).click();
    await page.getByText('Rule removed: “Viewer” — Everyone (default role).').waitFor();
    await rules.getByRole('row', { name: /Everyone/ }).waitFor({ state: 'detached' });
    assert.equal((await t.api('GET', `/organizations/${orgId}/role-rules`)).body.data.length, 1);
  });

  it('previews an attribute condition, shows the server’s words for one it refuses, and saves it', async () => {
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('radio', { name: /Users whose attributes match/ }).check();
    await preview().getByText('Write a condition to see whom the rule matches.').waitFor();
    await page.getByRole('textbox', { name: 'Condition' }).fill('department eq');
    const refused = await t.api('GET', `/organizations/${orgId}/role-rules/preview?filter=${encodeURIComponent('department eq')}`);
    assert.equal(refused.status >= 400 && refused.status < 500, true);
    await preview().getByText('This condition does not work:').waitFor();
    await preview().getByText(refused.body.error.message, { exact: false }).waitFor();
    const condition = 'department eq "Sales"';
    await page.getByRole('textbox', { name: 'Condition' }).fill(condition);
    await preview().getByText('This rule matches 5 users').waitFor();
    const sample = await preview().getByRole('list', { name: 'First matching users' }).innerText();
    for (const name of [...SALES, ...EMEA]) assert.match(sample, new RegExp(`${name}@globex\\.test`));
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule saved: 5 users now hold “Administrator” through it.').waitFor();
    await page.getByRole('table', { name: 'Rules' }).getByRole('row', { name: /Administrator admin Users matching department eq "Sales" 10 5 users/ }).waitFor();
    const rules = (await t.api('GET', `/organizations/${orgId}/role-rules`)).body.data;
    assert.deepEqual(rules.filter((r: { kind: string }) => r.kind === 'attribute').map((r: { filter: string; users: number }) => [r.filter, r.users]), [[condition, 5]]);
    await shot(page, 'access-attribute-rule');
  });

  it("grants a role on a user's page until a date, extends it and ends it early, each confirmed", async () => {
    await page.goto(`${t.url}/portal/directories/${directoryId}/users/${ids.bob}`);
    const held = page.getByRole('table', { name: 'Roles held' });
    await held.getByRole('row', { name: /Sales seat Rule: Members of “Sales team”/ }).waitFor();
    assert.equal(await held.getByRole('button', { name: /Sales seat/ }).count(), 0, 'a rule grant ends with the rule, not here');
    const until = inDays(7);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByLabel('Ends on (optional)').fill(until);
    await page.getByLabel('Reason (optional)').first().fill('Covering for Ann');
    await page.getByRole('button', { name: 'Grant role' }).click();
    await page.getByText(/^“Viewer” granted until/).waitFor();
    await held.getByRole('row', { name: /Viewer Granted — “Covering for Ann”/ }).waitFor();
    let grants = (await t.api('GET', `/users/${ids.bob}/roles`)).body.data;
    const viewer = grants.find((g: { role: { key: string } }) => g.role.key === 'viewer');
    assert.equal(viewer.expiresAt, `${until}:00.000Z`);
    assert.equal(viewer.reason, 'Covering for Ann');

    const later = inDays(30);
    await held.getByRole('button', { name: 'Change when Viewer ends' }).click();
    const extend = page.getByRole('dialog', { name: 'Change when “Viewer” ends' });
    await extend.getByLabel('Ends on').fill(later);
    await extend.getByRole('button', { name: 'Save end date' }).click();
    await page.getByText(/^“Viewer” now ends/).waitFor();
    grants = (await t.api('GET', `/users/${ids.bob}/roles`)).body.data;
    assert.equal(grants.find((g: { role: { key: string } }) => g.role.key === 'viewer').expiresAt, `${later}:00.000Z`);
    await shot(page, 'access-user-roles');

    await held.getByRole('button', { name: 'End Viewer now' }).click();
    const end = page.getByRole('dialog', { name: 'End “Viewer” now?' });
    await end.getByText('bob@globex.test loses the role at once').waitFor();
    await end.getByRole('button', { name: 'End now' }).click();
    await page.getByText('“Viewer” ended.').waitFor();
    await held.getByRole('row', { name: /Viewer/ }).waitFor({ state: 'detached' });
    // The default rule's Viewer (removed above) and this grant.
    await page.getByText('Earlier roles (2)').click();
    const earlier = page.getByRole('list', { name: 'Earlier roles' });
    await earlier.getByText('Granted — “Covering for Ann”', { exact: false }).waitFor();
    assert.match(await earlier.innerText(), /Viewer — Granted — “Covering for Ann”.*\(ended by an administrator\)/);
    assert.match(await earlier.innerText(), /Viewer — Rule: a rule since removed.*\(ended when the rule stopped matching\)/);
    grants = (await t.api('GET', `/users/${ids.bob}/roles`)).body.data;
    const ended = grants.find((g: { role: { key: string } }) => g.role.key === 'viewer');
    assert.equal(ended.revokedBy, 'admin');
    assert.ok(ended.revokedAt);
  });

  it('suspends a user until a return date and ends the suspension early', async () => {
    const section = page.getByRole('region', { name: 'Leave of absence' });
    await section.getByLabel('Back on').fill(inDays(14));
    await section.getByLabel('Reason (optional)').fill('Parental leave');
    await section.getByRole('button', { name: 'Suspend…' }).click();
    await page.getByRole('dialog', { name: 'Suspend bob@globex.test?' }).getByRole('button', { name: 'Suspend' }).click();
    await section.getByText(/^Suspended until/).waitFor();
    await section.getByText('“Parental leave”').waitFor();
    assert.equal((await t.api('GET', `/directories/${directoryId}/users/${ids.bob}`)).body.state, 'suspended');
    await section.getByRole('button', { name: 'End suspension now' }).click();
    await page.getByRole('dialog', { name: 'End bob@globex.test’s suspension now?' }).getByRole('button', { name: 'End suspension' }).click();
    await section.getByText(/Not suspended; the last suspension ended by an administrator/).waitFor();
    assert.equal((await t.api('GET', `/directories/${directoryId}/users/${ids.bob}`)).body.state, 'active');
  });

  it("lets the customer's IT admin (a portal link) write a rule of their own organization, on a phone too", async () => {
    const link = (await t.api('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage' })).body.url as string;
    const customer = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'UTC' });
    const phone = await customer.newPage();
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Directories' }).waitFor();
    await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles' }).click();
    await phone.getByRole('table', { name: 'Rules' }).getByText('Members of “Sales team”', { exact: false }).waitFor();
    await phone.getByLabel('Role', { exact: true }).selectOption('viewer');
    await phone.getByLabel('Find a group').fill('EMEA');
    await phone.getByRole('radio', { name: 'Sales EMEA' }).check();
    await phone.getByTestId('rule-preview').getByText('This rule matches 2 users').waitFor();
    await phone.getByRole('button', { name: 'Save rule' }).click();
    await phone.getByText('Rule saved: 2 users now hold “Viewer” through it.').waitFor();
    await phone.getByRole('table', { name: 'Rules' }).getByRole('row', { name: /Viewer viewer Members of “Sales EMEA”.* 2 users/ }).waitFor();
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing is wider than the phone');
    await shot(phone, 'access-portal-rules-phone');
    const audit = (await t.api('GET', '/audit-log?limit=50')).body.data.find((e: { action: { route: string; method: string }; actor: { keyName: string } }) => e.action.method === 'POST' && e.action.route.endsWith('/role-rules') && e.actor.keyName.startsWith('portal session'));
    assert.ok(audit, "the IT admin's rule is in the audit log as the portal session");
    // A grant too: who holds the app's roles is the customer's to say. A leave of absence is not (read-only).
    await phone.goto(`${t.url}/portal/directories/${directoryId}/users/${ids.fay}`);
    await phone.getByText('No role in the application.').waitFor();
    await phone.getByLabel('Role', { exact: true }).selectOption('sales');
    await phone.getByRole('button', { name: 'Grant role' }).click();
    await phone.getByRole('table', { name: 'Roles held' }).getByRole('row', { name: /Sales seat Granted .* no end date/ }).waitFor();
    const leave = phone.getByRole('region', { name: 'Leave of absence' });
    await leave.getByText('Suspensions are set by the application’s administrator.').waitFor();
    assert.equal(await leave.getByRole('button').count(), 0);
    const fay = (await t.api('GET', `/users/${ids.fay}/roles`)).body.data.filter((g: { revokedAt: string | null }) => !g.revokedAt);
    assert.deepEqual(fay.map((g: { role: { key: string }; source: string; expiresAt: string | null }) => [g.role.key, g.source, g.expiresAt]), [['sales', 'grant', null]]);
    await customer.close();
  });
});
