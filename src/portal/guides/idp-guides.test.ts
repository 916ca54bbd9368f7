// The setup guides cover every provider and use the screen and field names our IdP notes (docs/idp/*.md) record.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PROVIDERS } from '../../directory/directories/directory-service.ts';
import { GUIDES, guideFor } from './idp-guides.ts';

const NOTES: Record<string, string> = { okta: 'okta', entra: 'entra', onelogin: 'onelogin', jumpcloud: 'jumpcloud', ping: 'ping', rippling: 'rippling', google: 'google', generic: 'generic' };

/** The notes with emphasis and line breaks flattened, so a name split over two lines or set in italics still matches. */
function notes(provider: string): string {
  const text = readFileSync(new URL(`../../../docs/idp/${NOTES[provider]}.md`, import.meta.url), 'utf8');
  return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').toLowerCase();
}

describe('IdP setup guides', () => {
  it('has one guide per provider a directory can have', () => {
    assert.deepEqual(GUIDES.map((g) => g.provider).sort(), [...PROVIDERS].sort());
    assert.equal(guideFor('unknown').provider, 'generic');
  });

  it('names only screens and fields our IdP notes record, and says where the URL and the token go', () => {
    const missing: string[] = [];
    for (const guide of GUIDES) {
      const known = notes(guide.provider);
      const text = guide.steps.join(' ');
      for (const [, name] of text.matchAll(/\*\*(.+?)\*\*/g)) {
        for (const part of (name ?? '').split(/\s*→\s*/)) {
          if (!known.includes(part.replace(/[’]/g, "'").toLowerCase())) missing.push(`${guide.provider}: "${part}"`);
        }
      }
      assert.ok(text.includes(guide.urlField) && text.includes(guide.tokenField), `${guide.provider}: the steps name ${guide.urlField} and ${guide.tokenField}`);
      assert.ok(known.includes(guide.urlField.toLowerCase()) && known.includes(guide.tokenField.toLowerCase()), guide.provider);
    }
    assert.deepEqual(missing, [], 'names the guides use that docs/idp/*.md does not record');
  });
});
