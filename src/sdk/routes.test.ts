// Unit tests of the SDK's route table: paths are filled and encoded, and every route is well formed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveRoute, SDK_ROUTES } from './routes.ts';

describe('SDK routes', () => {
  it('fills each parameter, URL-encoded, and keeps the method', () => {
    assert.deepEqual(resolveRoute('GET /directories/{id}/users/{userId}', { id: 'd 1', userId: 'a/b?c' }), { method: 'GET', path: '/directories/d%201/users/a%2Fb%3Fc' });
    assert.deepEqual(resolveRoute('POST /organizations'), { method: 'POST', path: '/organizations' });
  });

  it('lists each route once, as METHOD /path with {param} segments', () => {
    assert.equal(new Set(SDK_ROUTES).size, SDK_ROUTES.length);
    for (const route of SDK_ROUTES) assert.match(route, /^(GET|POST|PUT|PATCH|DELETE) (\/([a-z-]+(\.[a-z]+)?|\{[A-Za-z]+\}))+$/, route); // a file-like segment (evidence.csv) is allowed
  });
});
