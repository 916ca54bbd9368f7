import { it } from 'node:test';
import { startTestApp, userBody } from './helpers/test-app.ts';
it('smoke', async () => {
  const t = await startTestApp();
  const d = await t.createDirectory('okta');
  const a = (await d.scim('POST', '/Users', userBody('ada@acme.com'))).body.id;
  const b = (await d.scim('POST', '/Users', userBody('bob@acme.com'))).body.id;
  const g = (await d.scim('POST', '/Groups', { displayName: 'Eng', members: [{ value: a }, { value: b }] })).body.id;
  await d.scim('DELETE', `/Users/${b}`);
  console.log((await t.admin('GET', `/directories/${d.id}/users?limit=1`)).text.slice(0, 300));
  console.log((await t.admin('GET', `/directories/${d.id}/users?filter=userName eq "bob@acme.com"`)).body.data.map((u: any) => u.state));
  console.log((await t.admin('GET', `/directories/${d.id}/users/${a}`)).body.groups);
  console.log((await t.admin('GET', `/directories/${d.id}/groups/${g}/members`)).text.slice(0, 200));
  console.log((await t.admin('GET', `/directories/${d.id}/snapshot`)).text.replace(/"attributes":\{[^}]*\}/g, '').slice(0, 3000));
  console.log((await t.admin('GET', `/directories/${d.id}/snapshot?format=ndjson`)).text.split('\n').map((l) => l.slice(0, 80)).join('\n'));
  await t.close();
});
