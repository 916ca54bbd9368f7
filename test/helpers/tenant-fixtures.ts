// Two tenants with one of every object (a portal session included), for the generated tenant-wall test: B's ids and the strings that identify B.
import { fanOutEvents } from '../../src/events/webhook-fanout.ts';
import type { TestApp, TestDirectory } from './test-app.ts';
import { userBody } from './test-app.ts';

export interface Tenant {
  orgId: string;
  directory: TestDirectory;
  userId: string;
  groupId: string;
  webhookId: string;
  deliveryId: string;
  /** An admin key of full scope bound to this organization, and its id. */
  key: string;
  keyId: string;
  /** An offboarding (a leaver's checklist) of this organization. */
  offboardingId: string;
  /** A group rule of this organization (its group's members hold the app's `admin` role). */
  ruleId: string;
  /** An access review of this organization and one of its items (the rule's grant). */
  reviewId: string;
  itemId: string;
  /** A CSV import into this organization's directory. */
  importId: string;
  /** A custom extension schema declared for the directory (its URN names this tenant). */
  schemaUrn: string;
  /** A live Admin Portal session of this organization: its Cookie header value and its id. */
  portalCookie: string;
  sessionId: string;
  /** Every string that would give this tenant away in another tenant's answer. */
  identifying: string[];
}

/** Creates an organization with a directory, a user in a group, a webhook with a delivery, a sync log, a bound key and a portal session. */
export async function createTenant(t: TestApp, label: string): Promise<Tenant> {
  const orgName = `${label} Secret Corp`;
  const orgId = (await t.admin('POST', '/organizations', { name: orgName, domains: [`${label.toLowerCase()}-secret.test`] })).body.id as string;
  const created = await t.admin('POST', `/organizations/${orgId}/directories`, { name: `${label} secret directory`, provider: 'okta' });
  const { id, bearerToken } = created.body as { id: string; bearerToken: string };
  const base = `/scim/v2/${id}`;
  const scim = (method: string, path: string, body?: unknown) =>
    t.app
      .inject({ method: method as 'GET', url: `${base}${path}`, headers: { authorization: `Bearer ${bearerToken}`, 'content-type': 'application/scim+json' }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) })
      .then((r) => ({ status: r.statusCode, headers: r.headers, body: r.body ? JSON.parse(r.body) : undefined, text: r.body }));
  const directory: TestDirectory = { id, organizationId: orgId, token: bearerToken, base, scim };
  // The endpoint first: it receives the events written after it, which give it a delivery.
  const hookUrl = `https://${label.toLowerCase()}-secret.test/hooks`;
  const webhookId = (await t.admin('POST', '/webhooks', { url: hookUrl, organizationId: orgId })).body.id as string;
  const userName = `${label.toLowerCase()}.person@${label.toLowerCase()}-secret.test`;
  const userId = (await scim('POST', '/Users', userBody(userName, { externalId: `${label}-ext-77` }))).body.id as string;
  const groupName = `${label} Secret Group`;
  const groupId = (await scim('POST', '/Groups', { displayName: groupName, members: [{ value: userId }] })).body.id as string;
  await scim('GET', '/Users?filter=userName eq "nobody"'); // a sync log entry
  const schemaUrn = `urn:${label.toLowerCase()}:scim:extension:1.0:User`;
  await t.admin('POST', `/directories/${id}/schemas`, { id: schemaUrn, attributes: [{ name: 'badge', type: 'string' }] });
  // A leaver: with a task declared, deprovisioning a user starts an offboarding of the organization.
  await t.admin('PUT', '/offboarding-tasks', { tasks: [{ key: 'laptop', name: 'Collect the laptop' }] });
  const leaverName = `${label.toLowerCase()}.leaver@${label.toLowerCase()}-secret.test`;
  const leaver = (await scim('POST', '/Users', userBody(leaverName))).body.id as string;
  await scim('DELETE', `/Users/${leaver}`);
  const offboardingId = (await t.admin('GET', `/organizations/${orgId}/offboardings`)).body.data[0].id as string;
  // A group rule: the app's roles are shared, the rule and the grants it makes are the organization's.
  await t.admin('POST', '/roles', { key: 'admin', name: 'Administrator' });
  const ruleId = (await t.admin('POST', `/organizations/${orgId}/role-rules`, { roleKey: 'admin', groupId })).body.id as string;
  const reviewName = `${label} secret review`;
  const reviewId = (await t.admin('POST', `/organizations/${orgId}/access-reviews`, { name: reviewName, reviewer: { mode: 'admin', reviewer: `auditor@${label.toLowerCase()}-secret.test`, fallback: `ciso@${label.toLowerCase()}-secret.test` } })).body.id as string;
  const itemId = (await t.admin('GET', `/organizations/${orgId}/access-reviews/${reviewId}/items`)).body.data[0].id as string;
  await fanOutEvents(t.db.store.db, new Date());
  const delivery = await t.db.store.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', webhookId).executeTakeFirstOrThrow();
  // After the fan-out: a background import's open transaction would hold its events back. Waited for, so it cannot race the walls.
  const importedName = `${label.toLowerCase()}.imported@${label.toLowerCase()}-secret.test`;
  const importId = (await t.admin('POST', `/directories/${id}/imports`, { csv: `userName\n${importedName}\n` })).body.id as string;
  while ((await t.admin('GET', `/directories/${id}/imports/${importId}`)).body.state === 'running') await new Promise((resolve) => setTimeout(resolve, 20));
  const keyName = `${label} secret key`;
  const made = (await t.admin('POST', '/admin-keys', { name: keyName, scope: 'full', organizationId: orgId })).body as { id: string; key: string };
  const link = new URL((await t.admin('POST', `/organizations/${orgId}/portal-links`, { intent: 'manage' })).body.url);
  const opened = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
  const portalCookie = String(opened.headers['set-cookie']).split(';')[0] ?? '';
  const session = await t.app.inject({ method: 'GET', url: '/api/v1/portal/session', headers: { cookie: portalCookie } });
  const sessionId = (JSON.parse(session.body) as { id: string }).id;
  return {
    orgId,
    directory,
    portalCookie,
    sessionId,
    schemaUrn,
    offboardingId,
    ruleId,
    reviewId,
    itemId,
    importId,
    userId,
    groupId,
    webhookId,
    deliveryId: delivery.id,
    key: made.key,
    keyId: made.id,
    identifying: [orgName, `${label} secret directory`, userName, `${label}-ext-77`, groupName, hookUrl, keyName, `${label.toLowerCase()}-secret.test`, orgId, id, userId, groupId, webhookId, delivery.id, made.id, sessionId, offboardingId, ruleId, reviewId, itemId, importId, importedName, reviewName, leaverName, leaver],
  };
}
