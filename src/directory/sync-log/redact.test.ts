// What the sync log keeps of a body and a path: secrets out, size capped, the filter readable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerpt, loggedPath, redactBody } from './redact.ts';

describe('redactBody', () => {
  it('replaces every value whose key names a password, secret or token, at any depth', () => {
    const body = {
      userName: 'a@b.com',
      password: 'p',
      'urn:ext': { clientSecret: 's', apiToken: 't', PASSWORD_HINT: 'h', note: 'kept' },
      list: [{ refresh_token: 'r', value: 'kept' }],
    };
    assert.deepEqual(redactBody(body), {
      userName: 'a@b.com',
      password: '[REDACTED]',
      'urn:ext': { clientSecret: '[REDACTED]', apiToken: '[REDACTED]', PASSWORD_HINT: '[REDACTED]', note: 'kept' },
      list: [{ refresh_token: '[REDACTED]', value: 'kept' }],
    });
  });

  it('replaces the value of a PATCH or Bulk operation whose path names a secret', () => {
    const body = { Operations: [{ op: 'replace', path: 'password', value: 'p' }, { op: 'replace', path: 'urn:x:User:apiToken', value: { a: 1 } }, { op: 'replace', path: 'title', value: 'CTO' }] };
    assert.deepEqual(redactBody(body), {
      Operations: [{ op: 'replace', path: 'password', value: '[REDACTED]' }, { op: 'replace', path: 'urn:x:User:apiToken', value: '[REDACTED]' }, { op: 'replace', path: 'title', value: 'CTO' }],
    });
  });

  it('leaves the original body untouched', () => {
    const body = { password: 'p' };
    redactBody(body);
    assert.equal(body.password, 'p');
  });

  it('stores no body as null, and a body past the cap as a marker with its size and first bytes', () => {
    assert.equal(redactBody(undefined), null);
    const marker = redactBody({ title: 'x'.repeat(100), password: 'secret-value-'.repeat(10) }, 64) as { truncated: boolean; bytes: number; excerpt: string };
    assert.equal(marker.truncated, true);
    assert.ok(marker.bytes > 100);
    assert.equal(Buffer.byteLength(marker.excerpt), 64);
    assert.ok(!JSON.stringify(marker).includes('secret-value'), 'redaction happens before the cut');
  });

  it('cuts a body nested past any real depth instead of recursing without end', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    assert.match(JSON.stringify(redactBody(deep)), /\[TOO DEEP\]/);
  });
});

describe('loggedPath', () => {
  const base = '/scim/v2/01a20000-0000-7000-8000-000000000000';
  it('is relative to the SCIM base, the filter decoded as the IdP wrote it', () => {
    assert.equal(loggedPath(`${base}/Users/abc`, base), '/Users/abc');
    assert.equal(loggedPath(`${base}/Users?filter=userName%20eq%20%22a%40b.com%22&count=1`, base), '/Users?filter=userName eq "a@b.com"&count=1');
    assert.equal(loggedPath(base, base), '/');
  });

  it('redacts query parameters named like secrets', () => {
    assert.equal(loggedPath(`${base}/Users?access_token=abc&api_key=k&key=z&count=2`, base), '/Users?access_token=[REDACTED]&api_key=[REDACTED]&key=[REDACTED]&count=2');
  });
});

describe('excerpt', () => {
  it('keeps short text and cuts long text to 1,024 characters', () => {
    assert.equal(excerpt('short'), 'short');
    const cut = excerpt('y'.repeat(5000));
    assert.equal(cut.length, 1024);
    assert.ok(cut.endsWith('…'));
  });
});
