// The members stream when things go wrong: a database failure mid-way, a client that stops reading.
// The response must be cut (never a body that looks complete), the read ended once, the process up.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { MemberRow } from '../../store/membership-repository.ts';
import { streamJson, type Part, type StreamLimits } from './group-stream.ts';

const TOKEN = 'roster-members-test';
const member = (i: number): MemberRow => ({ value: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, type: 'User', display: `user ${i}` }) as MemberRow;

interface Scenario {
  chunks: () => AsyncIterable<MemberRow[]>;
  limits: StreamLimits;
  /** Each member's JSON (a padded one fills buffers quickly). */
  write?: (m: MemberRow) => string;
}

describe('streamJson', () => {
  let app: FastifyInstance;
  let base: string;
  let scenario: Scenario;
  let ended = 0;
  let produced = 0;
  before(async () => {
    app = Fastify({ logger: false });
    app.get('/group', (request, reply) => {
      const parts: Part[] = [{ token: TOKEN, chunks: scenario.chunks() }];
      const json = JSON.stringify({ id: 'g', members: TOKEN, meta: { resourceType: 'Group' } });
      return streamJson(request, reply, json, parts, scenario.write ?? ((m) => JSON.stringify(m)), async () => void ended++, scenario.limits, { etag: 'W/"1"' });
    });
    app.get('/ping', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app?.close();
  });

  /** GETs `path`; `paused` reads nothing until `resumeAfter` ms. Resolves with what arrived and whether it was whole. */
  function get(path: string, resumeAfterMs = 0): Promise<{ status: number; body: string; complete: boolean }> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${base}${path}`, (res) => {
        const parts: Buffer[] = [];
        if (resumeAfterMs > 0) {
          res.pause();
          setTimeout(() => res.resume(), resumeAfterMs);
        }
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('error', () => {});
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), complete: res.complete }));
      });
      req.on('error', reject);
    });
  }

  async function* counted(chunks: number, size: number, failAfter?: number): AsyncIterable<MemberRow[]> {
    for (let c = 0; c < chunks; c++) {
      if (failAfter !== undefined && c === failAfter) throw new Error('terminating connection due to administrator command');
      produced++;
      yield Array.from({ length: size }, (_, i) => member(c * size + i));
    }
  }

  it('writes every member where the token stood, and ends the read once', async () => {
    ended = 0;
    scenario = { chunks: () => counted(3, 1000), limits: { maxBuffered: Number.POSITIVE_INFINITY, stalledMs: 30_000 } };
    const r = await get('/group');
    assert.equal(r.status, 200);
    assert.equal(r.complete, true);
    const body = JSON.parse(r.body) as { members: MemberRow[]; meta: unknown };
    assert.equal(body.members.length, 3000);
    assert.deepEqual(body.members[2999], member(2999));
    assert.equal(ended, 1);
  });

  it('cuts the response when the database fails mid-way: never a body that parses, the read ended, the server up', async () => {
    ended = 0;
    scenario = { chunks: () => counted(5, 1000, 2), limits: { maxBuffered: Number.POSITIVE_INFINITY, stalledMs: 30_000 } };
    const r = await get('/group');
    assert.equal(r.status, 200, 'the headers had gone out');
    assert.equal(r.complete, false, 'the client is told the response was cut');
    assert.throws(() => JSON.parse(r.body), 'what arrived is not a complete JSON document');
    assert.equal(ended, 1);
    assert.equal((await get('/ping')).status, 200);
  });

  it('gives the read back when a client stops reading, once the wait passes its limit', async () => {
    ended = 0;
    produced = 0;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    // 10 KB per member, one member per chunk: 200 MB if it all went out. The client reads nothing.
    const pad = 'x'.repeat(10_000);
    scenario = {
      chunks: () => counted(20_000, 1),
      limits: { maxBuffered: 256 * 1024, stalledMs: 300 },
      write: (m) => JSON.stringify({ ...m, pad }),
    };
    const started = Date.now();
    const waiting = get('/group', 60_000);
    while (ended === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    assert.equal(ended, 1, 'the read was ended while the client still read nothing');
    assert.ok(produced < 2000, `the stream stopped reading members when the client stopped (read ${produced} of 20,000)`);
    // The client, when it comes back, finds the response cut.
    const r = await Promise.race([waiting, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]);
    if (r) assert.equal(r.complete, false);
    assert.equal((await get('/ping')).status, 200);
    process.off('warning', onWarning);
    // Each wait for the client removes its listeners: no leak warning however many chunks waited.
    assert.deepEqual(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message), []);
  });

  it('waits for a slow client as often as it takes without leaking listeners, and sends everything', async () => {
    ended = 0;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const pad = 'y'.repeat(10_000);
    // 400 chunks of 10 KB against a 16 KB limit: the writer waits for the client at almost every chunk.
    scenario = { chunks: () => counted(400, 1), limits: { maxBuffered: 16 * 1024, stalledMs: 30_000 }, write: (m) => JSON.stringify({ ...m, pad }) };
    const r = await get('/group', 200);
    process.off('warning', onWarning);
    assert.equal(r.complete, true);
    assert.equal((JSON.parse(r.body) as { members: unknown[] }).members.length, 400);
    assert.equal(ended, 1);
    assert.deepEqual(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message), []);
  });
});
