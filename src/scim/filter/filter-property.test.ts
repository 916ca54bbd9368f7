// Property tests: the parsers throw only RosterError on any input, and parse(print(ast)) round-trips.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { propertyOptions } from '../../lib/property-test-options.ts';
import { RosterError } from '../../errors.ts';
import type { AttrPath, CompareOp, Filter, FilterValue } from './filter-ast.ts';
import { parseAttrPath, parseFilter, parsePatchPath } from './filter-parser.ts';
import { printFilter } from './filter-printer.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const VALID_FILTERS = [
  'userName eq "bjensen"',
  `name.familyName co "O'Malley"`,
  `${CORE}:userName sw "J"`,
  'meta.lastModified gt "2011-05-13T04:42:34Z"',
  'title pr and userType eq "Employee"',
  'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
  'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
  `${ENT}:manager.value eq "26118915" and active eq TRUE`,
  'meta.Created gt 2015-10-10T14:38:21.86-07:00',
  'emails[type eq "work"].value eq "x\\u00e9\\"y"',
  'x eq -1.5e-3 or y ne null',
];

const ALPHABET = [...'()[]"\\ \t.:-_$aeqnoprtuswlgcAEQNOT019+/{}'] as const;
const TOKENS = ['(', ')', '[', ']', 'not', 'and', 'or', 'pr', 'eq', 'GT', 'emails', 'a.b', 'x', '"x"', '"', '1', '-0', '1e999', 'true', 'null', `${ENT}:manager`, 'urn:', ':', '.', '$ref', ' '];

/** Insert, delete or replace characters in a valid filter: near-misses reach deep into the parser. */
const mutatedFilter = fc
  .tuple(
    fc.constantFrom(...VALID_FILTERS),
    fc.array(fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), fc.constantFrom(...ALPHABET)), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [kind, at, ch] of edits) {
      const i = out.length === 0 ? 0 : at % (out.length + 1);
      if (kind === 'insert') out = out.slice(0, i) + ch + out.slice(i);
      else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + 1);
      else out = out.slice(0, i) + ch + out.slice(i + 1);
    }
    return out;
  });

const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 80 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 20 }).chain((tokens) => fc.constantFrom(tokens.join(' '), tokens.join(''))),
  mutatedFilter,
);

function onlyRosterErrors(parse: (text: string) => unknown, code: string) {
  return (text: string) => {
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof RosterError)) throw new Error(`non-RosterError for ${JSON.stringify(text)}: ${String(error)}`);
      assert.equal(error.code, code);
      const position = error.details.position;
      assert.ok(typeof position === 'number' && position >= 0 && position <= text.length, `bad position ${position}`);
    }
  };
}

describe('parsers never throw anything but RosterError', () => {
  it('parseFilter on generated text; whatever parses also round-trips through the printer', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        onlyRosterErrors(parseFilter, 'invalid_filter')(text);
        let filter: Filter;
        try {
          filter = parseFilter(text);
        } catch {
          return;
        }
        assert.deepEqual(parseFilter(printFilter(filter)), filter);
      }),
      propertyOptions(30_000, 'filter texts'),
    );
  });
  it('parsePatchPath', () => {
    const patchish = fc.oneof(anyText, mutatedFilter.map((f) => `emails[${f}].value`));
    fc.assert(fc.property(patchish, onlyRosterErrors(parsePatchPath, 'invalid_path')), propertyOptions(5_000, 'PATCH paths'));
  });
  it('parseAttrPath', () => {
    fc.assert(fc.property(anyText, onlyRosterErrors(parseAttrPath, 'invalid_path')), propertyOptions(5_000, 'attribute paths'));
  });
});

// Generators of ASTs the parser can produce.
const nameArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('$ref', 'not', 'NOT', 'and', 'Or', 'pr', 'eq', 'true', 'null', 'urn', 'userName', 'emails') },
);
const schemaArb = fc.oneof(
  fc.constantFrom(CORE, ENT, 'URN:Example:Ext'),
  fc.array(fc.stringMatching(/^[A-Za-z0-9._%~-]{1,6}$/), { minLength: 1, maxLength: 4 }).map((segments) => `urn:${segments.join(':')}`),
);

function pathArb(withSub: boolean): fc.Arbitrary<AttrPath> {
  return fc
    .tuple(fc.option(schemaArb, { nil: undefined }), nameArb, withSub ? fc.option(nameArb, { nil: undefined }) : fc.constant(undefined))
    .map(([schema, attr, sub]) => ({ ...(schema !== undefined ? { schema } : {}), attr, ...(sub !== undefined ? { sub } : {}) }));
}

const OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
const valueArb: fc.Arbitrary<FilterValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'true', 'NULL', '42', '-0', 'a"b\\c', 'x)y]', ' \t\n', '\u2028'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(true, false, null, -0, 0, 1e21, 5e-324),
);

// The parser builds ordinary objects; deepEqual would tell a null prototype apart.
const PLAIN = { noNullPrototype: true } as const;

function filterArb(depth: number, inBracket: boolean): fc.Arbitrary<Filter> {
  const leaf: fc.Arbitrary<Filter> = fc.oneof(
    fc.record({ kind: fc.constant('Compare' as const), path: pathArb(true), op: fc.constantFrom(...OPS), value: valueArb }, PLAIN),
    fc.record({ kind: fc.constant('Present' as const), path: pathArb(true) }, PLAIN),
  );
  if (depth === 0) return leaf;
  const child = filterArb(depth - 1, inBracket);
  const branches: fc.Arbitrary<Filter>[] = [
    fc.record({ kind: fc.constant('And' as const), left: child, right: child }, PLAIN),
    fc.record({ kind: fc.constant('Or' as const), left: child, right: child }, PLAIN),
    fc.record({ kind: fc.constant('Not' as const), filter: child }, PLAIN),
  ];
  // Value filters do not nest, and their path has no sub-attribute.
  if (!inBracket) {
    branches.push(fc.record({ kind: fc.constant('ValuePath' as const), path: pathArb(false), filter: filterArb(depth - 1, true) }, PLAIN));
  }
  return fc.oneof({ weight: 2, arbitrary: leaf }, ...branches.map((arbitrary) => ({ weight: 1, arbitrary })));
}

describe('printFilter round trip', () => {
  it('parseFilter(printFilter(f)) deep-equals f for random ASTs up to depth 5', () => {
    fc.assert(
      fc.property(filterArb(5, false), (filter) => {
        const text = printFilter(filter);
        assert.deepEqual(parseFilter(text), filter, text);
      }),
      propertyOptions(10_000, 'parse(print(ast)) round trip'),
    );
  });
});
