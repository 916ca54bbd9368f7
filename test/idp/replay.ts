// Replays a recorded IdP request sequence against Roster (PGlite or PostgreSQL), in the order the IdP sends it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { assertScimMedia, directoryEvents, type EventRecord } from '../helpers/scim-expect.ts';
import { testStoreKind } from '../helpers/test-store.ts';
import { ORIGIN, startTestApp, type Reply, type TestApp, type TestDirectory } from '../helpers/test-app.ts';
import { assertSubset, at, substitute, type Expectation, type Recording, type Step, type Vars } from './recording.ts';

/** Loads a recording from test/idp/recordings. */
export function loadRecording(file: string): Recording {
  return JSON.parse(readFileSync(new URL(`./recordings/${file}`, import.meta.url), 'utf8')) as Recording;
}

/** IdP documentation writes filters with bare spaces and quotes; on the wire they are percent-encoded. */
function wirePath(path: string): string {
  return path.replace(/ /g, '%20').replace(/"/g, '%22');
}

interface Outcome {
  reply: Reply;
  events: EventRecord[];
}

function checkExpectation(step: Step, expect: Partial<Expectation>, { reply, events }: Outcome, vars: Vars): void {
  const label = `${step.method} ${step.path}`;
  if (expect.status !== undefined) assert.equal(reply.status, expect.status, `${label}: status ${reply.status}, body ${reply.text}`);
  if (expect.body === '$empty') assert.equal(reply.text, '', `${label}: expected no body`);
  else if (expect.body !== undefined) assertSubset(reply.body, substitute(expect.body, vars), `${label}: body`);
  for (const [name, value] of Object.entries(substitute(expect.headers ?? {}, vars))) {
    const actual = reply.headers[name.toLowerCase()];
    if (value === '$absent') assert.equal(actual, undefined, `${label}: header ${name}`);
    else assert.equal(String(actual), value, `${label}: header ${name}`);
  }
  if (expect.events !== undefined) {
    const wanted = substitute(expect.events, vars).map((e) => (typeof e === 'string' ? { type: e } : e));
    assert.deepEqual(events.map((e) => e.type), wanted.map((e) => e.type), `${label}: event types`);
    wanted.forEach((e, i) => assertSubset(events[i], e, `${label}: event ${i} (${e.type})`));
  }
}

async function runStep(t: TestApp, d: TestDirectory, step: Step, vars: Vars): Promise<Outcome> {
  const before = (await directoryEvents(t, d.id)).length;
  const body = step.body === undefined ? undefined : substitute(step.body, vars);
  const reply = await d.scim(step.method, wirePath(substitute(step.path, vars)), body);
  const events = (await directoryEvents(t, d.id)).slice(before);
  // Every SCIM answer with a body is application/scim+json (RFC 7644 §3.1); Entra refuses others.
  if (reply.text !== '') assertScimMedia(reply);
  for (const [name, path] of Object.entries(step.capture ?? {})) {
    const value = at(reply.body, path);
    assert.equal(typeof value, 'string', `${step.method} ${step.path}: nothing to capture as {{${name}}} at ${path} in ${reply.text}`);
    vars[name] = value as string;
  }
  return { reply, events };
}

/**
 * Registers one suite per recording, all on one fresh Roster (starting one costs seconds on PGlite),
 * each recording with its own directory of its provider — directories share nothing. Each step is
 * one test, in order: it sends the request, captures ids for later steps and checks status, body
 * subset, headers and the events it wrote. A step's `todo` expectations run as a separate
 * node:test todo test right after it.
 */
export function replay(...files: string[]): void {
  const recordings = files.map((file) => ({ file, recording: loadRecording(file) }));
  const providers = [...new Set(recordings.map((r) => r.recording.provider))].join(', ');
  describe(`${providers} recordings replayed on ${testStoreKind()}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp();
    });
    after(() => t.close());
    for (const { file, recording } of recordings) replayOne(() => t, file, recording);
  });
}

function replayOne(app: () => TestApp, file: string, recording: Recording): void {
  describe(`${recording.provider}: ${recording.title} [${file}]`, () => {
    let d: TestDirectory;
    const vars: Vars = {};
    before(async () => {
      d = await app().createDirectory(recording.provider);
      Object.assign(vars, { directoryId: d.id, scimBaseUrl: `${ORIGIN}${d.base}` });
    });

    recording.steps.forEach((step, index) => {
      const title = `${String(index + 1).padStart(2, '0')} ${step.name}`;
      let outcome: Outcome | undefined;
      it(title, async () => {
        outcome = await runStep(app(), d, step, vars);
        checkExpectation(step, step.expect, outcome, vars);
      });
      const todo = step.todo;
      if (todo) {
        it(`${title} (${todo.reason})`, { todo: todo.reason }, () => {
          assert.ok(outcome, 'the step itself did not run');
          checkExpectation(step, todo.expect, outcome, vars);
        });
      }
    });
  });
}
