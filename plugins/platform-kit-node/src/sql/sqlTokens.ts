/**
 * The engine's one SQL lexer: small, lossless, PostgreSQL's lexical rules
 * (checked against PostgreSQL's own scanner, libpg_query, in its tests).
 * Quoted identifiers, string constants (standard, `E'...'` escapes,
 * `U&'...'`, dollar quotes) and comments are single tokens, so text inside
 * them never counts as a call, a parenthesis or a statement end. Joining the
 * tokens' text gives the input back unchanged. Used to rewrite deparsed
 * expressions, to split scripts into statements and to read the leading
 * words of a statement (the read-only guard).
 */

export type TokenKind =
  | 'space'
  | 'comment'
  /** An unquoted identifier or key word. */
  | 'word'
  /** A double-quoted identifier (also U&"..."). */
  | 'quoted'
  /** A string constant: '...', E'...', B'...', X'...', N'...', U&'...'. */
  | 'string'
  /** A dollar-quoted string constant: $$...$$ or $tag$...$tag$. */
  | 'dollar'
  | 'number'
  /** A positional parameter: $1. */
  | 'param'
  | 'operator'
  /** ( ) [ ] , ; . : :: := .. and anything else of one character. */
  | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
/** PostgreSQL's white space: not JavaScript's \s (a no-break space is part of a name there). */
const SPACE = /[ \t\n\r\f\v]+/y;
/** Hexadecimal, octal and binary integers first: `0x1F` is one number (PostgreSQL 16+). */
const NUMBER =
  /0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/y;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';

function fail(sql: string, at: number, what: string): never {
  throw new Error(`${what} at offset ${at} of: ${sql}`);
}

/** The end (exclusive) of a quoted run starting at `start` (the opening quote). */
function endOfQuoted(
  sql: string,
  start: number,
  quote: string,
  backslashEscapes: boolean,
): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return fail(
    sql,
    start,
    `unterminated ${quote === '"' ? 'identifier' : 'string'}`,
  );
}

function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return fail(sql, start, 'unterminated comment');
}

function sticky(re: RegExp, sql: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(sql)?.[0];
}

/**
 * The tokens of `sql` one at a time: a caller that needs only the first few
 * reads no further (and meets no error further on).
 *
 * @throws Error on an unterminated quote, dollar quote or comment, or a
 * stray `$`, when the scan reaches it.
 */
export function* scanSql(sql: string): Generator<Token> {
  let i = 0;
  const take = (kind: TokenKind, end: number): Token => {
    const token = { kind, text: sql.slice(i, end) };
    i = end;
    return token;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    const space = sticky(SPACE, sql, i);
    if (space) yield take('space', i + space.length);
    else if (c === '-' && next === '-') {
      // PostgreSQL ends a -- comment at CR as well as LF.
      const eol = sql.slice(i).search(/[\r\n]/);
      yield take('comment', eol === -1 ? sql.length : i + eol);
    } else if (c === '/' && next === '*')
      yield take('comment', endOfBlockComment(sql, i));
    else if (c === '"') yield take('quoted', endOfQuoted(sql, i, '"', false));
    else if (c === "'") yield take('string', endOfQuoted(sql, i, "'", false));
    else if (/[eE]/.test(c) && next === "'")
      yield take('string', endOfQuoted(sql, i + 1, "'", true));
    else if (/[bBxXnN]/.test(c) && next === "'")
      yield take('string', endOfQuoted(sql, i + 1, "'", false));
    else if (/[uU]/.test(c) && next === '&' && /['"]/.test(sql[i + 2] ?? '')) {
      // Unicode escapes: U&'d\0061t\+000061' and U&"d\0061t\+000061".
      const quote = sql[i + 2];
      yield take(
        quote === '"' ? 'quoted' : 'string',
        endOfQuoted(sql, i + 2, quote, false),
      );
    } else if (c === '$' && next !== undefined && /\d/.test(next)) {
      let end = i + 1;
      while (end < sql.length && /\d/.test(sql[end])) end++;
      yield take('param', end);
    } else if (c === '$') {
      const tag = sticky(DOLLAR_TAG, sql, i);
      if (!tag) fail(sql, i, 'stray $');
      const close = sql.indexOf(tag, i + tag.length);
      if (close === -1) fail(sql, i, 'unterminated dollar-quoted string');
      yield take('dollar', close + tag.length);
    } else if (WORD_START.test(c))
      yield take('word', i + sticky(WORD, sql, i)!.length);
    else if (
      /\d/.test(c) ||
      (c === '.' && next !== undefined && /\d/.test(next))
    )
      yield take('number', i + sticky(NUMBER, sql, i)!.length);
    else if (c === ':' && (next === ':' || next === '='))
      yield take('punct', i + 2);
    else if (c === '.' && next === '.') yield take('punct', i + 2);
    else if (OPERATOR_CHARS.includes(c)) {
      let end = i;
      while (
        end < sql.length &&
        OPERATOR_CHARS.includes(sql[end]) &&
        !sql.startsWith('--', end) &&
        !sql.startsWith('/*', end)
      )
        end++;
      // As PostgreSQL's lexer: a multi-character operator ends in + or - only
      // when it holds one of ~ ! @ # % ^ & | ` ? (so `<-1` is `<` and `-1`).
      let op = sql.slice(i, end);
      if (!/[~!@#%^&|`?]/.test(op))
        while (op.length > 1 && /[+-]$/.test(op)) op = op.slice(0, -1);
      yield take('operator', i + op.length);
    } else yield take('punct', i + 1);
  }
}

/** Every token of `sql` (see {@link scanSql}). */
export function tokenize(sql: string): Token[] {
  return [...scanSql(sql)];
}

/** Whether a token means something to the parser (not space or a comment). */
export function significant(token: Token | undefined): boolean {
  return (
    token !== undefined && token.kind !== 'space' && token.kind !== 'comment'
  );
}

/** Index of the next significant token after `i` (tokens.length if none). */
export function nextSignificant(tokens: Token[], i: number): number {
  let j = i + 1;
  while (j < tokens.length && !significant(tokens[j])) j++;
  return j;
}

/** Index of the previous significant token before `i` (-1 if none). */
export function prevSignificant(tokens: Token[], i: number): number {
  let j = i - 1;
  while (j >= 0 && !significant(tokens[j])) j--;
  return j;
}

/** Index of the parenthesis closing the one at `open`; throws when unbalanced. */
export function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return j;
  }
  throw new Error('unbalanced parentheses');
}

/** Index of the parenthesis opening the one at `close`; throws when unbalanced. */
export function openingParen(tokens: Token[], close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    const t = tokens[j];
    if (t.kind !== 'punct') continue;
    if (t.text === ')') depth++;
    else if (t.text === '(' && --depth === 0) return j;
  }
  throw new Error('unbalanced parentheses');
}

/** The token is the unquoted word (any case) or the quoted identifier `name`. */
export function isName(token: Token | undefined, name: string): boolean {
  if (!token) return false;
  if (token.kind === 'word') return token.text.toLowerCase() === name;
  if (token.kind === 'quoted') return token.text === `"${name}"`;
  return false;
}

export function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/**
 * The value of a plain string constant ('...' or N'...'), or null for other
 * tokens and for escape strings (whose value depends on backslash rules).
 */
export function stringValue(token: Token): string | null {
  if (token.kind !== 'string') return null;
  const body = /^[nN]?'([\s\S]*)'$/.exec(token.text);
  return body ? body[1].replace(/''/g, "'") : null;
}

/** Statements of a script, split at `;` outside quotes, trimmed, empty ones left out. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let depth = 0;
  for (const t of tokenize(sql)) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (t.kind === 'punct' && t.text === ';' && depth === 0) {
      statements.push(current);
      current = '';
    } else current += t.text;
  }
  statements.push(current);
  return statements.map(s => s.trim()).filter(s => s.length > 0);
}
