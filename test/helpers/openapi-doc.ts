// Reads Roster's OpenAPI document and checks real answers against it with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 says).
import type { FastifyInstance } from 'fastify';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/**
 * Admin routes still without response schemas, with who owns them (`METHOD /path/{param}`). The
 * tests fail once one gets its schemas, so that it leaves this list.
 */
export const AWAITING_SCHEMAS = new Map<string, string>();

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, { type: string; scheme?: string }> };
  security?: Record<string, string[]>[];
  tags?: { name: string }[];
}

/** GET /api/v1/openapi.json, without a key (the document is public). */
export async function readDocument(app: FastifyInstance): Promise<OpenApiDocument> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.statusCode}: ${res.body}`);
  return res.json() as OpenApiDocument;
}

/** Every operation of the document with its path template and method. */
export function operations(doc: OpenApiDocument): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Operation })));
}

/** Every `$ref` anywhere in a JSON value, with where it was found. */
export function collectRefs(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => collectRefs(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : collectRefs(v, `${at}/${k}`)));
}

/** Follows a local JSON pointer (`#/components/schemas/Organization`); undefined when it leads nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), doc);
}

/** The path template (`/api/v1/directories/{id}`) that a concrete path matches, if any. */
export function matchPath(doc: OpenApiDocument, pathname: string): string | undefined {
  const pattern = (template: string) => template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return Object.keys(doc.paths).find((template) => new RegExp(`^${pattern(template)}$`).test(pathname));
}

/** `{x}` of a template, whatever its name: two routes that differ only by parameter names are one route. */
export function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z]+/g, '{}');
}

/** The response object for a status: the exact code, else its range (`4XX`), else `default`. */
export function responseFor(op: Operation, status: number): Operation['responses'][string] | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
}

export interface AnswerCheck {
  /** Names the problem, or undefined when the answer matches the document. */
  problem: string | undefined;
}

/**
 * Validates answers against the document. Each component becomes an Ajv schema of its own (its
 * `#/components/schemas/X` references rewritten to `X`), compiled in strict mode so that a keyword
 * Ajv does not know, e.g. a typo, fails too.
 */
export function answerValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  formats.default(ajv);
  const local = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\/([^"]+)"/g, '"$1"'));
  for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema({ ...(local(schema) as object), $id: name });
  const compiled = new Map<string, ValidateFunction>();
  const validatorOf = (schema: unknown): ValidateFunction => {
    const key = JSON.stringify(schema);
    let fn = compiled.get(key);
    if (!fn) compiled.set(key, (fn = ajv.compile(local(schema) as object)));
    return fn;
  };
  const errorsOf = (fn: ValidateFunction) => ajv.errorsText(fn.errors, { separator: '; ' });

  return {
    /** Compiles one schema (throws on a schema Ajv refuses). */
    validatorOf,
    /** Checks one answer of `method pathname` against the operation's response schema for its status and media type. */
    check(method: string, pathname: string, status: number, contentType: string, text: string): AnswerCheck {
      const template = matchPath(doc, pathname);
      const op = template ? doc.paths[template]?.[method.toLowerCase() as (typeof METHODS)[number]] : undefined;
      if (!template || !op) return { problem: `${method} ${pathname} is not in the document` };
      const response = responseFor(op, status);
      if (!response) return { problem: `${method} ${template} documents no ${status} answer` };
      if (!response.content) return { problem: text === '' ? undefined : `${method} ${template} ${status} documents no body, got ${text.slice(0, 200)}` };
      const media = contentType.split(';')[0]?.trim() ?? '';
      const schema = response.content[media]?.schema;
      if (!schema) return { problem: `${method} ${template} ${status} documents no ${media} body (only ${Object.keys(response.content).join(', ')})` };
      const fn = validatorOf(schema);
      // NDJSON: each line on its own against the line schema.
      // text/* (CSV, HTML): the body is one string.
      const values = media.startsWith('text/') ? [text] : media === 'application/x-ndjson' ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown) : [JSON.parse(text) as unknown];
      for (const value of values) {
        if (!fn(value)) return { problem: `${method} ${template} ${status}: ${errorsOf(fn)} in ${JSON.stringify(value).slice(0, 300)}` };
      }
      return { problem: undefined };
    },
  };
}
