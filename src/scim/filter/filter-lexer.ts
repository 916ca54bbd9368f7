// Character-level scanner for SCIM filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2), with positions for errors.
import { RosterError } from '../../errors.ts';

/** The error code a scanner raises: filters and PATCH paths map to different SCIM scimTypes. */
export type SyntaxErrorCode = 'invalid_filter' | 'invalid_path';

/** Input longer than this is refused before scanning, so a hostile client cannot make us work hard. */
export const MAX_TEXT_LENGTH = 10_000;

export interface Scanner {
  readonly text: string;
  readonly code: SyntaxErrorCode;
  /** What the input is called in messages: "filter" or "path". */
  readonly noun: string;
  pos: number;
}

export type TokenType = 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'word' | 'string' | 'eof';

export interface Token {
  type: TokenType;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The raw source text of the token. */
  text: string;
  /** The decoded value of a string token. */
  value?: string;
}

const PUNCTUATION: Record<string, TokenType> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket' };

/** Whitespace between tokens: RFC 7644 says SP, but clients also send tabs and line breaks. */
export function isWhitespace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Characters that end a word: whitespace, brackets, parentheses and the string quote. */
function endsWord(ch: string): boolean {
  return isWhitespace(ch) || ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === '"';
}

/** Creates a scanner, refusing over-long input up front (RFC 7644 §3.4.2.2 leaves limits to the server). */
export function createScanner(text: string, code: SyntaxErrorCode): Scanner {
  const noun = code === 'invalid_filter' ? 'filter' : 'path';
  const scanner: Scanner = { text, code, noun, pos: 0 };
  if (text.length > MAX_TEXT_LENGTH) {
    fail(scanner, `The ${noun} is ${text.length} characters long; the limit is ${MAX_TEXT_LENGTH}`, MAX_TEXT_LENGTH);
  }
  return scanner;
}

/** Throws the scanner's RosterError with the failing position in the details. */
export function fail(s: Scanner, message: string, position: number): never {
  throw new RosterError(s.code, message, { position });
}

/** How a token reads in an error message. */
export function describeToken(s: Scanner, t: Token): string {
  if (t.type === 'eof') return `the end of the ${s.noun}`;
  const shown = t.text.length > 30 ? `${t.text.slice(0, 30)}…` : t.text;
  return JSON.stringify(shown);
}

export function skipWhitespace(s: Scanner): void {
  while (s.pos < s.text.length && isWhitespace(s.text[s.pos])) s.pos++;
}

/** Reads the next token in "structure" mode: punctuation, quoted strings and words. */
export function nextToken(s: Scanner): Token {
  skipWhitespace(s);
  const start = s.pos;
  const ch = s.text[start];
  if (ch === undefined) return { type: 'eof', start, end: start, text: '' };
  const punct = PUNCTUATION[ch];
  if (punct) {
    s.pos++;
    return { type: punct, start, end: s.pos, text: ch };
  }
  if (ch === '"') return scanString(s);
  while (s.pos < s.text.length && !endsWord(s.text[s.pos] as string)) s.pos++;
  return { type: 'word', start, end: s.pos, text: s.text.slice(start, s.pos) };
}

/** Looks at the next token without consuming it. */
export function peekToken(s: Scanner): Token {
  const saved = s.pos;
  const token = nextToken(s);
  s.pos = saved;
  return token;
}

/**
 * Reads a comparison value. A quoted value is a JSON string; anything else is a bare word read
 * up to whitespace, ")" or "]". Bare words are a leniency for clients that forget quotes
 * (`userName sw O`, `meta.created gt 2015-10-10T14:38:21.86-07:00`), so unlike structure mode
 * they may contain "(", "[" and '"' after their first character.
 */
export function nextValueToken(s: Scanner): Token {
  skipWhitespace(s);
  const start = s.pos;
  const ch = s.text[start];
  if (ch === undefined || ch === '(' || ch === ')' || ch === '[' || ch === ']') {
    return nextToken(s);
  }
  if (ch === '"') return scanString(s);
  while (s.pos < s.text.length) {
    const c = s.text[s.pos] as string;
    if (isWhitespace(c) || c === ')' || c === ']') break;
    s.pos++;
  }
  return { type: 'word', start, end: s.pos, text: s.text.slice(start, s.pos) };
}

const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Scans a JSON string literal (RFC 8259 §7) and decodes it with JSON.parse. Escapes are checked
 * here so that a bad one is reported at its own position. Raw control characters are accepted
 * (escaped before decoding) because some clients put literal tabs in values.
 */
function scanString(s: Scanner): Token {
  const start = s.pos;
  let literal = '"';
  let i = start + 1;
  for (;;) {
    const c = s.text[i];
    if (c === undefined) fail(s, `Unterminated string starting at position ${start}: add the closing '"'`, start);
    if (c === '"') break;
    if (c === '\\') {
      const e = s.text[i + 1];
      if (e !== undefined && SIMPLE_ESCAPES.has(e)) {
        literal += c + e;
        i += 2;
        continue;
      }
      if (e === 'u' && HEX4.test(s.text.slice(i + 2, i + 6))) {
        literal += s.text.slice(i, i + 6);
        i += 6;
        continue;
      }
      fail(s, `Invalid escape in string at position ${i}: use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX`, i);
    }
    const code = c.charCodeAt(0);
    literal += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    i++;
  }
  literal += '"';
  s.pos = i + 1;
  // Every escape and character was validated above, so this parse cannot throw.
  const value = JSON.parse(literal) as string;
  return { type: 'string', start, end: s.pos, text: s.text.slice(start, s.pos), value };
}
