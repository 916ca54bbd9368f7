// Where each SCIM attribute lives in SQL: indexed columns for what IdPs look up, jsonb for the rest.
import { sql, type RawBuilder } from 'kysely';
import type { AttributeDef, ResourceSchema } from '../../scim/schema/attribute.ts';
import type { ResolvedPath } from '../../scim/schema/resolve-path.ts';

/** How a value is compared in SQL. */
export type SqlKind = 'text' | 'boolean' | 'number' | 'timestamp' | 'uuid';

/** A scalar SQL expression for a singular attribute. */
export interface ScalarTarget {
  form: 'scalar';
  expr: RawBuilder<unknown>;
  kind: SqlKind;
  caseExact: boolean;
  /** The jsonb value (for `pr`); absent for columns that are never empty. */
  json?: RawBuilder<unknown>;
  /** A text[] column of lower-cased values that answers `eq` through a GIN index. */
  lowerArray?: RawBuilder<unknown>;
}

/** A multi-valued attribute: elements come from a set-returning expression, one row per element. */
export interface ElementsTarget {
  form: 'elements';
  /** `from <source> as e(...)`: a subquery source yielding rows aliased `e`. */
  from: RawBuilder<unknown>;
  /** Per element row, the expression of a sub-attribute (or the element itself when simple). */
  element: (sub: AttributeDef | undefined) => { expr: RawBuilder<unknown>; json: RawBuilder<unknown>; kind: SqlKind; caseExact: boolean };
  /** A text[] column of lower-cased `value`s that answers `eq` through a GIN index. */
  lowerArray?: RawBuilder<unknown>;
  attribute: AttributeDef;
}

export type Target = ScalarTarget | ElementsTarget;

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
export function typedFromJson(json: RawBuilder<unknown>, kind: SqlKind): RawBuilder<unknown> {
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

function jsonBase(resolved: ResolvedPath): RawBuilder<unknown> {
  return resolved.extension && resolved.schema ? sql`r.resource -> ${lit(resolved.schema.id)}` : sql`r.resource`;
}

/** Columns that mirror attributes, per resource type; everything else is read from jsonb. */
function columnTarget(rs: ResourceSchema, resolved: ResolvedPath): Target | undefined {
  const top = resolved.extension ? '' : resolved.attribute.name;
  const sub = resolved.sub?.name;
  if (top === 'id' && !sub) return { form: 'scalar', expr: sql`r.id`, kind: 'uuid', caseExact: true };
  if (top === 'externalId') return { form: 'scalar', expr: sql`r.external_id`, kind: 'text', caseExact: true, json: sql`to_jsonb(r.external_id)` };
  if (top === 'meta') {
    if (sub === 'created') return { form: 'scalar', expr: sql`r.created_at`, kind: 'timestamp', caseExact: true };
    if (sub === 'lastModified') return { form: 'scalar', expr: sql`r.updated_at`, kind: 'timestamp', caseExact: true };
    if (sub === 'resourceType') return { form: 'scalar', expr: sql`${lit(rs.type)}::text`, kind: 'text', caseExact: false };
    if (sub === 'version') return { form: 'scalar', expr: sql`('W/"' || r.version || '"')`, kind: 'text', caseExact: true };
    return undefined;
  }
  if (rs.type === 'User') {
    if (top === 'userName') return { form: 'scalar', expr: sql`r.user_name`, kind: 'text', caseExact: false };
    if (top === 'displayName') return { form: 'scalar', expr: sql`r.display_name`, kind: 'text', caseExact: false, json: sql`to_jsonb(r.display_name)` };
    if (top === 'active') return { form: 'scalar', expr: sql`r.active`, kind: 'boolean', caseExact: true };
  }
  if (rs.type === 'Group' && top === 'displayName') {
    return { form: 'scalar', expr: sql`r.display_name`, kind: 'text', caseExact: false };
  }
  return undefined;
}

/** Rows of the membership table as SCIM member elements: value, type, display. */
function tableElements(attr: AttributeDef, from: RawBuilder<unknown>): ElementsTarget {
  return {
    form: 'elements',
    attribute: attr,
    from,
    element: (sub) => {
      const name = sub?.name ?? 'value';
      const expr = name === 'value' ? sql`e.value::text` : name === 'type' ? sql`e.type` : name === 'display' ? sql`e.display` : sql`null::text`;
      return { expr, json: sql`to_jsonb(${expr})`, kind: 'text', caseExact: name === 'value' };
    },
  };
}

const MEMBER_ROWS = sql`(select coalesce(gm.user_id, gm.member_group_id) as value,
    case when gm.user_id is not null then 'User' else 'Group' end as type,
    coalesce(mu.display_name, mu.user_name, mg.display_name) as display
  from group_members gm
  left join users mu on mu.id = gm.user_id
  left join groups mg on mg.id = gm.member_group_id
  where gm.group_id = r.id) as e`;

// A user's groups: direct memberships, then the groups that contain those, transitively.
const USER_GROUP_ROWS = sql`(with recursive closure(group_id, direct) as (
    select gm.group_id, true from group_members gm where gm.user_id = r.id
    union
    select gm.group_id, false from group_members gm join closure c on gm.member_group_id = c.group_id
  )
  select c.group_id as value, case when bool_or(c.direct) then 'direct' else 'indirect' end as type, g.display_name as display
  from closure c join groups g on g.id = c.group_id group by c.group_id, g.display_name) as e`;

/** The SQL target of a resolved attribute path (without value filter). */
export function targetFor(rs: ResourceSchema, resolved: ResolvedPath): Target {
  const column = columnTarget(rs, resolved);
  if (column) return column;
  const attr = resolved.attribute;
  if (!resolved.extension && rs.type === 'Group' && attr.name === 'members') return tableElements(attr, MEMBER_ROWS);
  if (!resolved.extension && rs.type === 'User' && attr.name === 'groups') return tableElements(attr, USER_GROUP_ROWS);
  const base = jsonBase(resolved);
  const json = sql`(${base} -> ${lit(attr.name)})`;
  if (!attr.multiValued) {
    const leafDef = resolved.sub ?? attr;
    const leafJson = resolved.sub ? sql`(${json} -> ${lit(resolved.sub.name)})` : json;
    return { form: 'scalar', expr: typedFromJson(leafJson, kindOf(leafDef)), kind: kindOf(leafDef), caseExact: leafDef.caseExact, json: leafJson };
  }
  const isEmails = rs.type === 'User' && !resolved.extension && attr.name === 'emails';
  return {
    form: 'elements',
    attribute: attr,
    from: sql`jsonb_array_elements(case when jsonb_typeof(${json}) = 'array' then ${json} else '[]'::jsonb end) as e(v)`,
    element: (sub) => {
      if (!sub) return { expr: typedFromJson(sql`e.v`, kindOf(attr)), json: sql`e.v`, kind: kindOf(attr), caseExact: attr.caseExact };
      const subJson = sql`(e.v -> ${lit(sub.name)})`;
      return { expr: typedFromJson(subJson, kindOf(sub)), json: subJson, kind: kindOf(sub), caseExact: sub.caseExact };
    },
    ...(isEmails ? { lowerArray: sql`r.emails` } : {}),
  };
}
