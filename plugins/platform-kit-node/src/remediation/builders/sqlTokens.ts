/**
 * A small, lossless SQL tokenizer (PostgreSQL lexical rules) for rewriting
 * deparsed expressions: quoted identifiers, string constants (standard,
 * `E'...'` escapes, dollar quotes) and comments are single tokens, so text
 * inside them never counts as a call, a parenthesis or a statement end.
 * Joining the tokens' text gives the input back unchanged.
 */

export type TokenKind =
  | 'space'
  | 'comment'
  /** An unquoted identifier or key word. */
  | 'word'
  /** A double-quoted identifier. */
  | 'quoted'
  /** A string constant: '...', E'...', B'...', X'...', N'...'. */
  | 'string'
  /** A dollar-quoted string constant: $$...$$ or $tag$...$tag$. */
  | 'dollar'
  | 'number'
  /** A positional parameter: $1. */
  | 'param'
  | 'operator'
  /** ( ) [ ] , ; . : :: and anything else of one character. */
  | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const SPACE = /\s+/y;
const NUMBER =
  /(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?|0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+/y;
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

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    const space = sticky(SPACE, sql, i);
    if (space) push('space', i + space.length);
    else if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      push('comment', eol === -1 ? sql.length : eol);
    } else if (c === '/' && next === '*')
      push('comment', endOfBlockComment(sql, i));
    else if (c === '"') push('quoted', endOfQuoted(sql, i, '"', false));
    else if (c === "'") push('string', endOfQuoted(sql, i, "'", false));
    else if (/[eE]/.test(c) && next === "'")
      push('string', endOfQuoted(sql, i + 1, "'", true));
    else if (/[bBxXnN]/.test(c) && next === "'")
      push('string', endOfQuoted(sql, i + 1, "'", false));
    else if (c === '$' && next !== undefined && /\d/.test(next)) {
      let end = i + 1;
      while (end < sql.length && /\d/.test(sql[end])) end++;
      push('param', end);
    } else if (c === '$') {
      const tag = sticky(DOLLAR_TAG, sql, i);
      if (!tag) fail(sql, i, 'stray $');
      const close = sql.indexOf(tag, i + tag.length);
      if (close === -1) fail(sql, i, 'unterminated dollar-quoted string');
      push('dollar', close + tag.length);
    } else if (WORD_START.test(c))
      push('word', i + sticky(WORD, sql, i)!.length);
    else if (
      /\d/.test(c) ||
      (c === '.' && next !== undefined && /\d/.test(next))
    )
      push('number', i + sticky(NUMBER, sql, i)!.length);
    else if (c === ':' && next === ':') push('punct', i + 2);
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
      push('operator', i + op.length);
    } else push('punct', i + 1);
  }
  return tokens;
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
