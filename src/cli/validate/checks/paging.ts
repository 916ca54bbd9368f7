// Paging: ListResponse counters as integers, itemsPerPage within count, stable totals, no duplicates.
import { EVERY_IDP, type Check } from '../check.ts';
import { check, expectList, fail } from '../expect.ts';

const PAGE_RULE = 'RFC 7644 §3.4.2.4: startIndex is 1-based, itemsPerPage ≤ count and equals the resources returned';

const shape: Check = {
  id: 'paging.list-response',
  group: 'paging',
  title: 'GET /Users?startIndex=1&count=2 answers integer counters and at most 2 resources',
  idps: EVERY_IDP,
  async run(ctx) {
    for (let i = 0; i < 3; i++) await ctx.createUser(ctx.userBody('page'));
    const e = await ctx.call('GET', '/Users?startIndex=1&count=2');
    const resources = expectList(e, 'GET /Users?startIndex=1&count=2');
    const { startIndex, itemsPerPage, totalResults } = e.json;
    const ints = 'Okta: itemsPerPage, startIndex and totalResults are integers, not strings (RFC 7644 §3.4.2)';
    check(Number.isInteger(startIndex) && Number.isInteger(itemsPerPage), ints, `startIndex ${JSON.stringify(startIndex)}, itemsPerPage ${JSON.stringify(itemsPerPage)}`, e);
    check(startIndex === 1, PAGE_RULE, `startIndex came back as ${startIndex}`, e);
    check(itemsPerPage <= 2 && resources.length === itemsPerPage, PAGE_RULE, `itemsPerPage ${itemsPerPage} with ${resources.length} resources for count=2`, e);
    check(totalResults >= 3, 'RFC 7644 §3.4.2: totalResults counts every match, not the page', `totalResults is ${totalResults} after this run created 3 users`, e);
    const groups = await ctx.call('GET', '/Groups?startIndex=1&count=1');
    expectList(groups, 'GET /Groups?startIndex=1&count=1');
    check(Number.isInteger(groups.json.itemsPerPage) && groups.json.itemsPerPage <= 1, PAGE_RULE, `itemsPerPage ${JSON.stringify(groups.json.itemsPerPage)} for count=1`, groups);
  },
};

/** Pages walked at most, so a directory of millions is sampled rather than read whole. */
const MAX_PAGES = 50;

const walk: Check = {
  id: 'paging.walk',
  group: 'paging',
  title: 'walking /Users page by page sees every user once, with a stable totalResults',
  idps: EVERY_IDP,
  async run(ctx) {
    const created = new Set<string>();
    for (let i = 0; i < 5; i++) created.add((await ctx.createUser(ctx.userBody('walk'))).id);
    const first = await ctx.call('GET', '/Users?startIndex=1&count=1');
    expectList(first, 'GET /Users?count=1');
    const total = first.json.totalResults as number;
    const count = total <= 40 ? 2 : 100;
    const seen = new Set<string>();
    let startIndex = 1;
    let pages = 0;
    while (startIndex <= total && pages < MAX_PAGES) {
      const e = await ctx.call('GET', `/Users?startIndex=${startIndex}&count=${count}`);
      const resources = expectList(e, `page at startIndex ${startIndex}`);
      pages++;
      check(e.json.totalResults === total, 'Okta: paging must give a consistent ordering and totalResults while nothing changes (RFC 7644 §3.4.2.4)', `totalResults was ${total} on the first page and ${e.json.totalResults} at startIndex ${startIndex}`, e);
      check(Number.isInteger(e.json.itemsPerPage) && e.json.itemsPerPage <= count && resources.length === e.json.itemsPerPage, PAGE_RULE, `itemsPerPage ${JSON.stringify(e.json.itemsPerPage)} with ${resources.length} resources for count=${count}`, e);
      if (resources.length === 0) fail(PAGE_RULE, `an empty page at startIndex ${startIndex} while totalResults is ${total}`, e);
      for (const r of resources) {
        check(!seen.has(r?.id), 'Okta: paging must give a consistent ordering, each resource on one page (RFC 7644 §3.4.2.4)', `user ${r?.id} appears on two pages`, e);
        seen.add(r?.id);
      }
      startIndex += resources.length;
    }
    if (startIndex <= total) return; // sampled a large directory: the pages seen were consistent
    const missing = [...created].filter((id) => !seen.has(id));
    if (missing.length > 0 || seen.size !== total) {
      fail('RFC 7644 §3.4.2: totalResults counts every match and paging reaches all of them', `walking ${pages} pages saw ${seen.size} users for totalResults ${total}; ${missing.length} of the ${created.size} users this run created were never listed`, first);
    }
  },
};

export const pagingChecks: Check[] = [shape, walk];
