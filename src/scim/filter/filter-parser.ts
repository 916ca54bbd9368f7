// Recursive-descent parser for SCIM filters, attribute paths and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2, §3.10).
import type { AttrPath, CompareOp, Filter, FilterValue, PatchPath } from './filter-ast.ts';
import {
  createScanner,
  describeToken,
  fail,
  nextToken,
  nextValueToken,
  peekToken,
  type Scanner,
  type SyntaxErrorCode,
  type Token,
} from './filter-lexer.ts';

/**
 * Deepest nesting accepted. Every "(", "not", "[" and every and/or node on the way to a leaf
 * counts one level, so consumers that recurse over the AST (printer, evaluator, SQL compiler)
 * stay far from the stack limit and the SQL stays small.
 */
export const MAX_FILTER_DEPTH = 64;

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le, pr';
const NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;
const NAME_START = /[A-Za-z$]/;
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

interface ParserState {
  s: Scanner;
  /** Open "(", "not" and "[" around the current position. */
  open: number;
  /** True inside a value filter, where paths are relative and brackets may not nest. */
  inBracket: boolean;
}

/** A parsed sub-filter and its nesting depth (see MAX_FILTER_DEPTH). */
type Parsed = [Filter, number];

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2). Lenient where real clients need it: operators,
 * `and`/`or`/`not` and true/false/null in any case; unquoted values; and `attr[filter].sub op value`,
 * which the RFC allows only in PATCH paths, is read as `attr[filter and sub op value]`.
 * Throws RosterError('invalid_filter') with details.position, and nothing else, for any input.
 */
export function parseFilter(text: string): Filter {
  const st = newState(text, 'invalid_filter');
  const first = peekToken(st.s);
  if (first.type === 'eof') {
    fail(st.s, `The filter is empty: expected an attribute path, "(" or "not" at position ${first.start}`, first.start);
  }
  const [filter] = parseOr(st);
  const rest = nextToken(st.s);
  if (rest.type !== 'eof') unexpectedAfterExpression(st, rest);
  return filter;
}

/**
 * Parses an attribute path `[schemaURN:]attr[.sub]` as used by sortBy, attributes and
 * excludedAttributes (RFC 7644 §3.10). Throws RosterError('invalid_path').
 */
export function parseAttrPath(text: string): AttrPath {
  const s = createScanner(text, 'invalid_path');
  const token = nextToken(s);
  if (token.type === 'eof') fail(s, `The path is empty: expected an attribute name at position ${token.start}`, token.start);
  if (token.type !== 'word') fail(s, `Expected an attribute name at position ${token.start}, found ${describeToken(s, token)}`, token.start);
  const path = readAttrPath(s, token);
  const rest = nextToken(s);
  if (rest.type === 'lbracket') fail(s, `A value filter "[…]" is not allowed in this path (position ${rest.start})`, rest.start);
  if (rest.type !== 'eof') fail(s, `Expected the end of the path after "${token.text}" at position ${rest.start}, found ${describeToken(s, rest)}`, rest.start);
  return path;
}

/**
 * Parses a PATCH operation path (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]), e.g.
 * `emails[type eq "work"].value`. Paths inside the brackets are relative to the elements.
 * Throws RosterError('invalid_path'), also for a malformed filter inside the brackets.
 * A bare extension URN (`urn:…:enterprise:2.0:User`, sent by some clients to address the whole
 * extension) parses syntactically as schema `urn:…:enterprise:2.0` + attribute `User`; callers
 * that support that form should check findSchema(rs, printAttrPath(path)) first.
 */
export function parsePatchPath(text: string): PatchPath {
  const st = newState(text, 'invalid_path');
  const s = st.s;
  const token = nextToken(s);
  if (token.type === 'eof') fail(s, `The path is empty: expected an attribute name at position ${token.start}`, token.start);
  if (token.type !== 'word') fail(s, `Expected an attribute name at position ${token.start}, found ${describeToken(s, token)}`, token.start);
  const path = readAttrPath(s, token);
  const next = nextToken(s);
  if (next.type === 'eof') return { path };
  if (next.type !== 'lbracket') {
    fail(s, `Expected "[" or the end of the path after "${token.text}" at position ${next.start}, found ${describeToken(s, next)}`, next.start);
  }
  if (path.sub !== undefined) rejectSubBeforeBracket(st, token, next);
  const [filter] = parseBracketBody(st, next);
  const after = nextToken(s);
  if (after.type === 'eof') return { path, filter };
  if (after.type !== 'word' || !after.text.startsWith('.')) {
    fail(s, `Expected ".subAttribute" or the end of the path after "]" at position ${after.start}, found ${describeToken(s, after)}`, after.start);
  }
  const subAfterFilter = readName(s, after.text.slice(1), after.start + 1, 'a sub-attribute name after "."');
  const end = nextToken(s);
  if (end.type !== 'eof') fail(s, `Expected the end of the path after "${after.text}" at position ${end.start}, found ${describeToken(s, end)}`, end.start);
  return { path, filter, subAfterFilter };
}

function newState(text: string, code: SyntaxErrorCode): ParserState {
  return { s: createScanner(text, code), open: 0, inBracket: false };
}

function checkDepth(st: ParserState, depth: number, position: number): void {
  if (depth > MAX_FILTER_DEPTH) {
    fail(st.s, `The ${st.s.noun} is nested too deeply at position ${position}: at most ${MAX_FILTER_DEPTH} levels of parentheses, "not", "[…]" and and/or are allowed`, position);
  }
}

/** Enters one syntactic nesting level; checked before recursing so deep input cannot overflow the stack. */
function enter(st: ParserState, levels: number, position: number): void {
  st.open += levels;
  checkDepth(st, st.open, position);
}

function isKeyword(t: Token, keyword: string): boolean {
  return t.type === 'word' && t.text.toLowerCase() === keyword;
}

// or binds loosest: filter = andExpr *("or" andExpr), folded to the left.
function parseOr(st: ParserState): Parsed {
  let [left, depth] = parseAnd(st);
  while (isKeyword(peekToken(st.s), 'or')) {
    const op = nextToken(st.s);
    const [right, rightDepth] = parseAnd(st);
    depth = Math.max(depth, rightDepth) + 1;
    checkDepth(st, st.open + depth, op.start);
    left = { kind: 'Or', left, right };
  }
  return [left, depth];
}

function parseAnd(st: ParserState): Parsed {
  let [left, depth] = parseUnary(st);
  while (isKeyword(peekToken(st.s), 'and')) {
    const op = nextToken(st.s);
    const [right, rightDepth] = parseUnary(st);
    depth = Math.max(depth, rightDepth) + 1;
    checkDepth(st, st.open + depth, op.start);
    left = { kind: 'And', left, right };
  }
  return [left, depth];
}

function parseUnary(st: ParserState): Parsed {
  const s = st.s;
  const token = nextToken(s);
  if (token.type === 'lparen') {
    enter(st, 1, token.start);
    const [inner, depth] = parseOr(st);
    expectClose(st, 'rparen', '(', token.start);
    st.open -= 1;
    return [inner, depth + 1];
  }
  if (token.type !== 'word') {
    fail(s, `Expected an attribute path, "(" or "not" at position ${token.start}, found ${describeToken(s, token)}`, token.start);
  }
  if (token.text.toLowerCase() === 'not') {
    const next = peekToken(s);
    if (next.type === 'lparen') {
      nextToken(s);
      enter(st, 2, token.start);
      const [inner, depth] = parseOr(st);
      expectClose(st, 'rparen', 'not (', token.start);
      st.open -= 2;
      return [{ kind: 'Not', filter: inner }, depth + 2];
    }
    // An attribute may be called "not" (`not pr`, `not eq 1`, `not[...]`); anything else is a missing "(".
    const isAttribute = next.type === 'lbracket' || (next.type === 'word' && isOperator(next.text));
    if (!isAttribute) fail(s, `Expected "(" after "not" at position ${next.start}, found ${describeToken(s, next)}`, next.start);
  }
  return parseAttrExpression(st, token);
}

function isOperator(word: string): boolean {
  const w = word.toLowerCase();
  return w === 'pr' || COMPARE_OPS.has(w);
}

function expectClose(st: ParserState, type: 'rparen' | 'rbracket', opener: string, openedAt: number): void {
  const t = nextToken(st.s);
  if (t.type === type) return;
  const closer = type === 'rparen' ? '")"' : '"]"';
  fail(st.s, `Expected ${closer} at position ${t.start} to close the "${opener}" at position ${openedAt}, found ${describeToken(st.s, t)}`, t.start);
}

/** attrExp (`path pr`, `path op value`) or valuePath (`path[filter]`). */
function parseAttrExpression(st: ParserState, token: Token): Parsed {
  const s = st.s;
  const path = readAttrPath(s, token);
  const next = peekToken(s);
  if (next.type === 'lbracket') {
    if (st.inBracket) fail(s, `Value filters cannot be nested: unexpected "[" at position ${next.start}`, next.start);
    if (path.sub !== undefined) rejectSubBeforeBracket(st, token, next);
    nextToken(s);
    const [inner, innerDepth] = parseBracketBody(st, next);
    const dot = peekToken(s);
    if (dot.type === 'word' && dot.text.startsWith('.')) {
      // Lenient: `emails[type eq "work"].value eq "x"` is PATCH-path syntax, not filter syntax
      // (RFC 7644 §3.4.2.2); we read it as `emails[type eq "work" and value eq "x"]`, which means the same.
      nextToken(s);
      const sub = readName(s, dot.text.slice(1), dot.start + 1, 'a sub-attribute name after "."');
      const [condition] = parseOperation(st, { attr: sub }, dot);
      const depth = innerDepth + 2;
      checkDepth(st, st.open + depth, dot.start);
      return [{ kind: 'ValuePath', path, filter: { kind: 'And', left: inner, right: condition } }, depth];
    }
    return [{ kind: 'ValuePath', path, filter: inner }, innerDepth + 1];
  }
  return parseOperation(st, path, token);
}

/** Parses `[filter]` after the "[" has been consumed; paths inside are relative to the elements. */
function parseBracketBody(st: ParserState, open: Token): Parsed {
  enter(st, 1, open.start);
  st.inBracket = true;
  const first = peekToken(st.s);
  if (first.type === 'rbracket') fail(st.s, `The value filter is empty: expected a filter after "[" at position ${first.start}`, first.start);
  const [inner, depth] = parseOr(st);
  expectClose(st, 'rbracket', '[', open.start);
  st.inBracket = false;
  st.open -= 1;
  return [inner, depth];
}

function rejectSubBeforeBracket(st: ParserState, token: Token, bracket: Token): never {
  fail(st.s, `A value filter "[…]" applies to a multi-valued attribute, not to the sub-attribute in "${token.text}" (position ${bracket.start}); write attr[filter].sub instead`, bracket.start);
}

/** Reads `pr` or `op value` after a path. */
function parseOperation(st: ParserState, path: AttrPath, pathToken: Token): Parsed {
  const s = st.s;
  const opToken = nextToken(s);
  const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
  if (op === 'pr') return [{ kind: 'Present', path }, 0];
  if (!COMPARE_OPS.has(op)) {
    fail(s, `Expected an operator (${OPERATOR_LIST}) after "${pathToken.text}" at position ${opToken.start}, found ${describeToken(s, opToken)}`, opToken.start);
  }
  const valueToken = nextValueToken(s);
  return [{ kind: 'Compare', path, op: op as CompareOp, value: readValue(s, valueToken, opToken) }, 0];
}

/**
 * compValue = false / null / true / number / string (RFC 7644 §3.4.2.2). A bare word is a number
 * or literal only when it is exactly one in JSON (literals in any case); otherwise it is a string,
 * so `externalId eq 00123` compares the text "00123".
 */
function readValue(s: Scanner, t: Token, opToken: Token): FilterValue {
  if (t.type === 'string') return t.value ?? '';
  if (t.type !== 'word') {
    fail(s, `Expected a value (a quoted string, number, true, false or null) after "${opToken.text}" at position ${t.start}, found ${describeToken(s, t)}`, t.start);
  }
  const lower = t.text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (JSON_NUMBER.test(t.text)) {
    const n = Number(t.text);
    if (!Number.isFinite(n)) fail(s, `The number ${t.text} at position ${t.start} is out of range`, t.start);
    return n;
  }
  return t.text;
}

/**
 * Splits a word into `[schemaURN:]attr[.sub]`. A URN prefix is everything before the last ":",
 * found before looking for "." because URNs contain dots (`…:enterprise:2.0:User:manager.value`).
 */
function readAttrPath(s: Scanner, t: Token): AttrPath {
  const word = t.text;
  let schema: string | undefined;
  let rest = word;
  let offset = t.start;
  if (/^urn:/i.test(word)) {
    const colon = word.lastIndexOf(':');
    schema = word.slice(0, colon);
    rest = word.slice(colon + 1);
    offset = t.start + colon + 1;
    const empty = schema.indexOf('::');
    if (empty >= 0 || schema.length <= 4) {
      const at = empty >= 0 ? t.start + empty + 1 : t.start + 4;
      fail(s, `Expected a schema URN like "urn:ietf:params:scim:schemas:core:2.0:User" in "${word}" at position ${at}`, at);
    }
  } else if (word.includes(':')) {
    const at = t.start + word.indexOf(':');
    fail(s, `Unexpected ":" at position ${at}: only a schema URN starting with "urn:" may precede the attribute name`, at);
  }
  const dot = rest.indexOf('.');
  const attrText = dot < 0 ? rest : rest.slice(0, dot);
  const attr = readName(s, attrText, offset, 'an attribute name');
  if (dot < 0) return schema === undefined ? { attr } : { schema, attr };
  const subText = rest.slice(dot + 1);
  const sub = readName(s, subText, offset + dot + 1, `a sub-attribute name after "${attrText}."`);
  return schema === undefined ? { attr, sub } : { schema, attr, sub };
}

/** ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7644 §3.10); also `$ref`. */
function readName(s: Scanner, text: string, offset: number, what: string): string {
  if (NAME.test(text)) return text;
  // Point at the first offending character so the client sees exactly what to fix.
  let bad = 0;
  if (NAME_START.test(text.charAt(0)) && !text.startsWith('$')) {
    bad = 1;
    while (bad < text.length && /[A-Za-z0-9_-]/.test(text.charAt(bad))) bad++;
  }
  const position = offset + bad;
  const found = text.length === 0 ? 'nothing' : JSON.stringify(text);
  fail(s, `Expected ${what} (a letter followed by letters, digits, "-" or "_") at position ${position}, found ${found}`, position);
}

function unexpectedAfterExpression(st: ParserState, t: Token): never {
  const s = st.s;
  if (t.type === 'rparen') fail(s, `Unmatched ")" at position ${t.start}`, t.start);
  if (t.type === 'rbracket') fail(s, `Unmatched "]" at position ${t.start}`, t.start);
  fail(s, `Expected "and", "or" or the end of the filter at position ${t.start}, found ${describeToken(s, t)}`, t.start);
}
