// The portal's header policy: CSP with frame-ancestors, and origins that cannot smuggle directives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_SECURITY_HEADERS, portalContentSecurityPolicy, portalSecurityHeaders } from './security-headers.ts';

describe('security headers (issue 6 §8)', () => {
  it('forbids framing by default, and says so twice for old browsers', () => {
    const h = portalSecurityHeaders();
    assert.match(h['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(h['x-frame-options'], 'DENY');
    assert.equal(h['x-content-type-options'], 'nosniff');
    assert.equal(h['referrer-policy'], 'no-referrer');
    assert.equal(h['cache-control'], 'no-store');
  });

  it('allows framing by the listed origins only', () => {
    const h = portalSecurityHeaders({ frameAncestors: ['https://app.example.com'] });
    assert.match(h['content-security-policy'] ?? '', /frame-ancestors https:\/\/app\.example\.com(;|$)/);
    assert.equal(h['x-frame-options'], undefined);
  });

  it('keeps scripts, objects and base URIs to the portal itself', () => {
    const csp = portalContentSecurityPolicy({ connectSrc: ['https://api.example.com:8443'] });
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "connect-src 'self' https://api.example.com:8443"]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('refuses an origin that would inject a directive', () => {
    for (const bad of ["https://a.com; script-src 'unsafe-inline'", '*', 'https://a.com/path', "'self'", 'javascript:alert(1)']) {
      assert.throws(() => portalContentSecurityPolicy({ frameAncestors: [bad] }), /origins/);
    }
  });

  it('gives the API three headers', () => {
    assert.deepEqual(Object.keys(API_SECURITY_HEADERS).sort(), ['cache-control', 'referrer-policy', 'x-content-type-options']);
  });
});
