// Where each SCIM attribute lives in SQL: indexed columns for what IdPs look up, jsonb for the rest,
// the membership table for Group members and User groups, and computed values for meta.
import { sql, type RawBuilder } from 'kysely';
import { RosterError } from '../../errors.ts';
import type { AttributeDef, ResourceSchema } from '../../scim/schema/attribute.ts';
import type { ResolvedPath } from '../../scim/schema/resolve-path.ts';
import { memberHalves } from '../membership-repository.ts';

type Sql = RawBuilder<unknown>;

/** How a value is compared in SQL. */
export type SqlKind = 'text' | 'boolean' | 'number' | 'timestamp' | 'uuid';

/** One comparable value: a column, a jsonb leaf, a computed value, or a sub-attribute of an element row. */
export interface SqlValue {
  /** The typed scalar; NULL when the value is absent (see `nullable`). */
  expr: Sql;
  kind: SqlKind;
  caseExact: boolean;
  /** False when `expr` is never NULL (NOT NULL columns, literals): comparisons need no coalesce. */
  nullable: boolean;
  /** Never NULL: true when the value is present in the SCIM view (RFC 7644 §3.4.2.2 `pr`). */
  present: Sql;
  /** The value as text exactly as the SCIM view writes it, for co/sw/ew and string order; defaults to `expr`. */
  text?: Sql;
  /** A text[] column of lower-cased values that answers `eq` through a GIN index. */
  lowerArray?: Sql;
}

/** A singular attribute (or a sub-attribute of a singular complex attribute). */
export interface ScalarTarget extends SqlValue {
  form: 'scalar';
}

/** A multi-valued attribute, or a singular complex one seen as one element: one row `e` per element. */
export interface ElementsTarget {
  form: 'elements';
  /** `from` source yielding the element rows aliased `e`. */
  from: Sql;
  /** Per element row, a sub-attribute (or the element itself when undefined). */
  element: (sub: AttributeDef | undefined) => SqlValue;
  /** A text[] column of lower-cased `value`s that answers `eq` through a GIN index. */
  lowerArray?: Sql;
  attribute: AttributeDef;
}

export type Target = ScalarTarget | ElementsTarget;

/** What SQL cannot know from the row alone. */
export interface TargetOptions {
  /**
   * `{origin}/scim/v2/{directoryId}`, as the views write it into meta.location and `$ref`. Without
   * it those attributes cannot be compared, and a filter naming them is refused.
   */
  scimBaseUrl?: string | undefined;
}

const lit = (s: string) => sql.lit(s);

export function kindOf(def: AttributeDef): SqlKind {
  switch (def.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'decimal':
      return 'number';
    case 'dateTime':
      return 'timestamp';
    default:
      return 'text';
  }
}

/** Typed scalar from a jsonb value; non-matching jsonb types give NULL instead of a cast error. */
export function typedFromJson(json: Sql, kind: SqlKind): Sql {
  switch (kind) {
    case 'boolean':
      return sql`(case when jsonb_typeof(${json}) = 'boolean' then (${json})::boolean end)`;
    case 'number':
      return sql`(case when jsonb_typeof(${json}) = 'number' then (${json})::numeric end)`;
    case 'timestamp':
      return sql`(case when jsonb_typeof(${json}) = 'string' then (${json} #>> '{}')::timestamptz end)`;
    default:
      return sql`(${json} #>> '{}')`;
  }
}

/**
 * `pr` on a jsonb value, as the evaluator reads it: not null, not "", and for arrays and objects at
 * least one present value inside (`{"givenName": ""}` is not present). Never NULL.
 */
export function jsonPresent(json: Sql, deep: boolean): Sql {
  if (!deep) return sql`coalesce(${json} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), false)`;
  return sql`coalesce(jsonb_path_exists(${json}, '$.** ? ((@.type() == "string" && @ != "") || @.type() == "number" || @.type() == "boolean")'), false)`;
}

/** A jsonb value of any attribute definition. */
function jsonValue(json: Sql, def: AttributeDef): SqlValue {
  const kind = kindOf(def);
  return {
    expr: typedFromJson(json, kind),
    kind,
    caseExact: def.caseExact,
    nullable: true,
    present: jsonPresent(json, def.type === 'complex' || def.multiValued),
    ...(kind === 'timestamp' ? { text: sql`(${json} #>> '{}')` } : {}),
  };
}

/** The elements of a multi-valued attribute's jsonb array (one row `e(v)` per element). */
function jsonArrayElements(json: Sql): Sql {
  return sql`jsonb_array_elements(case when jsonb_typeof(${json}) = 'array' then ${json} else '[]'::jsonb end) as e(v)`;
}

/** A singular complex attribute as one element (none when absent), for `pr` and `attr[…]`. */
function jsonObjectElement(json: Sql): Sql {
  return sql`jsonb_array_elements(case when jsonb_typeof(${json}) = 'object' then jsonb_build_array(${json}) else '[]'::jsonb end) as e(v)`;
}

/** A timestamp column and its text as the views write it (`Date#toISOString`, milliseconds, UTC). */
function timestampColumn(column: Sql, def: AttributeDef): SqlValue {
  return {
    expr: column,
    kind: 'timestamp',
    caseExact: def.caseExact,
    nullable: false,
    present: sql`true`,
    text: sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  };
}

function textColumn(column: Sql, def: AttributeDef, nullable: boolean): SqlValue {
  return { expr: column, kind: 'text', caseExact: def.caseExact, nullable, present: nullable ? sql`coalesce(${column} <> '', false)` : sql`(${column} <> '')` };
}

function notFilterable(attribute: string): RosterError {
  return new RosterError('invalid_filter', `"${attribute}" cannot be used in a filter here: its value depends on the server's base URL`, {
    attribute,
    hint: 'Filter on id instead.',
  });
}

/** `{base}/Users/{id}`: the URI the views write for a resource (RFC 7643 §3.1 meta.location, §2.3.7 `$ref`). */
function resourceUri(opts: TargetOptions, attribute: string, endpoint: Sql, id: Sql): Sql {
  if (opts.scimBaseUrl === undefined) throw notFilterable(attribute);
  return sql`(${opts.scimBaseUrl}::text || ${endpoint} || '/' || ${id}::text)`;
}

/** meta (RFC 7643 §3.1): computed from the row's columns, never stored. */
function metaValue(rs: ResourceSchema, sub: AttributeDef, opts: TargetOptions): SqlValue | undefined {
  switch (sub.name) {
    case 'created':
      return timestampColumn(sql`r.created_at`, sub);
    case 'lastModified':
      return timestampColumn(sql`r.updated_at`, sub);
    case 'resourceType':
      return { expr: sql`${lit(rs.type)}::text`, kind: 'text', caseExact: sub.caseExact, nullable: false, present: sql`true` };
    case 'version':
      return { expr: sql`('W/"' || r.version || '"')`, kind: 'text', caseExact: sub.caseExact, nullable: false, present: sql`true` };
    case 'location':
      return { expr: resourceUri(opts, 'meta.location', lit(rs.endpoint), sql`r.id`), kind: 'text', caseExact: sub.caseExact, nullable: false, present: sql`true` };
    default:
      return undefined;
  }
}

/** Columns that mirror attributes, per resource type; everything else is read from jsonb. */
function columnValue(rs: ResourceSchema, resolved: ResolvedPath, opts: TargetOptions): SqlValue | undefined {
  if (resolved.extension) return undefined;
  const def = resolved.sub ?? resolved.attribute;
  const top = resolved.attribute.name;
  if (top === 'meta' && resolved.sub) return metaValue(rs, resolved.sub, opts);
  if (resolved.sub) return undefined;
  if (top === 'id') return { expr: sql`r.id`, kind: 'uuid', caseExact: def.caseExact, nullable: false, present: sql`true` };
  if (top === 'externalId') return textColumn(sql`r.external_id`, def, true);
  if (top === 'displayName') return textColumn(sql`r.display_name`, def, rs.type === 'User');
  if (rs.type === 'User') {
    if (top === 'userName') return textColumn(sql`r.user_name`, def, false);
    if (top === 'active') return { expr: sql`r.active`, kind: 'boolean', caseExact: true, nullable: false, present: sql`true` };
  }
  return undefined;
}

/** meta as one element (for `meta pr` and `meta[…]`): always present, sub-attributes from columns. */
function metaElements(rs: ResourceSchema, attr: AttributeDef, opts: TargetOptions): ElementsTarget {
  return {
    form: 'elements',
    attribute: attr,
    from: sql`(select 1) as e(v)`,
    element: (sub) => {
      if (!sub) return { expr: sql`null::text`, kind: 'text', caseExact: false, nullable: true, present: sql`true` };
      const value = metaValue(rs, sub, opts);
      if (!value) throw new RosterError('invalid_filter', `Unknown attribute "meta.${sub.name}" in filter`, { attribute: `meta.${sub.name}` });
      return value;
    },
  };
}

/** Rows of the membership table as SCIM elements: value (a uuid), type, display, $ref. */
function tableElements(rs: ResourceSchema, attr: AttributeDef, from: Sql, refEndpoint: Sql, opts: TargetOptions): ElementsTarget {
  return {
    form: 'elements',
    attribute: attr,
    from,
    element: (sub) => {
      const name = sub?.name ?? 'value';
      const caseExact = sub?.caseExact ?? false;
      switch (name) {
        case 'value':
          return { expr: sql`e.value`, kind: 'uuid', caseExact, nullable: false, present: sql`true` };
        case 'type':
          return { expr: sql`e.type`, kind: 'text', caseExact, nullable: false, present: sql`true` };
        case 'display':
          return textColumn(sql`e.display`, sub ?? attr, true);
        case '$ref':
          return { expr: resourceUri(opts, `${attr.name}.$ref`, refEndpoint, sql`e.value`), kind: 'text', caseExact, nullable: false, present: sql`true` };
        default:
          return { expr: sql`null::text`, kind: 'text', caseExact, nullable: true, present: sql`false` };
      }
    },
  };
}

// A group's members, each kind through its partial index (membership-repository.ts).
const MEMBER_ROWS = sql`(${memberHalves(sql`r.id`)}) as e`;

// A user's groups: direct memberships, then the groups that contain those, transitively.
const USER_GROUP_ROWS = sql`(with recursive closure(group_id, direct) as (
    select gm.group_id, true from group_members gm where gm.user_id = r.id
    union
    select gm.group_id, false from group_members gm join closure c on gm.member_group_id = c.group_id
  )
  select c.group_id as value, case when bool_or(c.direct) then 'direct' else 'indirect' end as type, g.display_name as display
  from closure c join groups g on g.id = c.group_id group by c.group_id, g.display_name) as e`;

/**
 * The SQL target of a resolved attribute path. A singular complex attribute without a
 * sub-attribute (`name`, `manager`, `meta`) is one element, for `pr` and value filters.
 */
export function targetFor(rs: ResourceSchema, resolved: ResolvedPath, opts: TargetOptions = {}): Target {
  const column = columnValue(rs, resolved, opts);
  if (column) return { form: 'scalar', ...column };
  const attr = resolved.attribute;
  if (!resolved.extension && attr.name === 'meta') {
    if (resolved.sub) throw new RosterError('invalid_filter', `Unknown attribute "meta.${resolved.sub.name}" in filter`, { attribute: `meta.${resolved.sub.name}` });
    return metaElements(rs, attr, opts);
  }
  if (!resolved.extension && rs.type === 'Group' && attr.name === 'members') {
    const endpoint = sql`(case when e.type = 'User' then '/Users' else '/Groups' end)`;
    return tableElements(rs, attr, MEMBER_ROWS, endpoint, opts);
  }
  if (!resolved.extension && rs.type === 'User' && attr.name === 'groups') return tableElements(rs, attr, USER_GROUP_ROWS, lit('/Groups'), opts);
  const base = resolved.extension && resolved.schema ? sql`r.resource -> ${lit(resolved.schema.id)}` : sql`r.resource`;
  const json = sql`(${base} -> ${lit(attr.name)})`;
  if (!attr.multiValued && resolved.sub) return { form: 'scalar', ...jsonValue(sql`(${json} -> ${lit(resolved.sub.name)})`, resolved.sub) };
  if (!attr.multiValued && attr.type !== 'complex') return { form: 'scalar', ...jsonValue(json, attr) };
  const isEmails = rs.type === 'User' && !resolved.extension && attr.name === 'emails';
  return {
    form: 'elements',
    attribute: attr,
    from: attr.multiValued ? jsonArrayElements(json) : jsonObjectElement(json),
    element: (sub) => (sub ? jsonValue(sql`(e.v -> ${lit(sub.name)})`, sub) : jsonValue(sql`e.v`, { ...attr, multiValued: false })),
    ...(isEmails ? { lowerArray: sql`r.emails` } : {}),
  };
}
