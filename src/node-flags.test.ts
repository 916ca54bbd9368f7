import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SERVER_NODE_FLAGS } from './node-flags.ts';

describe('SERVER_NODE_FLAGS', () => {
  it('are the flags npm start runs the server with', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
    const server = pkg.scripts.start.split('&&').map((s) => s.trim()).find((s) => s.includes('src/main.ts'));
    assert.equal(server, `node ${SERVER_NODE_FLAGS.join(' ')} --import tsx src/main.ts`);
  });
});
