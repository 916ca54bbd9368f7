// Unit tests of the evidence's escaping: CSV cells (RFC 4180, no spreadsheet formulas) and HTML text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, escapeHtml } from './access-review-service.ts';

describe('access review evidence escaping', () => {
  it('quotes CSV cells with commas, quotes or line breaks, doubling quotes', () => {
    assert.equal(csvCell('plain text'), 'plain text');
    assert.equal(csvCell('a, b'), '"a, b"');
    assert.equal(csvCell('say "no"'), '"say ""no"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil.test")'), `"'=HYPERLINK(""http://evil.test"")"`);
    for (const lead of ['+', '-', '@']) assert.equal(csvCell(`${lead}1`), `'${lead}1`);
  });

  it('escapes every character HTML gives a meaning to', () => {
    assert.equal(escapeHtml(`<script>alert('x')</script> & "y"`), '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;');
  });
});
