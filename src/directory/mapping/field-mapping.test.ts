// Unit tests of the mapping core: schema-less path reading, provider defaults and typed coercion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RosterError } from '../../errors.ts';
import { compileReadPath } from '../../scim/resource/read-path.ts';
import { compileMapping, effectiveEntries, type AppField } from './field-mapping.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ACME = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';
const user = {
  userName: 'jane@acme.com',
  title: 'Engineer',
  addresses: [{ type: 'home', locality: 'Lyon' }, { type: 'Work', locality: 'Paris', country: 'FR' }],
  emails: [{ value: 'j2@acme.com' }, { value: 'jane@acme.com', primary: true }],
  [ENTERPRISE]: { department: 'Sales', manager: { value: 'm-1' }, costCenter: 'abc' },
  [ACME]: { badge: '42', Start: '2026-01-05T09:00:00', contractor: 'True', skills: ['go', 'sql'] },
};

test('paths read value filters, URN extension attributes nobody declared, primary elements and complex values', () => {
  assert.deepEqual(compileReadPath('addresses[type eq "work"].locality')(user), ['Paris']);
  assert.deepEqual(compileReadPath(`${ACME}:badge`)(user), ['42']);
  assert.deepEqual(compileReadPath(`${ACME.toLowerCase()}:BADGE`)(user), ['42']);
  assert.deepEqual(compileReadPath('emails.value')(user)[0], 'jane@acme.com');
  assert.deepEqual(compileReadPath(`${ENTERPRISE}:manager`)(user), ['m-1']);
  assert.deepEqual(compileReadPath('urn:ietf:params:scim:schemas:core:2.0:User:title')(user), ['Engineer']);
  assert.deepEqual(compileReadPath('addresses[type eq "work" and country eq "DE"].locality')(user), []);
  assert.deepEqual(compileReadPath('nickName')(user), []);
  assert.throws(() => compileReadPath('addresses[type eq ].locality'), (e: unknown) => e instanceof RosterError && e.code === 'invalid_path');
  assert.throws(() => compileReadPath(ENTERPRISE), (e: unknown) => e instanceof RosterError && e.code === 'invalid_path');
});

const field = (key: string, type: AppField['type'], required = false): AppField => ({ key, type, required, description: null });

test('Okta and Entra defaults map the common fields with no configuration; overrides win, null unmaps', () => {
  const fields = [field('department', 'string'), field('jobTitle', 'string'), field('managerId', 'string'), field('location', 'string'), field('badge', 'number')];
  for (const provider of ['okta', 'entra']) {
    const out = compileMapping(effectiveEntries(fields, {}, provider)).compute(user);
    assert.deepEqual(out.fields, { department: 'Sales', jobTitle: 'Engineer', managerId: 'm-1', location: 'Paris' }, provider);
  }
  const entries = effectiveEntries(fields, { badge: `${ACME}:badge`, jobTitle: null }, 'okta');
  assert.deepEqual(entries.map((e) => [e.key, e.source]), [['department', 'default'], ['jobTitle', 'none'], ['managerId', 'default'], ['location', 'default'], ['badge', 'custom']]);
  assert.deepEqual(compileMapping(entries).compute(user).fields, { department: 'Sales', managerId: 'm-1', location: 'Paris', badge: 42 });
});

test('values are typed; what cannot be coerced is left out with a problem; a required field without value is flagged', () => {
  const fields = [field('costCenter', 'number'), field('start', 'datetime'), field('contractor', 'boolean'), field('skills', 'string[]'), field('division', 'string', true)];
  const out = compileMapping(effectiveEntries(fields, { start: `${ACME}:start`, contractor: `${ACME}:contractor`, skills: `${ACME}:skills` }, 'entra')).compute(user);
  assert.deepEqual(out.fields, { start: '2026-01-05T09:00:00.000Z', contractor: true, skills: ['go', 'sql'] });
  assert.deepEqual(out.problems.map((p) => [p.field, p.kind]), [['costCenter', 'invalid_value'], ['division', 'required_missing']]);
  assert.match(out.problems[0]?.message ?? '', /"abc" is not a number/);
});
