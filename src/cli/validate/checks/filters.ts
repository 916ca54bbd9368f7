// Filters: case rules of userName and externalId, `and`, `pr`, and a clean 400 for a bad filter.
import { EVERY_IDP, RFC_ONLY, type Check } from '../check.ts';
import { q, quote, type CheckContext } from '../check-context.ts';
import { check, expectError, expectList } from '../expect.ts';

async function ids(ctx: CheckContext, filter: string, what: string): Promise<{ ids: string[]; exchange: Awaited<ReturnType<CheckContext['call']>> }> {
  const e = await ctx.call('GET', `/Users?filter=${q(filter)}`);
  return { ids: expectList(e, what).map((r) => r?.id), exchange: e };
}

const userNameCase: Check = {
  id: 'filters.username-case-insensitive',
  group: 'filters',
  title: 'userName eq matches without regard to case',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('caps'));
    const r = await ids(ctx, `userName eq ${quote(user.userName.toUpperCase())}`, 'userName eq in upper case');
    check(r.ids.length === 1 && r.ids[0] === user.id, 'RFC 7643 §4.1.1: userName is caseExact false, so eq ignores case (Okta\'s test creates randomUsernameCaps)', `userName eq "${user.userName.toUpperCase()}" found ${JSON.stringify(r.ids)}, expected [${user.id}]`, r.exchange);
  },
};

const and: Check = {
  id: 'filters.and',
  group: 'filters',
  title: 'userName eq … and externalId eq … matches only when both hold',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('and'));
    const rule = 'RFC 7644 §3.4.2.2: "and" matches when both expressions do (Entra combines id/manager and matching attributes)';
    const both = await ids(ctx, `userName eq ${quote(user.userName)} and externalId eq ${quote(user.externalId)}`, 'and, both true');
    check(both.ids.length === 1 && both.ids[0] === user.id, rule, `both true found ${JSON.stringify(both.ids)}`, both.exchange);
    const one = await ids(ctx, `userName eq ${quote(user.userName)} and externalId eq ${quote('not-' + user.externalId)}`, 'and, one false');
    check(one.ids.length === 0, rule, `one false still found ${JSON.stringify(one.ids)}`, one.exchange);
  },
};

const present: Check = {
  id: 'filters.pr',
  group: 'filters',
  title: 'attribute pr matches users that have the attribute',
  idps: RFC_ONLY,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('pr', { title: 'Engineer' }));
    const bare = await ctx.createUser(ctx.userBody('pr-bare'));
    const rule = 'RFC 7644 §3.4.2.2: "pr" matches when the attribute has a non-empty value';
    const has = await ids(ctx, `title pr and userName eq ${quote(user.userName)}`, 'title pr, present');
    check(has.ids.length === 1 && has.ids[0] === user.id, rule, `title pr on a user with a title found ${JSON.stringify(has.ids)}`, has.exchange);
    const none = await ids(ctx, `title pr and userName eq ${quote(bare.userName)}`, 'title pr, absent');
    check(none.ids.length === 0, rule, `title pr on a user without a title found ${JSON.stringify(none.ids)}`, none.exchange);
  },
};

const externalIdExact: Check = {
  id: 'filters.externalid-case-exact',
  group: 'filters',
  title: 'externalId eq compares case-exactly',
  idps: RFC_ONLY,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('extcase', { externalId: `Ext-${ctx.name('x')}` }));
    const r = await ids(ctx, `externalId eq ${quote(user.externalId.toUpperCase())}`, 'externalId eq in upper case');
    check(r.ids.length === 0, 'RFC 7643 §3.1: externalId is caseExact true', `externalId eq "${user.externalId.toUpperCase()}" found ${JSON.stringify(r.ids)}`, r.exchange);
  },
};

const invalid: Check = {
  id: 'filters.invalid',
  group: 'filters',
  title: 'a malformed filter answers 400 invalidFilter',
  idps: RFC_ONLY,
  async run(ctx) {
    const e = await ctx.call('GET', `/Users?filter=${q('userName eqq "x" and (')}`);
    expectError(e, 400, 'RFC 7644 §3.4.2.2: a filter that does not parse answers 400 invalidFilter', 'GET /Users with a malformed filter', 'invalidFilter');
  },
};

export const filterChecks: Check[] = [userNameCase, and, present, externalIdExact, invalid];
