// Listing end to end: filters through to SQL, index and cursor paging, sorting, /.search on a type and at the root.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { LIST_URN, assertScimError, assertScimMedia } from './helpers/scim-expect.ts';
import { ENTERPRISE_URN, GROUP_URN, USER_URN, startTestApp, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const MAX_RESULTS = 20;
const q = (text: string) => encodeURIComponent(text);

describe('SCIM listing', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ ROSTER_SCIM_MAX_RESULTS: String(MAX_RESULTS) });
  });
  after(() => t.close());

  describe('filters', () => {
    let d: TestDirectory;
    /** Name → id of the four users every filter below is checked against. */
    const id: Record<string, string> = {};
    const name: Record<string, string> = {};
    let mark = '';
    let sales = '';
    let ops = '';

    const create = async (key: string, body: Record<string, unknown>) => {
      const r = await d.scim('POST', '/Users', { schemas: [USER_URN], ...body });
      assert.equal(r.status, 201, r.text);
      id[key] = r.body.id;
      name[r.body.id] = key;
    };
    /** The names of the users a filter finds, sorted; asserts a well-formed ListResponse on the way. */
    const find = async (filter: string, endpoint = '/Users') => {
      const r = await d.scim('GET', `${endpoint}?filter=${q(filter)}`);
      assert.equal(r.status, 200, `${filter}: ${r.text}`);
      assertScimMedia(r);
      assert.deepEqual(r.body.schemas, [LIST_URN]);
      assert.equal(r.body.totalResults, r.body.Resources.length);
      return (r.body.Resources as { id: string }[]).map((x) => name[x.id] ?? x.id).sort();
    };

    before(async () => {
      d = await t.createDirectory('generic');
      await create('alice', {
        userName: 'alice@acme.com',
        externalId: 'EXT-A',
        name: { givenName: 'Alice', familyName: 'Zimmer' },
        emails: [
          { value: 'alice@acme.com', type: 'work', primary: true },
          { value: 'alice@home.org', type: 'home' },
        ],
        title: 'Engineer',
        active: true,
        [ENTERPRISE_URN]: { department: 'Sales' },
      });
      await create('bob', {
        userName: 'bob@acme.com',
        externalId: 'ext-b',
        name: { givenName: 'Bob', familyName: 'Young' },
        emails: [{ value: 'bob@acme.com', type: 'work', primary: true }],
        title: 'Manager',
        active: false,
        [ENTERPRISE_URN]: { department: 'Engineering' },
      });
      // meta.created is compared against a moment between the first two users and the last two.
      await sleep(30);
      mark = new Date().toISOString();
      await sleep(30);
      await create('carol', {
        userName: 'Carol@Example.org',
        name: { givenName: 'Carol', familyName: 'Xu' },
        emails: [
          { value: 'carol@acme.com', type: 'home' },
          { value: 'carol@example.org', type: 'work', primary: true },
        ],
        active: true,
        [ENTERPRISE_URN]: { department: 'Sales' },
      });
      await create('oscar', {
        userName: 'Oscar@acme.com',
        name: { givenName: 'Oscar', familyName: 'Walker' },
        emails: [
          { value: 'aaa@first.com', type: 'home' },
          { value: 'zzz@acme.com', type: 'work', primary: true },
        ],
        title: 'Engineer',
        active: true,
      });
      sales = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Sales Team', members: [{ value: id.alice }, { value: id.carol }] })).body.id;
      ops = (await d.scim('POST', '/Groups', { schemas: [GROUP_URN], displayName: 'Ops', members: [{ value: id.bob }] })).body.id;
    });

    it('applies every comparison operator (eq ne co sw ew gt ge lt le pr)', async () => {
      assert.deepEqual(await find('userName eq "ALICE@acme.com"'), ['alice']);
      assert.deepEqual(await find('userName ne "alice@acme.com"'), ['bob', 'carol', 'oscar']);
      assert.deepEqual(await find('userName co "ACME"'), ['alice', 'bob', 'oscar']);
      assert.deepEqual(await find('userName sw "car"'), ['carol']);
      assert.deepEqual(await find('userName ew "example.ORG"'), ['carol']);
      assert.deepEqual(await find('name.familyName gt "X"'), ['alice', 'bob', 'carol']);
      assert.deepEqual(await find('name.familyName ge "xu"'), ['alice', 'bob', 'carol']);
      assert.deepEqual(await find('name.familyName lt "Xu"'), ['oscar']);
      assert.deepEqual(await find('name.familyName le "XU"'), ['carol', 'oscar']);
      assert.deepEqual(await find('title pr'), ['alice', 'bob', 'oscar']);
      assert.deepEqual(await find('title eq "engineer"'), ['alice', 'oscar']);
    });

    it('binds and tighter than or, and honours not and parentheses', async () => {
      assert.deepEqual(await find('active eq false or title eq "Engineer" and userName sw "o"'), ['bob', 'oscar']);
      assert.deepEqual(await find('(active eq false or title eq "Engineer") and userName sw "o"'), ['oscar']);
      assert.deepEqual(await find('not (title pr)'), ['carol']);
      assert.deepEqual(await find('not (active eq true) and title pr'), ['bob']);
      assert.deepEqual(await find('userName sw "a" or userName sw "b" or userName sw "c"'), ['alice', 'bob', 'carol']);
      assert.deepEqual(await find('not (userName sw "a" or userName sw "b")'), ['carol', 'oscar']);
    });

    it('matches value paths within one element of a multi-valued attribute', async () => {
      assert.deepEqual(await find('emails[type eq "work" and value ew "@acme.com"]'), ['alice', 'bob', 'oscar']);
      assert.deepEqual(await find('emails[type eq "home"]'), ['alice', 'carol', 'oscar']);
      assert.deepEqual(await find('emails[not (type eq "work")]'), ['alice', 'carol', 'oscar']);
      assert.deepEqual(await find('emails.value eq "CAROL@acme.com"'), ['carol']);
      assert.deepEqual(await find('emails co "home.org"'), ['alice']);
      assert.deepEqual(await find('emails.type eq "home" and emails.value ew "example.org"'), ['carol']);
    });

    it('reads URN-qualified extension attributes and attribute names in any case', async () => {
      assert.deepEqual(await find(`${ENTERPRISE_URN}:department eq "Sales"`), ['alice', 'carol']);
      assert.deepEqual(await find(`${ENTERPRISE_URN}:department pr`), ['alice', 'bob', 'carol']);
      assert.deepEqual(await find(`${USER_URN}:userName eq "bob@acme.com"`), ['bob']);
      assert.deepEqual(await find('USERNAME eq "bob@acme.com"'), ['bob']);
      assert.deepEqual(await find('Name.FamilyName eq "young"'), ['bob']);
      assert.deepEqual(await find('EMAILS[TYPE eq "work" AND Value sw "zzz"]'), ['oscar']);
    });

    it('compares externalId case-exactly and userName case-insensitively', async () => {
      assert.deepEqual(await find('externalId eq "EXT-A"'), ['alice']);
      assert.deepEqual(await find('externalId eq "ext-a"'), []);
      assert.deepEqual(await find('externalId sw "ext"'), ['bob']);
      assert.deepEqual(await find('userName eq "CAROL@EXAMPLE.ORG"'), ['carol']);
    });

    it('compares dates, booleans and ids', async () => {
      assert.deepEqual(await find(`meta.created gt "${mark}"`), ['carol', 'oscar']);
      assert.deepEqual(await find(`meta.created lt "${mark}"`), ['alice', 'bob']);
      assert.deepEqual(await find(`meta.lastModified ge "${mark}" and active eq true`), ['carol', 'oscar']);
      assert.deepEqual(await find('active eq false'), ['bob']);
      assert.deepEqual(await find('active eq True'), ['alice', 'carol', 'oscar']);
      assert.deepEqual(await find('active ne false'), ['alice', 'carol', 'oscar']);
      assert.deepEqual(await find(`id eq "${id.carol}"`), ['carol']);
      assert.deepEqual(await find('id eq "not-a-uuid"'), []);
    });

    it("accepts Microsoft's unquoted values (userName sw O)", async () => {
      assert.deepEqual(await find('userName sw O'), ['oscar']);
      assert.deepEqual(await find('userName eq bob@acme.com'), ['bob']);
    });

    it('filters groups by displayName and by member', async () => {
      const groups = async (filter: string) => {
        const r = await d.scim('GET', `/Groups?filter=${q(filter)}`);
        assert.equal(r.status, 200, r.text);
        return (r.body.Resources as { id: string }[]).map((g) => g.id).sort();
      };
      assert.deepEqual(await groups('displayName eq "sales team"'), [sales]);
      assert.deepEqual(await groups('displayName sw "O"'), [ops]);
      assert.deepEqual(await groups(`members.value eq "${id.carol}"`), [sales]);
      assert.deepEqual(await groups(`members[value eq "${id.bob}"]`), [ops]);
      assert.deepEqual(await groups('members pr'), [ops, sales].sort());
      assert.deepEqual(await groups(`members.value eq "${id.oscar}"`), []);
      // And users by the groups they are in.
      assert.deepEqual(await find(`groups.value eq "${sales}"`), ['alice', 'carol']);
    });

    it('treats an empty filter as none', async () => {
      assert.deepEqual(await find(''), ['alice', 'bob', 'carol', 'oscar']);
    });

    it('answers 400 invalidFilter with a detail saying where for a filter it cannot read', async () => {
      const bad = async (filter: string, detail: RegExp) => assertScimError(await d.scim('GET', `/Users?filter=${q(filter)}`), 400, 'invalidFilter', detail);
      await bad('userName eq', /position 11/);
      await bad('userName xx "a"', /position 9/);
      await bad('(userName eq "a"', /position/);
      await bad('userName eq "a" and', /position/);
      await bad('emails[type eq "work"', /position/);
      await bad('userName eq "unterminated', /position/);
      await bad('nosuchattribute eq "x"', /nosuchattribute/);
      await bad('active gt true', /active/);
      await bad('meta.created gt "yesterday"', /meta\.created/);
      await bad('password eq "x"', /password/);
      assertScimError(await d.scim('POST', '/Users/.search', { filter: 'userName eq' }), 400, 'invalidFilter', /position/);
      assertScimError(await d.scim('GET', `/Groups?filter=${q('displayName eq')}`), 400, 'invalidFilter', /position/);
    });

    it('sorts by userName, name.familyName and emails (by the primary value), both ways', async () => {
      const sorted = async (query: string) => {
        const r = await d.scim('GET', `/Users?${query}`);
        assert.equal(r.status, 200, r.text);
        return (r.body.Resources as { id: string }[]).map((u) => name[u.id]);
      };
      assert.deepEqual(await sorted('sortBy=userName'), ['alice', 'bob', 'carol', 'oscar']);
      assert.deepEqual(await sorted('sortBy=userName&sortOrder=ascending'), ['alice', 'bob', 'carol', 'oscar']);
      assert.deepEqual(await sorted('sortBy=userName&sortOrder=descending'), ['oscar', 'carol', 'bob', 'alice']);
      assert.deepEqual(await sorted('sortBy=name.familyName'), ['oscar', 'carol', 'bob', 'alice']);
      assert.deepEqual(await sorted('sortBy=NAME.FAMILYNAME&sortOrder=DESCENDING'), ['alice', 'bob', 'carol', 'oscar']);
      assert.deepEqual(await sorted('sortBy=emails'), ['alice', 'bob', 'carol', 'oscar']);
      assert.deepEqual(await sorted('sortBy=emails&sortOrder=descending'), ['oscar', 'carol', 'bob', 'alice']);
      // Users without the sort attribute come last.
      assert.deepEqual(await sorted('sortBy=title'), ['alice', 'oscar', 'bob', 'carol']);
      assert.deepEqual(await sorted(`filter=${q('userName co "acme"')}&sortBy=userName&sortOrder=descending`), ['oscar', 'bob', 'alice']);
      assertScimError(await d.scim('GET', '/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue', /sortOrder/);
    });

    it('searches with POST /Users/.search as with GET', async () => {
      const r = await d.scim('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'title eq "Engineer"',
        sortBy: 'userName',
        sortOrder: 'descending',
        attributes: ['userName'],
        startIndex: 1,
        count: 10,
      });
      assert.equal(r.status, 200, r.text);
      assertScimMedia(r);
      assert.equal(r.body.totalResults, 2);
      assert.deepEqual(r.body.Resources, [
        { schemas: [USER_URN], id: id.oscar, userName: 'Oscar@acme.com' },
        { schemas: [USER_URN], id: id.alice, userName: 'alice@acme.com' },
      ]);
    });

    it('answers 400 invalidSyntax to a search body that is no SearchRequest', async () => {
      for (const path of ['/Users/.search', '/Groups/.search', '/.search']) {
        assertScimError(await d.scim('POST', path, [1]), 400, 'invalidSyntax', /object/);
        assertScimError(await d.scim('POST', path, '"userName pr"'), 400, 'invalidSyntax');
        assertScimError(await d.scim('POST', path, { schemas: ['urn:wrong'], filter: 'userName pr' }), 400, 'invalidSyntax', /SearchRequest/);
        assertScimError(await d.scim('POST', path, { filter: 'userName pr', startIndex: {} }), 400, 'invalidSyntax', /startIndex/);
        // No body at all is a search without parameters.
        assert.equal((await d.scim('POST', path)).status, 200);
      }
    });

    it('searches users and groups together with POST /.search, paging across both', async () => {
      const all = await d.scim('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] });
      assert.equal(all.status, 200, all.text);
      assertScimMedia(all);
      assert.deepEqual(all.body.schemas, [LIST_URN]);
      assert.equal(all.body.totalResults, 6);
      const seen: string[] = [];
      for (let start = 1; start <= 6; start += 4) {
        const page = await d.scim('POST', '/.search', { startIndex: start, count: 4 });
        assert.equal(page.body.totalResults, 6);
        assert.equal(page.body.startIndex, start);
        assert.equal(page.body.itemsPerPage, page.body.Resources.length);
        for (const r of page.body.Resources) seen.push(`${r.meta.resourceType}:${r.id}`);
      }
      assert.equal(seen.length, 6);
      assert.equal(new Set(seen).size, 6);
      assert.deepEqual(seen.filter((s) => s.startsWith('Group:')).sort(), [`Group:${ops}`, `Group:${sales}`].sort());
      // A filter on an attribute only users have searches users alone.
      const usersOnly = await d.scim('POST', '/.search', { filter: 'userName sw "a"' });
      assert.deepEqual(usersOnly.body.Resources.map((r: { id: string }) => r.id), [id.alice]);
      const both = await d.scim('POST', '/.search', { filter: 'displayName eq "Ops" or userName eq "bob@acme.com"' });
      assert.deepEqual(both.body.Resources.map((r: { id: string }) => r.id).sort(), [id.bob, ops].sort());
      assertScimError(await d.scim('POST', '/.search', { filter: 'nosuch eq 1' }), 400, 'invalidFilter');
    });
  });

  describe('paging', () => {
    let d: TestDirectory;
    let ids: string[] = [];

    before(async () => {
      d = await t.createDirectory('generic');
      for (let i = 0; i < 25; i++) {
        const r = await d.scim('POST', '/Users', { schemas: [USER_URN], userName: `page${String(i).padStart(2, '0')}@acme.com` });
        assert.equal(r.status, 201, r.text);
        ids.push(r.body.id);
      }
      ids = ids.sort();
    });

    const list = async (query: string) => {
      const r = await d.scim('GET', `/Users?${query}`);
      assert.equal(r.status, 200, r.text);
      assertScimMedia(r);
      return r;
    };

    it('pages by startIndex and count, 1-based, with integer counts', async () => {
      const r = await list('startIndex=1&count=10');
      assert.match(r.text, /"totalResults":25,"itemsPerPage":10,"startIndex":1/);
      assert.equal(r.body.Resources.length, 10);
      const last = await list('startIndex=21&count=10');
      assert.equal(last.body.itemsPerPage, 5);
      assert.equal(last.body.startIndex, 21);
      assert.equal(last.body.totalResults, 25);
      const beyond = await list('startIndex=30&count=10');
      assert.equal(beyond.body.itemsPerPage, 0);
      assert.equal(beyond.body.totalResults, 25);
      // startIndex below 1 reads as 1 (RFC 7644 §3.4.2.4).
      const zero = await list('startIndex=0&count=3');
      assert.equal(zero.body.startIndex, 1);
      assert.deepEqual(zero.body.Resources.map((u: { id: string }) => u.id), ids.slice(0, 3));
    });

    it('answers an empty page past the end, however large startIndex is', async () => {
      for (const start of ['26', '9999999999', '99999999999999999999']) {
        const r = await list(`startIndex=${start}&count=5`);
        assert.equal(r.body.totalResults, 25, start);
        assert.equal(r.body.itemsPerPage, 0, start);
        assert.ok(Number.isInteger(r.body.startIndex), start);
      }
      const search = await d.scim('POST', '/.search', { startIndex: 1e300 });
      assert.equal(search.status, 200, search.text);
      assert.equal(search.body.itemsPerPage, 0);
    });

    it('answers count=0 with totalResults only', async () => {
      const r = await list('count=0');
      assert.equal(r.body.totalResults, 25);
      assert.equal(r.body.itemsPerPage, 0);
      assert.ok(r.body.Resources === undefined || r.body.Resources.length === 0);
      const filtered = await list(`count=0&filter=${q('userName sw "page1"')}`);
      assert.equal(filtered.body.totalResults, 10);
    });

    it('lowers a count above the maximum, and uses it when count is absent', async () => {
      const big = await list('count=500');
      assert.equal(big.body.itemsPerPage, MAX_RESULTS);
      assert.equal(big.body.Resources.length, MAX_RESULTS);
      assert.equal(big.body.totalResults, 25);
      assert.equal((await list('')).body.itemsPerPage, MAX_RESULTS);
      assert.equal((await list('count=-5')).body.itemsPerPage, 0);
      assertScimError(await d.scim('GET', '/Users?count=ten'), 400, 'invalidValue', /count/);
    });

    it('keeps a stable order across pages: 25 users in pages of 10 are each seen once', async () => {
      for (const sort of ['', '&sortBy=userName', '&sortBy=userName&sortOrder=descending', '&sortBy=active']) {
        const seen: string[] = [];
        for (let start = 1; start <= 25; start += 10) {
          seen.push(...(await list(`startIndex=${start}&count=10${sort}`)).body.Resources.map((u: { id: string }) => u.id));
        }
        assert.equal(seen.length, 25, sort);
        assert.deepEqual([...seen].sort(), ids, sort);
      }
    });

    it('pages by cursor (RFC 9865): empty to start, nextCursor until absent, each user once', async () => {
      for (const extra of ['', '&sortBy=userName&sortOrder=descending']) {
        const seen: string[] = [];
        let cursor: string | undefined = '';
        let pages = 0;
        while (cursor !== undefined) {
          const r = await list(`cursor=${q(cursor)}&count=5${extra}`);
          assert.equal(r.body.totalResults, 25);
          assert.equal(r.body.itemsPerPage, r.body.Resources.length);
          seen.push(...r.body.Resources.map((u: { id: string }) => u.id));
          cursor = r.body.nextCursor;
          if (cursor !== undefined) assert.match(cursor, /^[A-Za-z0-9._~-]+$/, 'RFC 9865: unreserved characters only');
          assert.ok(++pages <= 6, 'paging ends');
        }
        // 25 users in pages of 5: the fifth page is the last and carries no nextCursor.
        assert.equal(pages, 5, extra);
        // Ids are time-ordered and the userNames were created in order, so both orders are known.
        assert.deepEqual(seen, extra ? [...ids].reverse() : ids, extra);
      }
    });

    it('pages by cursor through POST /Users/.search', async () => {
      const seen: string[] = [];
      let cursor: string | undefined = '';
      while (cursor !== undefined) {
        const r = await d.scim('POST', '/Users/.search', { cursor, count: 10, filter: 'userName sw "page"' });
        assert.equal(r.status, 200, r.text);
        seen.push(...r.body.Resources.map((u: { id: string }) => u.id));
        cursor = r.body.nextCursor;
      }
      assert.deepEqual([...seen].sort(), ids);
    });

    it('answers 400 with a SCIM error to a cursor it did not issue', async () => {
      for (const cursor of ['garbage', 'eyJhIjoibm90LWEtdXVpZCJ9', '%%%']) {
        const r = await d.scim('GET', `/Users?cursor=${q(cursor)}&count=5`);
        assertScimError(r, 400, r.body?.scimType, /cursor/);
      }
    });

    it('names a bad cursor with scimType invalidCursor (RFC 9865 §2.2)', async () => {
      assertScimError(await d.scim('GET', `/Users?cursor=garbage&count=5`), 400, 'invalidCursor', /cursor/);
    });
  });
});
