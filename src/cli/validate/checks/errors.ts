// Errors and media type: 404 and 401 with SCIM error bodies, application/scim+json everywhere.
import { randomUUID } from 'node:crypto';
import { EVERY_IDP, RFC_ONLY, type Check } from '../check.ts';
import { check, expectError, fail } from '../expect.ts';
import { patch } from '../check-context.ts';

const NOT_FOUND = 'RFC 7644 §3.12: an unknown id answers 404 Not Found (Okta\'s test and Entra expect it)';

const unknownId: Check = {
  id: 'errors.unknown-id',
  group: 'errors',
  title: 'GET of an unknown user or group id answers 404 with a SCIM error body',
  idps: EVERY_IDP,
  async run(ctx) {
    expectError(await ctx.call('GET', `/Users/${randomUUID()}`), 404, NOT_FOUND, 'GET /Users/{unknown id}');
    expectError(await ctx.call('GET', `/Groups/${randomUUID()}`), 404, NOT_FOUND, 'GET /Groups/{unknown id}');
  },
};

const unknownIdWrites: Check = {
  id: 'errors.unknown-id-writes',
  group: 'errors',
  title: 'PUT, PATCH and DELETE of an unknown id answer 404',
  idps: RFC_ONLY,
  async run(ctx) {
    const id = randomUUID();
    expectError(await ctx.call('PUT', `/Users/${id}`, ctx.userBody('ghost')), 404, NOT_FOUND, 'PUT /Users/{unknown id}');
    expectError(await ctx.call('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'active', value: false })), 404, NOT_FOUND, 'PATCH /Users/{unknown id}');
    expectError(await ctx.call('DELETE', `/Users/${id}`), 404, NOT_FOUND, 'DELETE /Users/{unknown id}');
  },
};

const badToken: Check = {
  id: 'errors.bad-token',
  group: 'errors',
  title: 'a wrong bearer token answers 401 with a SCIM error body',
  idps: EVERY_IDP,
  async run(ctx) {
    expectError(await ctx.call('GET', '/Users?count=1', undefined, { token: `wrong-${randomUUID()}` }), 401, 'RFC 7644 §2: a request without valid credentials answers 401 (Okta\'s test reads the SCIM error)', 'GET /Users with a wrong token');
  },
};

const malformedJson: Check = {
  id: 'errors.malformed-json',
  group: 'errors',
  title: 'a body that is not JSON answers 400, not 500',
  idps: RFC_ONLY,
  async run(ctx) {
    const e = await ctx.call('POST', '/Users', '{"userName": "broken');
    expectError(e, 400, 'RFC 7644 §3.12: a body that does not parse answers 400 invalidSyntax, not 500 (Microsoft\'s validator sends one)', 'POST /Users with broken JSON');
  },
};

const MEDIA_RULE = 'RFC 7644 §8.1: responses are application/scim+json (Entra requires it)';

const mediaType: Check = {
  id: 'errors.content-type',
  group: 'errors',
  title: 'resources, lists and errors are served as application/scim+json',
  idps: EVERY_IDP,
  async run(ctx) {
    const user = await ctx.createUser(ctx.userBody('media'));
    const answers = [
      user.exchange,
      await ctx.call('GET', `/Users/${user.id}`),
      await ctx.call('GET', '/Users?count=1'),
      await ctx.call('GET', `/Users/${randomUUID()}`),
    ];
    for (const e of answers) {
      if (e.networkError) fail(MEDIA_RULE, `no answer (${e.networkError})`, e);
      check(e.contentType.toLowerCase().startsWith('application/scim+json'), MEDIA_RULE, `${e.method} answered ${e.status} as ${JSON.stringify(e.contentType)}`, e);
    }
  },
};

export const errorChecks: Check[] = [unknownId, unknownIdWrites, badToken, malformedJson, mediaType];
