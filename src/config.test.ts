import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig: ROSTER_METRICS_TOKEN', () => {
  it('leaves /metrics open when unset or empty', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({ ROSTER_METRICS_TOKEN: '' }).metricsToken, undefined);
  });

  it('takes a token of at least 16 characters, and refuses a shorter one by name', () => {
    assert.equal(loadConfig({ ROSTER_METRICS_TOKEN: 'a-scraper-token-0123' }).metricsToken, 'a-scraper-token-0123');
    assert.throws(() => loadConfig({ ROSTER_METRICS_TOKEN: 'short' }), (e: unknown) => e instanceof ConfigError && /ROSTER_METRICS_TOKEN/.test(e.message));
  });
});
