// The parameter-free SQL of a filter (stored by attribute role rules) selects exactly the users the
// parameterised SQL selects, values with quotes, backslashes and unicode included, and a value
// written to break out of its literal stays a value. Runs on PGlite, or PostgreSQL with ROSTER_TEST_STORE=postgres.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../../test/helpers/test-store.ts';
import { RosterError } from '../../errors.ts';
import { parseFilter } from '../../scim/filter/filter-parser.ts';
import { USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import { compileFilter } from './compile-filter.ts';
import { DIRECTORY_ID, seedFixture, sqlMatches, userId, type Fixture } from './filter-test-fixture.ts';
import { inlineSql, sqlLiteral, stringLiteral } from './inline-sql.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const FILTERS = [
  'userName eq "bjensen"',
  `userName eq "Carol.O'Neil"`,
  'userName eq "back\\\\slash"',
  'title eq "C:\\\\Users\\\\admin"',
  'title co "\\\\"',
  'title sw "100%"',
  'title co "_"',
  `displayName co "O'N"`,
  'userName eq "josé.müller"',
  'title co "Директор"',
  'emails.value eq "JOSÉ@example.de"',
  'emails[type eq "work" and value co "example"]',
  'addresses[type eq "work"].locality eq "München"',
  'addresses[type eq "work" and locality eq "Hollywood"]',
  `${ENT}:department eq "R&D"`,
  `${ENT}:department eq "engineering"`,
  `${ENT}:employeeNumber gt "100"`,
  `${ENT}:manager eq "${userId(2)}"`,
  `${ENT}:manager.value eq "${userId(2).toUpperCase()}"`,
  `id eq "${userId(3)}"`,
  'active eq true',
  'active eq false',
  'externalId eq 12345',
  'externalId eq null',
  'not (title pr)',
  'not (title eq "tour guide") and displayName pr',
  'meta.created ge "2024-04-01T00:00:00Z"',
  'meta.lastModified lt "2024-05-20"',
  'x509Certificates pr or title ew "IDE"',
  // Written to break out of the literal: each must stay one string value.
  `userName eq "x' or true or '"`,
  `userName eq "x\\\\' or true --"`,
  `title eq "'); drop table users; --"`,
  `title co "$1"`,
  `title co "\\u0027 or 1=1 --"`,
];

describe('inlined filter SQL', () => {
  let store: TestStore;
  let fx: Fixture;
  before(async () => {
    store = await openTestStore();
    fx = await seedFixture(store.store.db);
  });
  after(() => store?.dispose());

  it('selects the same users as the parameterised SQL', async () => {
    for (const text of FILTERS) {
      const where = compileFilter(parseFilter(text), USER_RESOURCE);
      const inlined = inlineSql(where);
      const expected = await sqlMatches(fx.db, 'users', where);
      assert.deepEqual(await sqlMatches(fx.db, 'users', sql.raw(inlined)), expected, `${text} → ${inlined}`);
    }
  });

  it('reads backslashes the same when standard_conforming_strings is off', async () => {
    const where = compileFilter(parseFilter('title eq "C:\\\\Users\\\\admin" or userName eq "back\\\\slash"'), USER_RESOURCE);
    const expected = await sqlMatches(fx.db, 'users', where);
    assert.equal(expected.length, 1);
    const off = await fx.db.transaction().execute(async (trx) => {
      await sql`set local standard_conforming_strings = off`.execute(trx);
      const r = await sql<{ id: string }>`select r.id from users r where r.directory_id = ${DIRECTORY_ID}::uuid and ${sql.raw(inlineSql(where))} order by r.id`.execute(trx);
      return r.rows.map((row) => row.id);
    });
    assert.deepEqual(off, expected);
  });

  it('keeps injection attempts inert: the table is there and nothing matched them', async () => {
    for (const text of FILTERS.slice(-5)) {
      assert.deepEqual(await sqlMatches(fx.db, 'users', sql.raw(inlineSql(compileFilter(parseFilter(text), USER_RESOURCE)))), [], text);
    }
    const count = await sql<{ n: string }>`select count(*) as n from users`.execute(fx.db);
    assert.ok(Number(count.rows[0]?.n) > 10);
  });

  it('a string literal reads back as the very string, whatever it holds (property)', async () => {
    const tricky = fc.constantFrom("'", "''", '\\', "\\'", '$1', '$$', '--', '/*', ';', 'E\'', '\n', 'é', '😀', 'Директор');
    const text = fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 8 }).map((parts) => parts.join('').replace(/\u0000/g, ''));
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const r = await sql<{ same: boolean }>`select ${sql.raw(stringLiteral(value))}::text = ${value}::text as same`.execute(fx.db);
        assert.equal(r.rows[0]?.same, true, JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('writes literals exactly and refuses NUL', () => {
    assert.equal(stringLiteral("O'Neil"), "'O''Neil'");
    assert.equal(stringLiteral('a\\b'), "E'a\\\\b'");
    assert.equal(stringLiteral("\\'"), "E'\\\\'''");
    assert.equal(sqlLiteral(true), 'true');
    assert.equal(sqlLiteral(null), 'null');
    assert.equal(sqlLiteral(-2.5), '(-2.5)');
    assert.equal(sqlLiteral(['a', "b'"]), "array['a', 'b''']::text[]");
    assert.throws(() => stringLiteral('a\u0000b'), (e) => e instanceof RosterError && e.code === 'invalid_filter');
    assert.throws(() => sqlLiteral(Number.NaN));
  });
});
