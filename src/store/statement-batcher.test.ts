import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatementBatcher, statementRefused } from './statement-batcher.ts';

interface Call {
  kind: 'one' | 'many';
  items: string[];
}

/** A batcher whose statements are promises the test settles by hand. */
function harness(options: { lane?: (item: string) => string; maxBatch?: number; exclusive?: (item: string) => string[]; fail?: (items: string[]) => unknown } = {}) {
  const calls: Call[] = [];
  const gates: (() => void)[] = [];
  const gate = () => new Promise<void>((r) => gates.push(r));
  const b = new StatementBatcher<string, string>(
    async (item) => {
      calls.push({ kind: 'one', items: [item] });
      await gate();
      const error = options.fail?.([item]);
      if (error) throw error;
      return `one:${item}`;
    },
    async (items) => {
      calls.push({ kind: 'many', items });
      await gate();
      const error = options.fail?.(items);
      if (error) throw error;
      return items.map((i) => `many:${i}`);
    },
    { lane: options.lane ?? (() => 'd1'), maxBatch: options.maxBatch ?? 32, ...(options.exclusive ? { exclusive: options.exclusive } : {}) },
  );
  const open = async () => {
    // Let the batcher reach its next statement, then let every statement begun so far finish.
    await new Promise((r) => setImmediate(r));
    for (const g of gates.splice(0)) g();
    await new Promise((r) => setImmediate(r));
  };
  return { b, calls, open };
}

const settled = (ps: Promise<string>[]) => Promise.allSettled(ps);

describe('StatementBatcher', () => {
  it('sends a write at once and alone when nothing is in flight for its lane', async () => {
    const { b, calls, open } = harness();
    const p = b.submit('a');
    await open();
    assert.equal(await p, 'one:a');
    assert.deepEqual(calls, [{ kind: 'one', items: ['a'] }]);
  });

  it('joins the writes that arrived meanwhile into one statement, in their order', async () => {
    const { b, calls, open } = harness();
    const ps = ['a', 'b', 'c', 'd'].map((x) => b.submit(x));
    await open();
    await open();
    assert.deepEqual(await Promise.all(ps), ['one:a', 'many:b', 'many:c', 'many:d']);
    assert.deepEqual(calls, [
      { kind: 'one', items: ['a'] },
      { kind: 'many', items: ['b', 'c', 'd'] },
    ]);
    assert.deepEqual([...b.sizes], [
      [1, 1],
      [3, 1],
    ]);
  });

  it('counts the writes waiting behind a statement in flight, until they are taken', async () => {
    const { b, open } = harness({ lane: (item) => (item === 'x' ? 'd2' : 'd1') });
    const ps = ['a', 'b', 'c', 'x'].map((x) => b.submit(x));
    assert.equal(b.waiting, 2, "b and c wait for a; x is alone in its lane's statement");
    await open();
    assert.equal(b.waiting, 0, 'b and c went in the next statement');
    await open();
    await Promise.all(ps);
    assert.equal(b.waiting, 0);
  });

  it('keeps lanes apart: another directory does not wait for this one', async () => {
    const { b, calls, open } = harness({ lane: (item) => (item === 'x' ? 'd2' : 'd1') });
    const ps = [b.submit('a'), b.submit('x'), b.submit('b')];
    await open();
    await open();
    assert.deepEqual(await Promise.all(ps), ['one:a', 'one:x', 'one:b']);
    assert.deepEqual(calls.slice(0, 2), [
      { kind: 'one', items: ['a'] },
      { kind: 'one', items: ['x'] },
    ]);
  });

  it('carries at most maxBatch writes per statement', async () => {
    const { b, calls, open } = harness({ maxBatch: 2 });
    const ps = ['a', 'b', 'c', 'd', 'e'].map((x) => b.submit(x));
    for (let i = 0; i < 4; i++) await open();
    await Promise.all(ps);
    assert.deepEqual(calls.map((c) => c.items), [['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('puts two writes that share an exclusive value in different statements, keeping the order of each value', async () => {
    const { b, calls, open } = harness({ exclusive: (item) => [item[0]!] });
    const ps = ['a1', 'b1', 'a2', 'c1', 'a3'].map((x) => b.submit(x));
    for (let i = 0; i < 4; i++) await open();
    await Promise.all(ps);
    assert.deepEqual(calls.map((c) => c.items), [['a1'], ['b1', 'a2', 'c1'], ['a3']]);
  });

  it('runs each write alone when the database refused the batch, so each gets its own answer', async () => {
    const refused = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', severity: 'ERROR' });
    const { b, calls, open } = harness({ fail: (items) => (items.length > 1 || items[0] === 'c' ? refused : undefined) });
    const all = settled(['a', 'b', 'c', 'd'].map((x) => b.submit(x)));
    for (let i = 0; i < 4; i++) await open();
    const out = await all;
    assert.deepEqual(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as { code: string }).code)), ['one:a', 'one:b', '23505', 'one:d']);
    assert.deepEqual(calls.map((c) => `${c.kind}:${c.items.join('')}`), ['one:a', 'many:bcd', 'one:b', 'one:c', 'one:d']);
    assert.equal(b.refused, 1, 'one batch refused (a lone write refused is not counted: it is answered as it is)');
    assert.deepEqual([...b.sizes], [[1, 4], [3, 1]], 'a, the batch of three, then each of the three again alone');
  });

  it('does not run a write again after a failure that may have followed its commit (no SQLSTATE)', async () => {
    const dropped = new Error('Connection terminated unexpectedly');
    const { b, calls, open } = harness({ fail: (items) => (items.length > 1 ? dropped : undefined) });
    const all = settled(['a', 'b', 'c'].map((x) => b.submit(x)));
    for (let i = 0; i < 3; i++) await open();
    const out = await all;
    assert.deepEqual(out.map((o) => o.status), ['fulfilled', 'rejected', 'rejected']);
    assert.equal((out[1] as PromiseRejectedResult).reason, dropped);
    assert.deepEqual(calls.map((c) => c.kind), ['one', 'many']);
    assert.equal(b.refused, 0, 'not a refusal: nothing ran again');
  });

  it('fails the batch when its statement answers a row count other than its writes', async () => {
    const b = new StatementBatcher<string, string>(
      async (x) => x,
      async (items) => items.slice(1),
      { lane: () => 'd1', maxBatch: 8 },
    );
    const ps = ['a', 'b', 'c'].map((x) => b.submit(x));
    const out = await settled(ps);
    assert.equal(out[0]!.status, 'fulfilled');
    assert.match(String((out[1] as PromiseRejectedResult).reason), /answered 1 rows for 2 writes/);
  });

  it('a lane that emptied starts again alone', async () => {
    const { b, calls, open } = harness();
    const first = b.submit('a');
    await open();
    await first;
    const second = b.submit('b');
    await open();
    assert.equal(await second, 'one:b');
    assert.deepEqual(calls.map((c) => c.kind), ['one', 'one']);
  });
});

describe('StatementBatcher when its own code throws', () => {
  it('answers the waiting writes with the error instead of leaving them unsettled', async () => {
    let calls = 0;
    const b = new StatementBatcher<string, string>(
      async (x) => {
        await new Promise((r) => setImmediate(r));
        return x;
      },
      async (xs) => xs,
      {
        lane: () => 'd1',
        maxBatch: 8,
        exclusive: () => {
          // The first take (of the lone write) works; the next one throws, as a bug would.
          if (calls++ > 0) throw new Error('exclusive failed');
          return [];
        },
      },
    );
    const out = await Promise.allSettled(['a', 'b', 'c'].map((x) => b.submit(x)));
    assert.deepEqual(out.map((o) => o.status), ['fulfilled', 'rejected', 'rejected']);
    assert.match(String((out[1] as PromiseRejectedResult).reason), /exclusive failed/);
    // A later write is answered too (here with the same failure), never left waiting.
    assert.equal(await b.submit('e').catch(() => 'failed again'), 'failed again');
  });
});

describe('statementRefused', () => {
  it('is true of errors PostgreSQL answered with an SQLSTATE, false of the rest', () => {
    assert.equal(statementRefused(Object.assign(new Error('x'), { code: '23505', severity: 'ERROR' })), true);
    assert.equal(statementRefused(Object.assign(new Error('x'), { code: '40P01', severity: 'ERROR' })), true);
    assert.equal(statementRefused(Object.assign(new Error('x'), { code: 'EPIPE' })), false, 'a socket error of five capitals is not an SQLSTATE');
    assert.equal(statementRefused(Object.assign(new Error('x'), { code: 'ECONNRESET' })), false);
    assert.equal(statementRefused(new Error('Connection terminated unexpectedly')), false);
    assert.equal(statementRefused(undefined), false);
  });
});
