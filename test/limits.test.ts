// Issue 6 §2: every limit Roster advertises or keeps is enforced, with the answer a client can act on.
// Also enforced and tested elsewhere: Bulk maxOperations and maxPayloadSize (test/scim-bulk.test.ts),
// PATCH operations per request (src/scim/patch/patch-request.test.ts, MAX_PATCH_OPERATIONS).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_FILTER_DEPTH } from '../src/scim/filter/filter-parser.ts';
import { MAX_TEXT_LENGTH } from '../src/scim/filter/filter-lexer.ts';
import { MAX_PATCH_OPERATIONS } from '../src/scim/patch/patch-request.ts';
import { MAX_ATTRIBUTE_NAMES } from '../src/scim/resource/projection.ts';
import { assertScimError } from './helpers/scim-expect.ts';
import { patchBody, startTestApp, userBody, type TestApp, type TestDirectory } from './helpers/test-app.ts';

const MAX_RESULTS = 5;
const BODY_LIMIT = 1024 * 1024;
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

describe('limits (issue 6)', () => {
  let t: TestApp;
  let d: TestDirectory;
  let user: string;

  before(async () => {
    t = await startTestApp({ ROSTER_SCIM_MAX_RESULTS: String(MAX_RESULTS) });
    d = await t.createDirectory();
    for (let i = 0; i < MAX_RESULTS + 2; i++) user = (await d.scim('POST', '/Users', userBody(`limit${i}@acme.test`))).body.id;
  });
  after(() => t.close());

  it('answers 413 with a SCIM error to a body over 1 MiB, and the admin API with its own error', async () => {
    const big = userBody('big@acme.test', { title: 'x'.repeat(BODY_LIMIT) });
    assertScimError(await d.scim('POST', '/Users', big), 413);
    const admin = await t.admin('POST', '/organizations', { name: 'x'.repeat(BODY_LIMIT) });
    assert.equal(admin.status, 413);
    assert.equal(admin.body.error.code, 'payload_too_large');
    assert.equal((await d.scim('GET', '/Users?filter=userName eq "big@acme.test"')).body.totalResults, 0);
  });

  it(`answers 400 invalidFilter to a filter over ${MAX_TEXT_LENGTH} characters or nested past ${MAX_FILTER_DEPTH} levels`, async () => {
    const long = `userName eq "${'a'.repeat(MAX_TEXT_LENGTH)}"`;
    assertScimError(await d.scim('GET', `/Users?filter=${encodeURIComponent(long)}`), 400, 'invalidFilter', /limit is 10000/);
    assertScimError(await d.scim('POST', '/Users/.search', { schemas: [SEARCH], filter: long }), 400, 'invalidFilter');
    const deep = `${'('.repeat(MAX_FILTER_DEPTH + 1)}userName pr${')'.repeat(MAX_FILTER_DEPTH + 1)}`;
    assertScimError(await d.scim('POST', '/Users/.search', { schemas: [SEARCH], filter: deep }), 400, 'invalidFilter', /nested too deeply/);
    const fine = `${'('.repeat(10)}userName pr${')'.repeat(10)}`;
    assert.equal((await d.scim('POST', '/Users/.search', { schemas: [SEARCH], filter: fine, count: 0 })).body.totalResults, MAX_RESULTS + 2);
  });

  it(`caps a page at maxResults (${MAX_RESULTS}), as /ServiceProviderConfig advertises, whatever count asks`, async () => {
    assert.equal((await d.scim('GET', '/ServiceProviderConfig')).body.filter.maxResults, MAX_RESULTS);
    for (const count of ['100000', '9007199254740993', '1e300']) {
      const page = await d.scim('GET', `/Users?count=${count}`);
      assert.equal(page.status, 200, page.text);
      assert.equal(page.body.itemsPerPage, MAX_RESULTS);
      assert.equal(page.body.totalResults, MAX_RESULTS + 2);
    }
    assertScimError(await d.scim('GET', '/Users?count=1e400'), 400, 'invalidValue', /whole number/);
    const far = await d.scim('GET', '/Users?startIndex=99999999999999999999&count=2');
    assert.equal(far.status, 200);
    assert.equal(far.body.Resources.length, 0);
  });

  it(`answers 400 invalidValue to more than ${MAX_ATTRIBUTE_NAMES} attribute names, and fast`, async () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'userName' : `name.givenName`)).join(',');
    assert.equal((await d.scim('GET', `/Users/${user}?attributes=${names(MAX_ATTRIBUTE_NAMES)}`)).status, 200);
    assertScimError(await d.scim('GET', `/Users/${user}?attributes=${names(MAX_ATTRIBUTE_NAMES + 1)}`), 400, 'invalidValue', /at most 200/);
    assertScimError(await d.scim('GET', `/Users?excludedAttributes=${names(MAX_ATTRIBUTE_NAMES + 1)}`), 400, 'invalidValue');
    // Regression: splitting the list used to rescan the rest of the text at every comma (quadratic);
    // 40,000 names held the event loop for ten seconds. Half a million must be refused at once.
    const started = Date.now();
    assertScimError(await d.scim('POST', '/Users/.search', { schemas: [SEARCH], attributes: 'a,'.repeat(500_000) }), 400, 'invalidValue');
    // And dropping `[…]` rescanned at every unclosed `[`: 400 kB of `a[` took 19 s.
    assertScimError(await d.scim('POST', '/Users/.search', { schemas: [SEARCH], attributes: 'a['.repeat(400_000) }), 400, 'invalidPath');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  it('refuses a write whose attributes= is malformed before it commits', async () => {
    // Found by test/fuzz: the projection was parsed after the write, so the IdP saw 400 for a change that was made.
    const r = await d.scim('PATCH', `/Users/${user}?attributes=%3F%3F`, patchBody({ op: 'replace', path: 'title', value: 'Changed' }));
    assertScimError(r, 400, 'invalidPath');
    assert.equal((await d.scim('GET', `/Users/${user}`)).body.title, undefined);
  });

  it('answers 400 invalidValue to an identifier too large to index (found by the SCIM fuzzer: a 400 kB externalId), and writes nothing', async () => {
    const huge = ' or '.repeat(100_000) + 'z';
    const group = await d.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Huge', externalId: huge });
    assertScimError(group, 400, 'invalidValue');
    const user = await d.scim('POST', '/Users', userBody('huge@acme.com', { externalId: huge }));
    assertScimError(user, 400, 'invalidValue');
    assert.equal((await d.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "huge@acme.com"')}`)).body.totalResults, 0);
  });

  it(`answers 400 to a PATCH of more than ${MAX_PATCH_OPERATIONS} operations and applies none`, async () => {
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'replace', path: 'title', value: 'Too many' }));
    assertScimError(await d.scim('PATCH', `/Users/${user}`, patchBody(...ops)), 400, 'invalidSyntax', /1000/);
    assert.equal((await d.scim('GET', `/Users/${user}`)).body.title, undefined);
  });
});
