// /Users end to end: create, read, replace, patch, delete, uniqueness, projection, ETags, media types.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertScimError, assertScimMedia, directoryEvents, types, withEvents } from './helpers/scim-expect.ts';
import { ENTERPRISE_URN, ORIGIN, USER_URN, patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const MISSING_ID = '01a20000-0000-7000-8000-000000000000';

describe('SCIM /Users', () => {
  let t: TestApp;
  let d: TestDirectory;
  let n = 0;
  /** A user no other test touches. */
  const fresh = async (extra: Record<string, unknown> = {}) => {
    const r = await d.scim('POST', '/Users', userBody(`user${++n}@acme.com`, extra));
    assert.equal(r.status, 201, r.text);
    return r.body as Record<string, any>;
  };
  const stored = (id: string) => t.db.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await startTestApp();
    d = await t.createDirectory('generic');
  });
  after(() => t.close());

  describe('create', () => {
    it('answers 201 with Location, ETag W/"1" and the canonical resource, never the password', async () => {
      const body = userBody('alice@acme.com', {
        externalId: 'okta-00u1',
        displayName: 'Alice Liddell',
        title: 'Engineer',
        password: 'Tr0ub4dor&3',
        [ENTERPRISE_URN]: { department: 'Sales', employeeNumber: '42' },
      });
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('POST', '/Users', body));
      assert.equal(r.status, 201, r.text);
      assertScimMedia(r);
      const id = r.body.id as string;
      const location = `${ORIGIN}${d.base}/Users/${id}`;
      assert.equal(r.headers.location, location);
      assert.equal(r.headers.etag, 'W/"1"');
      assert.deepEqual(r.body.schemas, [USER_URN, ENTERPRISE_URN]);
      assert.equal(r.body.userName, 'alice@acme.com');
      assert.equal(r.body.externalId, 'okta-00u1');
      assert.equal(r.body.displayName, 'Alice Liddell');
      assert.deepEqual(r.body.name, { givenName: 'alice', familyName: 'Test' });
      assert.deepEqual(r.body.emails, [{ value: 'alice@acme.com', type: 'work', primary: true }]);
      assert.equal(r.body.active, true);
      assert.deepEqual(r.body[ENTERPRISE_URN], { department: 'Sales', employeeNumber: '42' });
      assert.equal(r.body.meta.resourceType, 'User');
      assert.equal(r.body.meta.location, location);
      assert.equal(r.body.meta.version, 'W/"1"');
      assert.equal(r.body.meta.created, r.body.meta.lastModified);
      assert.ok(!Number.isNaN(Date.parse(r.body.meta.created)));
      assert.equal(r.body.password, undefined);
      assert.doesNotMatch(r.text, /Tr0ub4dor/);

      const row = await stored(id);
      assert.ok(row.password_hash && !row.password_hash.includes('Tr0ub4dor'));
      assert.doesNotMatch(JSON.stringify(row.resource), /Tr0ub4dor|password/);
      assert.deepEqual(types(events), ['user.created']);
      assert.equal(events[0]?.objectId, id);
      assert.equal(events[0]?.objectVersion, 1);
      assert.equal(events[0]?.data.user.userName, 'alice@acme.com');
      assert.doesNotMatch(JSON.stringify(events), /Tr0ub4dor|password/);
    });

    it('reads back exactly what the create answered', async () => {
      const created = await fresh({ nickName: 'Nick' });
      const r = await d.scim('GET', `/Users/${created.id}`);
      assert.equal(r.status, 200);
      assertScimMedia(r);
      assert.equal(r.headers.etag, 'W/"1"');
      assert.deepEqual(r.body, created);
    });

    it('ignores readOnly attributes a client sends (id, meta, groups)', async () => {
      const r = await d.scim('POST', '/Users', userBody('readonly@acme.com', { id: 'mine', meta: { version: 'W/"9"' }, groups: [{ value: MISSING_ID }] }));
      assert.equal(r.status, 201, r.text);
      assert.notEqual(r.body.id, 'mine');
      assert.equal(r.body.meta.version, 'W/"1"');
      assert.equal(r.body.groups, undefined);
    });

    it('refuses a user without userName: 400 invalidValue, nothing written', async () => {
      const before = await directoryEvents(t, d.id);
      const r = await d.scim('POST', '/Users', { schemas: [USER_URN], name: { givenName: 'No' } });
      assertScimError(r, 400, 'invalidValue', /userName/);
      assert.equal((await directoryEvents(t, d.id)).length, before.length);
    });
  });

  describe('not found', () => {
    for (const [label, id] of [
      ['an unknown id', MISSING_ID],
      ['an id that is no UUID', 'not-a-uuid'],
    ] as const) {
      it(`answers 404 with a SCIM error for ${label}, on GET, PUT, PATCH and DELETE`, async () => {
        assertScimError(await d.scim('GET', `/Users/${id}`), 404, undefined, new RegExp(id));
        assertScimError(await d.scim('PUT', `/Users/${id}`, userBody('ghost@acme.com')), 404);
        assertScimError(await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'x' })), 404);
        assertScimError(await d.scim('DELETE', `/Users/${id}`), 404);
      });
    }
  });

  describe('replace (PUT)', () => {
    it('replaces the whole resource, ignores readOnly values and bumps the version', async () => {
      const u = await fresh({ title: 'Engineer', nickName: 'Old' });
      const { result: r, events } = await withEvents(t, d.id, () =>
        d.scim('PUT', `/Users/${u.id}`, {
          ...userBody(u.userName, { displayName: 'Renamed' }),
          id: MISSING_ID,
          meta: { created: '2000-01-01T00:00:00Z', version: 'W/"99"' },
          groups: [{ value: MISSING_ID }],
        }),
      );
      assert.equal(r.status, 200, r.text);
      assertScimMedia(r);
      assert.equal(r.headers.etag, 'W/"2"');
      assert.equal(r.body.id, u.id);
      assert.equal(r.body.displayName, 'Renamed');
      assert.equal(r.body.title, undefined, 'attributes left out of a PUT are removed');
      assert.equal(r.body.nickName, undefined);
      assert.equal(r.body.meta.created, u.meta.created);
      assert.equal(r.body.meta.version, 'W/"2"');
      assert.equal(r.body.groups, undefined);
      assert.deepEqual(types(events), ['user.updated']);
      assert.equal(events[0]?.data.previous.title, 'Engineer');
      assert.deepEqual((await d.scim('GET', `/Users/${u.id}`)).body, r.body);
    });

    it('keeps `active` when the PUT leaves it out', async () => {
      const u = await fresh();
      await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: false }));
      const { active: _active, ...withoutActive } = userBody(u.userName, { title: 'Back' });
      const r = await d.scim('PUT', `/Users/${u.id}`, withoutActive);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.active, false);
      assert.equal((await stored(u.id)).active, false);
    });

    it('refuses a PUT without userName with 400 invalidValue and changes nothing', async () => {
      const u = await fresh({ title: 'Kept' });
      const { userName: _u, ...body } = userBody(u.userName, { title: 'Lost' });
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('PUT', `/Users/${u.id}`, body));
      assertScimError(r, 400, 'invalidValue', /userName/);
      assert.deepEqual(events, []);
      const now = await d.scim('GET', `/Users/${u.id}`);
      assert.equal(now.body.title, 'Kept');
      assert.equal(now.headers.etag, 'W/"1"');
    });
  });

  describe('patch', () => {
    it('adds, replaces and removes by path', async () => {
      const u = await fresh({ title: 'Engineer' });
      const r = await d.scim(
        'PATCH',
        `/Users/${u.id}`,
        patchBody(
          { op: 'add', path: 'nickName', value: 'Ally' },
          { op: 'replace', path: 'name.familyName', value: 'Liddell' },
          { op: 'remove', path: 'title' },
        ),
      );
      assert.equal(r.status, 200, r.text);
      assertScimMedia(r);
      assert.equal(r.headers.etag, 'W/"2"');
      assert.equal(r.body.nickName, 'Ally');
      assert.deepEqual(r.body.name, { givenName: u.name.givenName, familyName: 'Liddell' });
      assert.equal(r.body.title, undefined);
      assert.deepEqual((await d.scim('GET', `/Users/${u.id}`)).body, r.body);
    });

    it('applies a path-less replace as a merge of the attributes given', async () => {
      const u = await fresh();
      const r = await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', value: { name: { givenName: 'Alicia' }, title: 'Lead', 'name.middleName': 'M' } }));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.name, { givenName: 'Alicia', familyName: 'Test', middleName: 'M' });
      assert.equal(r.body.title, 'Lead');
    });

    it('writes into the enterprise extension through URN paths, path-less URN keys and the extension object', async () => {
      const u = await fresh();
      const manager = await fresh();
      const r = await d.scim(
        'PATCH',
        `/Users/${u.id}`,
        patchBody(
          { op: 'replace', path: `${ENTERPRISE_URN}:department`, value: 'Sales' },
          { op: 'add', value: { [`${ENTERPRISE_URN}:costCenter`]: 'CC-7' } },
          { op: 'add', value: { [ENTERPRISE_URN]: { manager: { value: manager.id } } } },
          { op: 'add', path: `${ENTERPRISE_URN}:employeeNumber`, value: '1001' },
        ),
      );
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.schemas, [USER_URN, ENTERPRISE_URN]);
      assert.deepEqual(r.body[ENTERPRISE_URN], { department: 'Sales', costCenter: 'CC-7', employeeNumber: '1001', manager: { value: manager.id } });
      const removed = await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'remove', path: ENTERPRISE_URN }));
      assert.equal(removed.status, 200, removed.text);
      assert.equal(removed.body[ENTERPRISE_URN], undefined);
      assert.deepEqual(removed.body.schemas, [USER_URN]);
    });

    it('creates the element a filtered path names when none matches (emails[type eq "work"].value)', async () => {
      const r0 = await d.scim('POST', '/Users', {
        schemas: [USER_URN],
        userName: 'homeonly@acme.com',
        emails: [{ value: 'home@example.com', type: 'home' }],
      });
      const id = r0.body.id as string;
      const r = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'work@acme.com' }));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.emails, [
        { value: 'home@example.com', type: 'home' },
        { value: 'work@acme.com', type: 'work' },
      ]);
      // The same path now hits the element it created instead of adding another.
      const again = await d.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@acme.com' }));
      assert.deepEqual(again.body.emails, [
        { value: 'home@example.com', type: 'home' },
        { value: 'new@acme.com', type: 'work' },
      ]);
      // The emails column follows, so a filter finds the user by the new address.
      const found = await d.scim('GET', `/Users?filter=${encodeURIComponent('emails.value eq "new@acme.com"')}`);
      assert.deepEqual(found.body.Resources.map((u: { id: string }) => u.id), [id]);
    });

    it('reads "active": "False" (Entra) as false, writes user.deactivated, and "True" reactivates', async () => {
      const u = await fresh();
      const off = await withEvents(t, d.id, () => d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'Replace', value: { active: 'False' } })));
      assert.equal(off.result.status, 200, off.result.text);
      assert.equal(off.result.body.active, false);
      assert.deepEqual(types(off.events), ['user.deactivated']);
      assert.equal((await stored(u.id)).active, false);
      const on = await withEvents(t, d.id, () => d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: 'True' })));
      assert.equal(on.result.body.active, true);
      assert.deepEqual(types(on.events), ['user.reactivated']);
    });

    it('refuses to remove userName (400 invalidValue) and an unknown path (400 invalidPath), changing nothing', async () => {
      const u = await fresh({ title: 'Kept' });
      const { result: r, events } = await withEvents(t, d.id, () =>
        d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'Lost' }, { op: 'remove', path: 'userName' })),
      );
      assertScimError(r, 400, 'invalidValue', /userName/);
      assertScimError(await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'favouriteColour', value: 'red' })), 400, 'invalidPath', /favouriteColour/);
      assertScimError(await d.scim('PATCH', `/Users/${u.id}`, { schemas: ['urn:wrong'], Operations: [] }), 400, 'invalidSyntax');
      const empty = await d.scim('PATCH', `/Users/${u.id}`, patchBody());
      assertScimError(empty, 400, 'invalidSyntax', /Operations/);
      assert.doesNotMatch(empty.body.detail, /\.\./, 'one full stop between the message and its hint');
      assert.deepEqual(events, []);
      const now = await d.scim('GET', `/Users/${u.id}`);
      assert.equal(now.body.title, 'Kept');
      assert.equal(now.body.meta.version, 'W/"1"');
    });

    it('answers 200 with the resource for Okta and generic, 204 with an ETag for Entra', async () => {
      for (const provider of ['okta', 'generic']) {
        const dir = await t.createDirectory(provider);
        const id = (await dir.scim('POST', '/Users', userBody(`p@${provider}.com`))).body.id;
        const r = await dir.scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'title', value: 'T' }));
        assert.equal(r.status, 200, `${provider}: ${r.text}`);
        assert.equal(r.body.title, 'T');
        assert.equal(r.headers.etag, 'W/"2"');
      }
      const entra = await t.createDirectory('entra');
      const id = (await entra.scim('POST', '/Users', userBody('p@entra.com'))).body.id;
      const r = await entra.scim('PATCH', `/Users/${id}`, patchBody({ op: 'Replace', path: 'title', value: 'T' }));
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal(r.headers.etag, 'W/"2"');
      assert.equal((await entra.scim('GET', `/Users/${id}`)).body.title, 'T');
    });
  });

  describe('delete', () => {
    it('answers 204, then 404 on GET and absence from lists; the userName is free again', async () => {
      const u = await fresh({ externalId: 'del-ext' });
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('DELETE', `/Users/${u.id}`));
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.deepEqual(types(events), ['user.deleted']);
      assertScimError(await d.scim('GET', `/Users/${u.id}`), 404);
      assertScimError(await d.scim('DELETE', `/Users/${u.id}`), 404);
      const list = await d.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${u.userName}"`)}`);
      assert.equal(list.body.totalResults, 0);
      assert.ok(!(await d.scim('GET', '/Users?count=1000')).body.Resources.some((x: { id: string }) => x.id === u.id));
      const again = await d.scim('POST', '/Users', userBody(u.userName, { externalId: 'del-ext' }));
      assert.equal(again.status, 201, again.text);
      // docs/lifecycle.md: a create with the externalId of a deprovisioned user rehires that same user.
      assert.equal(again.body.id, u.id);
    });
  });

  describe('delete under the `delete` rule', () => {
    it('removes the row after writing user.deleted, and frees the userName', async () => {
      const dir = await t.createDirectory('generic');
      // Set before the directory's first SCIM request, so nothing has read the rule yet.
      await t.db.store.db.updateTable('directories').set({ deprovision_rule: 'delete' }).where('id', '=', dir.id).execute();
      const id = (await dir.scim('POST', '/Users', userBody('gone@acme.com'))).body.id as string;
      const g = (await dir.scim('POST', '/Groups', { displayName: 'Had gone', members: [{ value: id }] })).body.id as string;
      const { result: r, events } = await withEvents(t, dir.id, () => dir.scim('DELETE', `/Users/${id}`));
      assert.equal(r.status, 204, r.text);
      assert.deepEqual(types(events).sort(), ['group.member_removed', 'user.deleted']);
      assert.equal(events.find((e) => e.type === 'user.deleted')?.data.retained, false);
      assert.equal(await t.db.store.db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst(), undefined);
      assertScimError(await dir.scim('GET', `/Users/${id}`), 404);
      assert.equal((await dir.scim('GET', `/Groups/${g}`)).body.members, undefined);
      assert.equal((await dir.scim('POST', '/Users', userBody('gone@acme.com'))).status, 201);
    });
  });

  describe('uniqueness', () => {
    it('answers 409 uniqueness naming the existing user, for a userName in any case', async () => {
      const u = await fresh();
      const { result: r, events } = await withEvents(t, d.id, () => d.scim('POST', '/Users', userBody(u.userName.toUpperCase())));
      assertScimError(r, 409, 'uniqueness', new RegExp(`userName.*${u.id}`));
      assert.deepEqual(events, []);
    });

    it('treats externalId as caseExact: the same value clashes, another case does not', async () => {
      const u = await fresh({ externalId: 'Ext-Unique-1' });
      assertScimError(await d.scim('POST', '/Users', userBody('other1@acme.com', { externalId: 'Ext-Unique-1' })), 409, 'uniqueness', new RegExp(`externalId.*${u.id}`));
      const r = await d.scim('POST', '/Users', userBody('other2@acme.com', { externalId: 'ext-unique-1' }));
      assert.equal(r.status, 201, r.text);
    });

    it('refuses a PUT or PATCH that takes another user’s userName, and changes nothing', async () => {
      const a = await fresh();
      const b = await fresh();
      assertScimError(await d.scim('PUT', `/Users/${b.id}`, userBody(a.userName)), 409, 'uniqueness', new RegExp(a.id));
      assertScimError(await d.scim('PATCH', `/Users/${b.id}`, patchBody({ op: 'replace', path: 'userName', value: a.userName.toUpperCase() })), 409, 'uniqueness', new RegExp(a.id));
      assert.equal((await d.scim('GET', `/Users/${b.id}`)).body.userName, b.userName);
      // Changing only the case of one's own userName is no clash.
      const own = await d.scim('PATCH', `/Users/${b.id}`, patchBody({ op: 'replace', path: 'userName', value: b.userName.toUpperCase() }));
      assert.equal(own.status, 200, own.text);
    });
  });

  describe('attributes and excludedAttributes', () => {
    let u: Record<string, any>;
    before(async () => {
      u = await fresh({ title: 'Boss', [ENTERPRISE_URN]: { department: 'Ops' } });
    });

    it('projects GET /Users/{id}', async () => {
      const r = await d.scim('GET', `/Users/${u.id}?attributes=userName,name.familyName`);
      assert.deepEqual(r.body, { schemas: [USER_URN], id: u.id, userName: u.userName, name: { familyName: 'Test' } });
      const x = await d.scim('GET', `/Users/${u.id}?excludedAttributes=emails,name,${ENTERPRISE_URN}:department`);
      assert.equal(x.body.emails, undefined);
      assert.equal(x.body.name, undefined);
      assert.equal(x.body[ENTERPRISE_URN], undefined);
      assert.deepEqual(x.body.schemas, [USER_URN]);
      assert.equal(x.body.title, 'Boss');
      assert.equal(x.body.id, u.id);
      assert.ok(x.body.meta);
    });

    it('projects list and search responses', async () => {
      const filter = encodeURIComponent(`id eq "${u.id}"`);
      const r = await d.scim('GET', `/Users?filter=${filter}&attributes=${ENTERPRISE_URN}:department`);
      assert.deepEqual(r.body.Resources, [{ schemas: [USER_URN, ENTERPRISE_URN], id: u.id, [ENTERPRISE_URN]: { department: 'Ops' } }]);
      const s = await d.scim('POST', '/Users/.search', { filter: `id eq "${u.id}"`, excludedAttributes: ['emails', 'meta', 'name'] });
      assert.equal(s.status, 200, s.text);
      assert.equal(s.body.Resources[0].emails, undefined);
      assert.equal(s.body.Resources[0].meta, undefined);
      assert.equal(s.body.Resources[0].userName, u.userName);
    });

    it('projects the responses of POST, PUT and PATCH', async () => {
      const c = await d.scim('POST', '/Users?attributes=userName', userBody('projected@acme.com'));
      assert.equal(c.status, 201);
      assert.deepEqual(c.body, { schemas: [USER_URN], id: c.body.id, userName: 'projected@acme.com' });
      assert.ok(c.headers.location);
      const p = await d.scim('PUT', `/Users/${c.body.id}?excludedAttributes=emails,name,meta`, userBody('projected@acme.com', { title: 'X' }));
      assert.equal(p.body.title, 'X');
      assert.equal(p.body.emails, undefined);
      assert.equal(p.body.meta, undefined);
      const pa = await d.scim('PATCH', `/Users/${c.body.id}?attributes=title`, patchBody({ op: 'replace', path: 'title', value: 'Y' }));
      assert.deepEqual(pa.body, { schemas: [USER_URN], id: c.body.id, title: 'Y' });
    });
  });

  describe('ETags', () => {
    it('increments the version on each change, in the header and meta.version', async () => {
      const u = await fresh();
      for (let v = 2; v <= 4; v++) {
        const r = await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: `T${v}` }));
        assert.equal(r.headers.etag, `W/"${v}"`);
        assert.equal(r.body.meta.version, `W/"${v}"`);
      }
      const put = await d.scim('PUT', `/Users/${u.id}`, userBody(u.userName, { title: 'P' }));
      assert.equal(put.headers.etag, 'W/"5"');
      assert.equal((await d.scim('GET', `/Users/${u.id}`)).headers.etag, 'W/"5"');
      assert.equal((await stored(u.id)).version, 5);
    });

    it('keeps the version, and writes no event, for a PUT or PATCH that changes nothing', async () => {
      const u = await fresh({ title: 'Steady' });
      const { events } = await withEvents(t, d.id, async () => {
        const put = await d.scim('PUT', `/Users/${u.id}`, userBody(u.userName, { title: 'Steady' }));
        assert.equal(put.status, 200, put.text);
        assert.equal(put.headers.etag, 'W/"1"');
        // An IdP re-sending its last PATCH, and removing what is not there.
        const patch = await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'Steady' }, { op: 'remove', path: 'nickName' }));
        assert.equal(patch.status, 200, patch.text);
        assert.equal(patch.headers.etag, 'W/"1"');
        assert.equal(patch.body.meta.lastModified, u.meta.lastModified);
      });
      assert.deepEqual(events, []);
      assert.equal((await d.scim('GET', `/Users/${u.id}`, undefined, { 'if-none-match': 'W/"1"' })).status, 304);
    });

    it('answers 412 to If-Match with another version on PUT, PATCH and DELETE, changing nothing', async () => {
      const u = await fresh({ title: 'Same' });
      const { events } = await withEvents(t, d.id, async () => {
        assertScimError(await d.scim('PUT', `/Users/${u.id}`, userBody(u.userName, { title: 'X' }), { 'if-match': 'W/"2"' }), 412, undefined, /W\/"1"/);
        assertScimError(await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'X' }), { 'if-match': 'W/"7"' }), 412);
        assertScimError(await d.scim('DELETE', `/Users/${u.id}`, undefined, { 'if-match': '"3"' }), 412);
      });
      assert.deepEqual(events, []);
      const now = await d.scim('GET', `/Users/${u.id}`);
      assert.equal(now.body.title, 'Same');
      assert.equal(now.headers.etag, 'W/"1"');
      // The current tag, weak or strong, or `*`, lets the write through.
      assert.equal((await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'A' }), { 'if-match': 'W/"1"' })).status, 200);
      assert.equal((await d.scim('PUT', `/Users/${u.id}`, userBody(u.userName, { title: 'B' }), { 'if-match': '"2"' })).status, 200);
      assert.equal((await d.scim('DELETE', `/Users/${u.id}`, undefined, { 'if-match': '*' })).status, 204);
    });

    it('answers 304 with no body to If-None-Match naming the current version, 200 otherwise', async () => {
      const u = await fresh();
      const r = await d.scim('GET', `/Users/${u.id}`, undefined, { 'if-none-match': 'W/"1"' });
      assert.equal(r.status, 304);
      assert.equal(r.text, '');
      assert.equal(r.headers.etag, 'W/"1"');
      await d.scim('PATCH', `/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'changed' }));
      const stale = await d.scim('GET', `/Users/${u.id}`, undefined, { 'if-none-match': 'W/"1"' });
      assert.equal(stale.status, 200);
      assert.equal(stale.body.title, 'changed');
    });
  });

  describe('protocol', () => {
    it('answers 400 invalidSyntax to malformed JSON, on POST, PUT and PATCH', async () => {
      const u = await fresh();
      assertScimError(await d.scim('POST', '/Users', '{"userName": "x@acme.com",'), 400, 'invalidSyntax');
      assertScimError(await d.scim('PUT', `/Users/${u.id}`, '{not json}'), 400, 'invalidSyntax');
      assertScimError(await d.scim('PATCH', `/Users/${u.id}`, '[1,2'), 400, 'invalidSyntax');
      assertScimError(await d.scim('POST', '/Users', '"just a string"'), 400, 'invalidSyntax');
    });

    it('accepts application/json and application/scim+json and always answers application/scim+json', async () => {
      const a = await d.scim('POST', '/Users', userBody('json@acme.com'), { 'content-type': 'application/json' });
      const b = await d.scim('POST', '/Users', userBody('scimjson@acme.com'), { 'content-type': 'application/scim+json; charset=utf-8' });
      assert.equal(a.status, 201, a.text);
      assert.equal(b.status, 201, b.text);
      const p = await d.scim('PATCH', `/Users/${a.body.id}`, patchBody({ op: 'replace', path: 'title', value: 'J' }), { 'content-type': 'application/json' });
      assert.equal(p.status, 200, p.text);
      const responses = [
        a,
        b,
        p,
        await d.scim('GET', `/Users/${a.body.id}`),
        await d.scim('GET', '/Users'),
        await d.scim('GET', '/Users?filter=userName%20pr&count=2'),
        await d.scim('POST', '/Users/.search', { count: 1 }),
        await d.scim('GET', '/Users/nope'),
        await d.scim('GET', '/Users?filter=bogus'),
      ];
      for (const r of responses) assertScimMedia(r);
    });

    it('routes endpoint names in any case (/users, /USERS/{id}, /serviceConfiguration)', async () => {
      const created = await d.scim('POST', '/users', userBody('lowercase@acme.com'));
      assert.equal(created.status, 201, created.text);
      assert.equal(created.headers.location, `${ORIGIN}${d.base}/Users/${created.body.id}`);
      assert.equal((await d.scim('GET', `/USERS/${created.body.id}`)).body.userName, 'lowercase@acme.com');
      assert.equal((await d.scim('GET', '/users?filter=userName%20eq%20%22lowercase@acme.com%22')).body.totalResults, 1);
      assert.equal((await d.scim('POST', '/users/.SEARCH', { filter: 'userName eq "lowercase@acme.com"' })).body.totalResults, 1);
      const spc = await d.scim('GET', '/serviceConfiguration');
      assert.equal(spc.status, 200, spc.text);
      assert.deepEqual(spc.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    });
  });
});
