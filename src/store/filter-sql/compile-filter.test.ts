// The SQL of the filters identity providers send on every sync (RFC 7644 §3.4.2.2), pinned exactly
// as Kysely's own `testSql` does, then run against a seeded directory; and the query plans showing
// that the lookups are answered by their index. PGlite, or PostgreSQL with ROSTER_TEST_STORE=postgres.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../../test/helpers/test-store.ts';
import { RosterError } from '../../errors.ts';
import { parseAttrPath, parseFilter } from '../../scim/filter/filter-parser.ts';
import type { ResourceSchema } from '../../scim/schema/attribute.ts';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../scim/schema/resource-types.ts';
import type { Db } from '../db.ts';
import { compileFilter, compileSortKey } from './compile-filter.ts';
import { DIRECTORY_ID, ENT, SCIM_BASE_URL, seedFixture, sqlMatches, userId, type Fixture } from './filter-test-fixture.ts';

interface SqlCase {
  filter: string;
  /** The WHERE condition, exactly. */
  sql: string;
  parameters: unknown[];
  /** userName (User) or displayName (Group) of the fixture rows it selects, in fixture order. */
  matches: string[];
  rs?: ResourceSchema;
}

const EMAILS = `jsonb_array_elements(case when jsonb_typeof((r.resource -> 'emails')) = 'array' then (r.resource -> 'emails') else '[]'::jsonb end) as e(v)`;
const MEMBERS = `(select gm.created_at, gm.user_id as value, 'User' as type, coalesce(u.display_name, u.user_name) as display
      from group_members gm left join users u on u.id = gm.user_id
      where gm.group_id = r.id and gm.user_id is not null
      union all
      select gm.created_at, gm.member_group_id, 'Group', g.display_name
      from group_members gm left join groups g on g.id = gm.member_group_id
      where gm.group_id = r.id and gm.member_group_id is not null) as e`;
const title = `((r.resource -> 'title') #>> '{}')`;

const CASES: SqlCase[] = [
  // The lookups of every sync: one index each.
  {
    filter: 'userName eq "BJENSEN"',
    sql: 'lower(r.user_name) = lower($1::text)',
    parameters: ['BJENSEN'],
    matches: ['BJensen'],
  },
  {
    filter: 'externalId eq "jdoe"',
    sql: 'r.external_id = $1::text',
    parameters: ['jdoe'],
    matches: ['john.doe'],
  },
  {
    // Case-exact (RFC 7643 §3.1): "JDOE" is jane.doe's, not john.doe's.
    filter: 'externalId eq "JDOE"',
    sql: 'r.external_id = $1::text',
    parameters: ['JDOE'],
    matches: ['jane.doe'],
  },
  {
    // The GIN-indexed column holds the values lower-cased by userColumns (in JS); so does the parameter.
    filter: 'emails.value eq "John.Smith@EXAMPLE.com"',
    sql: 'r.emails @> array[$1::text]',
    parameters: ['john.smith@example.com'],
    matches: ['jsmith'],
  },
  {
    filter: 'emails eq "josé@example.de"',
    sql: 'r.emails @> array[$1::text]',
    parameters: ['josé@example.de'],
    matches: ['josé.müller'],
  },
  {
    // The column drops empty values, so "" is looked up in the elements.
    filter: 'emails.value eq ""',
    sql: `exists (select 1 from ${EMAILS} where lower(((e.v -> 'value') #>> '{}')) = lower($1::text))`,
    parameters: [''],
    matches: ['emptyvalues'],
  },
  {
    // The value filter is checked per element; the index narrows the rows first.
    filter: 'emails[type eq "work"].value eq "ivy@example.com"',
    sql: `(r.emails @> array[$1::text] and exists (select 1 from ${EMAILS} where (lower(((e.v -> 'type') #>> '{}')) = lower($2::text) and lower(((e.v -> 'value') #>> '{}')) = lower($3::text))))`,
    parameters: ['ivy@example.com', 'work', 'ivy@example.com'],
    matches: ['intern1'],
  },
  {
    filter: 'emails[type eq "home"].value eq "MBR@example.com"',
    sql: `(r.emails @> array[$1::text] and exists (select 1 from ${EMAILS} where (lower(((e.v -> 'type') #>> '{}')) = lower($2::text) and lower(((e.v -> 'value') #>> '{}')) = lower($3::text))))`,
    parameters: ['mbr@example.com', 'home', 'MBR@example.com'],
    matches: ['managed-by-ref'],
  },
  {
    filter: 'displayName eq "jane DOE"',
    sql: 'lower(r.display_name) = lower($1::text)',
    parameters: ['jane DOE'],
    matches: ['jane.doe'],
  },
  {
    filter: `id eq "${userId(26)}"`,
    sql: 'r.id = $1::uuid',
    parameters: [userId(26)],
    matches: ['jane.doe'],
  },
  {
    // id is caseExact and stored ids print lower-case: no row can match, and no uuid cast can fail.
    filter: `id eq "${userId(26).toUpperCase()}"`,
    sql: 'false',
    parameters: [],
    matches: [],
  },
  {
    filter: 'id eq "not-a-uuid"',
    sql: 'false',
    parameters: [],
    matches: [],
  },
  {
    filter: 'active eq true and userType eq "Intern"',
    sql: `(r.active = $1 and lower(((r.resource -> 'userType') #>> '{}')) = lower($2::text))`,
    parameters: [true, 'Intern'],
    matches: ['intern2'],
  },
  {
    // Views show milliseconds; rows keep microseconds: "gt" means from the next millisecond on.
    filter: 'meta.lastModified gt "2026-09-09T09:09:09.090Z"',
    sql: 'r.updated_at >= $1::timestamptz',
    parameters: ['2026-09-09T09:09:09.091Z'],
    matches: ['last.user'],
  },
  {
    filter: 'meta.lastModified ge "2026-09-09T09:09:09.090Z"',
    sql: 'r.updated_at >= $1::timestamptz',
    parameters: ['2026-09-09T09:09:09.090Z'],
    matches: ['orphan.nested', 'last.user'],
  },
  {
    filter: 'meta.created eq "2024-01-10T01:00:00.123-07:00"',
    sql: '(r.created_at >= $1::timestamptz and r.created_at < $2::timestamptz)',
    parameters: ['2024-01-10T08:00:00.123Z', '2024-01-10T08:00:00.124Z'],
    matches: ['BJensen', 'jsmith'],
  },
  {
    // No offset: UTC, whatever the server's time zone.
    filter: 'meta.created lt "2024-02-29T23:59:59.999"',
    sql: 'r.created_at < $1::timestamptz',
    parameters: ['2024-02-29T23:59:59.999Z'],
    matches: ['BJensen', 'jsmith'],
  },
  // Compound filters.
  {
    filter: 'userName eq "bob" or externalId eq "jdoe"',
    sql: '(lower(r.user_name) = lower($1::text) or r.external_id = $2::text)',
    parameters: ['bob', 'jdoe'],
    matches: ['bob', 'john.doe'],
  },
  {
    // Under `not` an absent externalId must count as "not equal", never as NULL.
    filter: 'not (externalId eq "jdoe") and userName sw "j"',
    sql: '((not coalesce(r.external_id = $1::text, false)) and lower(r.user_name) like lower($2::text))',
    parameters: ['jdoe', 'j%'],
    matches: ['jsmith', 'josé.müller', 'jane.doe'],
  },
  {
    filter: 'title ne "tour guide" and title pr',
    sql: `((not coalesce(lower(${title}) = lower($1::text), false)) and coalesce((r.resource -> 'title') not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), false))`,
    parameters: ['tour guide'],
    matches: ['jsmith', "Carol.O'Neil", 'dave_underscore', 'back\\slash', 'josé.müller', 'strasse', 'tanaka', 'UPPERCASE', 'lowercase', 'number.string', 'percent%user', 'quote"user', 'space user', 'jane.doe', 'john.doe', 'sales.rep', 'sales.mgr', 'zed', 'a'],
  },
  {
    // LIKE metacharacters in the value match themselves.
    filter: 'displayName co "50% OFF_"',
    sql: 'lower(r.display_name) like lower($1::text)',
    parameters: ['%50\\% OFF\\_%'],
    matches: ['percent%user'],
  },
  {
    filter: 'title sw "C:\\\\"',
    sql: `lower(${title}) like lower($1::text)`,
    parameters: ['C:\\\\%'],
    matches: ['back\\slash'],
  },
  {
    filter: 'title gt "tour"',
    sql: `lower(${title}) collate "C" > lower($1::text) collate "C"`,
    parameters: ['tour'],
    matches: ['BJensen', 'jsmith', 'josé.müller', 'tanaka', 'mixed.Case.Email', 'zed', 'last.user'],
  },
  {
    filter: `${ENT}:department eq "tour operations" and ${ENT}:manager eq "${userId(1)}"`,
    sql: `(lower(((r.resource -> '${ENT}' -> 'department') #>> '{}')) = lower($1::text) and lower((((r.resource -> '${ENT}' -> 'manager') -> 'value') #>> '{}')) = lower($2::text))`,
    parameters: ['tour operations', userId(1)],
    matches: ['last.user'],
  },
  {
    filter: 'emails[type eq "work" and primary eq true] and not (emails.value ew "@example.com")',
    sql: `(exists (select 1 from ${EMAILS} where (lower(((e.v -> 'type') #>> '{}')) = lower($1::text) and (case when jsonb_typeof((e.v -> 'primary')) = 'boolean' then ((e.v -> 'primary'))::boolean end) = $2)) and (not exists (select 1 from ${EMAILS} where lower(((e.v -> 'value') #>> '{}')) like lower($3::text))))`,
    parameters: ['work', true, '%@example.com'],
    matches: ['josé.müller', 'sales.rep', 'sales.mgr', 'mixed.Case.Email'],
  },
  // Groups.
  {
    rs: GROUP_RESOURCE,
    filter: 'displayName eq "sales"',
    sql: 'lower(r.display_name) = lower($1::text)',
    parameters: ['sales'],
    matches: ['Sales'],
  },
  {
    // members.value is not caseExact (RFC 7643 §8.7.1): any spelling of the uuid matches it.
    rs: GROUP_RESOURCE,
    filter: `members.value eq "${userId(26).toUpperCase()}"`,
    sql: `exists (select 1 from ${MEMBERS} where e.value = $1::uuid)`,
    parameters: [userId(26)],
    matches: ['Engineering'],
  },
  {
    rs: GROUP_RESOURCE,
    filter: 'members[type eq "group"]',
    sql: `exists (select 1 from ${MEMBERS} where lower(e.type) = lower($1::text))`,
    parameters: ['group'],
    matches: ['Engineering', 'snake_group'],
  },
];

let store: TestStore;
let fx: Fixture;

before(async () => {
  store = await openTestStore();
  fx = await seedFixture(store.store.db);
});
after(async () => {
  await store?.dispose();
});

function compileWhere(db: Db, filter: string, rs: ResourceSchema) {
  return sql`select 1 from users r where ${compileFilter(parseFilter(filter), rs, { scimBaseUrl: SCIM_BASE_URL })}`.compile(db);
}

describe('compileFilter: exact SQL and parameters', () => {
  for (const c of CASES) {
    it(`${c.rs?.type ?? 'User'}: ${c.filter}`, () => {
      const compiled = compileWhere(store.store.db, c.filter, c.rs ?? USER_RESOURCE);
      assert.equal(compiled.sql, `select 1 from users r where ${c.sql}`);
      assert.deepEqual(compiled.parameters, c.parameters);
    });
  }
});

describe('compileFilter: the same filters on the seeded directory', () => {
  for (const c of CASES) {
    const rs = c.rs ?? USER_RESOURCE;
    it(`${rs.type}: ${c.filter}`, async () => {
      const where = compileFilter(parseFilter(c.filter), rs, { scimBaseUrl: SCIM_BASE_URL });
      const ids = await sqlMatches(fx.db, rs.type === 'User' ? 'users' : 'groups', where);
      const views = rs.type === 'User' ? fx.users : fx.groups;
      const names = [...views].filter(([id]) => ids.includes(id)).map(([, v]) => v[rs.type === 'User' ? 'userName' : 'displayName']);
      assert.deepEqual(names, c.matches);
    });
  }
});

describe('compileFilter: refusals', () => {
  const refused: [string, RegExp][] = [
    ['password eq "x"', /cannot be used in a filter/],
    ['nickName.x eq "y"', /Unknown attribute "nickName\.x"/],
    ['name eq "x"', /complex; compare one of its sub-attributes/],
    ['schemas[value eq "x"]', /cannot take a value filter/],
    ['emails[type eq "work" and primary eq "yes"]', /boolean/],
    ['meta.created gt "May 13, 2024"', /dateTime/],
    ['title gt null', /only eq and ne/],
  ];
  for (const [filter, message] of refused) {
    it(filter, () => {
      assert.throws(
        () => compileFilter(parseFilter(filter), USER_RESOURCE),
        (error: unknown) => error instanceof RosterError && error.code === 'invalid_filter' && message.test(error.message),
      );
    });
  }
  it('meta.location and $ref need the base URL the views use', () => {
    for (const filter of ['meta.location pr', 'groups.$ref ew "x"']) {
      assert.throws(() => compileFilter(parseFilter(filter), USER_RESOURCE), /base URL/);
    }
    const compiled = compileWhere(store.store.db, `meta.location eq "${SCIM_BASE_URL}/Users/${userId(1)}"`, USER_RESOURCE);
    assert.equal(compiled.sql, `select 1 from users r where lower(($1::text || '/Users' || '/' || r.id::text)) = lower($2::text)`);
  });
});

describe('compileSortKey', () => {
  it('sorts case-insensitive strings lower-cased, timestamps by column, multi-valued by the primary value', () => {
    const key = (path: string) => sql`${compileSortKey(parseAttrPath(path), USER_RESOURCE)}`.compile(store.store.db).sql;
    assert.equal(key('userName'), 'lower(r.user_name)');
    assert.equal(key('meta.lastModified'), 'r.updated_at');
    assert.equal(key('emails.value'), `(select lower(((e.v -> 'value') #>> '{}')) from ${EMAILS} order by (e.v ->> 'primary') = 'true' desc nulls last limit 1)`);
  });
});

// The plans PostgreSQL picks with enough rows for an index to pay off: every sync lookup uses one.
describe('compileFilter: the lookups use their index', () => {
  let big: TestStore;
  before(async () => {
    big = await openTestStore();
    const db = big.store.db;
    await seedFixture(db);
    await sql`insert into users (id, directory_id, user_name, external_id, emails, display_name, active, resource, created_at, updated_at)
      select gen_random_uuid(), ${DIRECTORY_ID}::uuid, 'bulk' || g, 'ext' || g, array['bulk' || g || '@example.com'], 'Bulk ' || g, g % 2 = 0,
        jsonb_build_object('userName', 'bulk' || g, 'emails', jsonb_build_array(jsonb_build_object('value', 'bulk' || g || '@example.com', 'type', 'work'))),
        now() - g * interval '1 minute', now() - g * interval '1 minute'
      from generate_series(1, 20000) g`.execute(db);
    await sql`analyze users`.execute(db);
  });
  after(async () => {
    await big?.dispose();
  });
  const lookups: [string, string][] = [
    ['userName eq "bulk42"', 'users_user_name'],
    ['externalId eq "ext42"', 'users_external_id'],
    ['emails.value eq "Bulk42@example.com"', 'users_emails'],
    ['emails[type eq "work"].value eq "bulk42@example.com"', 'users_emails'],
    ['displayName eq "bulk 42"', 'users_display_name'],
    [`id eq "${userId(3)}"`, 'users_pkey|users_directory_id|users_visible'],
  ];
  for (const [filter, index] of lookups) {
    it(`${filter} → ${index}`, async () => {
      // The WHERE clause of resource-query.ts.
      const where = sql`r.directory_id = ${DIRECTORY_ID}::uuid and r.state <> 'deprovisioned' and ${compileFilter(parseFilter(filter), USER_RESOURCE)}`;
      const plan = await sql<{ 'QUERY PLAN': string }>`explain select r.id from users r where ${where}`.execute(big.store.db);
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      assert.match(text, new RegExp(`(?:Scan using|Index Scan on) (?:${index}) `), text);
    });
  }
});
