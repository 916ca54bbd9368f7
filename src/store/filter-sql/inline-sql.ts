// A compiled filter as parameter-free SQL text, for a predicate the database stores and runs later
// (attribute role rules, migration 018): every parameter becomes a literal of the same meaning.
import { createQueryId, PostgresQueryCompiler, type RawBuilder } from 'kysely';
import { RosterError } from '../../errors.ts';

/**
 * A string literal that reads the same whatever standard_conforming_strings says: plain '…' when
 * there is no backslash, E'…' with backslashes doubled when there is. PostgreSQL text cannot hold NUL.
 */
export function stringLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RosterError('invalid_filter', 'A filter value cannot contain the NUL character', { attribute: 'filter' });
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/**
 * A parameter as a literal. Strings stay untyped ('…' like an untyped parameter), so the casts the
 * filter compiler writes after them (`::text`, `::uuid`, `::numeric`, `::timestamptz`) apply as before.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`inlineSql: ${value} has no SQL literal`);
    return value < 0 || Object.is(value, -0) ? `(${String(value)})` : String(value);
  }
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) throw new Error('inlineSql: only arrays of strings are inlined');
    return `array[${value.map(sqlLiteral).join(', ')}]::text[]`;
  }
  throw new Error(`inlineSql: no literal for a parameter of type ${typeof value}`);
}

class InlineCompiler extends PostgresQueryCompiler {
  protected override appendValue(parameter: unknown): void {
    this.append(sqlLiteral(parameter));
  }
}

/** The SQL of a raw expression with its parameters written in as literals. */
export function inlineSql(expression: RawBuilder<unknown>): string {
  const compiled = new InlineCompiler().compileQuery(expression.toOperationNode(), createQueryId());
  if (compiled.parameters.length > 0) throw new Error('inlineSql: a parameter was left unbound');
  return compiled.sql;
}
