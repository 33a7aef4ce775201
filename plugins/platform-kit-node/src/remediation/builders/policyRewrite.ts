import { Policy } from '@platform-kit/plugin-platform-kit-common';
import { ident, qualified } from '../sql';
import {
  isName,
  isPunct,
  matchingParen,
  nextSignificant,
  openingParen,
  prevSignificant,
  significant,
  Token,
  tokenize,
} from '../../sql/sqlTokens';

/**
 * Rewrites of policy expressions as pg_get_expr prints them (the inventory's
 * `using` / `withCheck`), token by token so that string constants, quoted
 * identifiers and nested parentheses are never misread.
 */

const AUTH_FUNCTIONS = ['uid', 'jwt', 'role', 'email'];

const textOf = (tokens: Token[], from: number, to: number) =>
  tokens
    .slice(from, to)
    .map(t => t.text)
    .join('');

const isKeyword = (token: Token | undefined, word: string) =>
  token?.kind === 'word' && token.text.toLowerCase() === word;

interface Call {
  start: number;
  /** Index of the closing parenthesis. */
  end: number;
  /** Index of the opening parenthesis when the call has arguments to rewrite. */
  open?: number;
}

/** `auth.<uid|jwt|role|email>()` or `[pg_catalog.]current_setting(...)` starting at token i. */
function callAt(tokens: Token[], i: number): Call | null {
  if (isPunct(tokens[prevSignificant(tokens, i)], '.')) return null;
  if (isName(tokens[i], 'auth')) {
    const dot = nextSignificant(tokens, i);
    const fn = nextSignificant(tokens, dot);
    const open = nextSignificant(tokens, fn);
    const close = nextSignificant(tokens, open);
    if (
      isPunct(tokens[dot], '.') &&
      AUTH_FUNCTIONS.some(name => isName(tokens[fn], name)) &&
      isPunct(tokens[open], '(') &&
      isPunct(tokens[close], ')')
    )
      return { start: i, end: close };
    return null;
  }
  let name = i;
  if (isName(tokens[i], 'pg_catalog')) {
    const dot = nextSignificant(tokens, i);
    if (!isPunct(tokens[dot], '.')) return null;
    name = nextSignificant(tokens, dot);
  }
  if (!isName(tokens[name], 'current_setting')) return null;
  const open = nextSignificant(tokens, name);
  if (!isPunct(tokens[open], '(')) return null;
  return { start: i, end: matchingParen(tokens, open), open };
}

function wrapRange(
  tokens: Token[],
  from: number,
  to: number,
  wrapped: string[],
): string {
  let out = '';
  let i = from;
  while (i < to) {
    const call = significant(tokens[i]) ? callAt(tokens, i) : null;
    if (!call) {
      out += tokens[i].text;
      i++;
      continue;
    }
    const text =
      call.open === undefined
        ? textOf(tokens, call.start, call.end + 1)
        : `${textOf(tokens, call.start, call.open + 1)}${wrapRange(
            tokens,
            call.open + 1,
            call.end,
            wrapped,
          )})`;
    // `(select auth.uid())`, as pg_get_expr prints it `( SELECT auth.uid() AS uid)`.
    if (isKeyword(tokens[prevSignificant(tokens, call.start)], 'select'))
      out += text;
    else {
      out += `(select ${text})`;
      wrapped.push(textOf(tokens, call.start, call.end + 1));
    }
    i = call.end + 1;
  }
  return out;
}

/**
 * Wraps each `auth.<function>()` and `current_setting(...)` call that is not
 * already the target of a `SELECT` in `(select ...)`, so that PostgreSQL
 * evaluates it once per statement (an initPlan) instead of once per row.
 * The functions are STABLE, so the result is the same.
 */
export function wrapPerRowCalls(expression: string): {
  expression: string;
  wrapped: string[];
} {
  const tokens = tokenize(expression);
  const wrapped: string[] = [];
  return { expression: wrapRange(tokens, 0, tokens.length, wrapped), wrapped };
}

/** Removes parentheses around the whole text, if they enclose it as one group. */
function unparenthesize(text: string): string | null {
  const tokens = tokenize(text.trim());
  const first = nextSignificant(tokens, -1);
  const last = prevSignificant(tokens, tokens.length);
  if (!isPunct(tokens[first], '(') || matchingParen(tokens, first) !== last)
    return null;
  return textOf(tokens, first + 1, last);
}

/** The request's JWT claims object, as a policy reads it. */
function isJwtClaims(operand: string): boolean {
  let text = operand.trim();
  for (;;) {
    const inner = unparenthesize(text);
    const next =
      inner ??
      /^(.*)::jsonb?$/is.exec(text)?.[1] ??
      /^select\s+(.*?)(?:\s+as\s+\w+)?$/is.exec(text)?.[1];
    if (next === undefined) break;
    text = next.trim();
  }
  return (
    /^auth\.jwt\(\s*\)$/i.test(text) ||
    /^current_setting\(\s*'request\.jwt\.claims'(?:::text)?\s*(?:,\s*(?:true|false)\s*)?\)$/i.test(
      text,
    )
  );
}

/** The text of the operand that ends just before token `op` (casts included). */
function leftOperandCandidates(tokens: Token[], op: number): string[] {
  const end = prevSignificant(tokens, op);
  let j = end;
  // <operand>::type
  while (
    j >= 0 &&
    (tokens[j].kind === 'word' || tokens[j].kind === 'quoted') &&
    isPunct(tokens[prevSignificant(tokens, j)], '::')
  )
    j = prevSignificant(tokens, prevSignificant(tokens, j));
  if (!isPunct(tokens[j], ')')) return [];
  const open = openingParen(tokens, j);
  const candidates = [textOf(tokens, open, end + 1)];
  // A function call: [schema.]name(...)
  let start = prevSignificant(tokens, open);
  if (
    start >= 0 &&
    (tokens[start].kind === 'word' || tokens[start].kind === 'quoted')
  ) {
    const dot = prevSignificant(tokens, start);
    if (isPunct(tokens[dot], '.')) start = prevSignificant(tokens, dot);
    if (start >= 0) candidates.push(textOf(tokens, start, end + 1));
  }
  return candidates;
}

/**
 * Reads `app_metadata` where the expression reads the `'user_metadata'` key
 * of the JWT claims (`auth.jwt() -> 'user_metadata'`). Any other mention of
 * user_metadata (a path like `#>> '{user_metadata,role}'`, a column, a key of
 * something else) is left to a person: the problem says which.
 */
export function useAppMetadata(
  expression: string,
): { expression: string; replaced: number } | { problem: string } {
  const tokens = tokenize(expression);
  let replaced = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!/user_metadata/i.test(t.text)) continue;
    if (t.kind !== 'string' || t.text !== "'user_metadata'")
      return {
        problem: `it mentions user_metadata other than as a plain 'user_metadata' key: ${t.text}`,
      };
    const op = tokens[prevSignificant(tokens, i)];
    if (op?.kind !== 'operator' || (op.text !== '->' && op.text !== '->>'))
      return {
        problem: `'user_metadata' is not used as a key (-> or ->>) there`,
      };
    if (
      !leftOperandCandidates(tokens, prevSignificant(tokens, i)).some(
        isJwtClaims,
      )
    )
      return {
        problem: `'user_metadata' is not read from the JWT claims (auth.jwt()) directly`,
      };
    tokens[i] = { kind: 'string', text: "'app_metadata'" };
    replaced++;
  }
  return { expression: textOf(tokens, 0, tokens.length), replaced };
}

/** `ALTER POLICY` setting the clauses given (null: left as it is). */
export function alterPolicySql(
  policy: Policy,
  using: string | null,
  withCheck: string | null,
): string {
  // null leaves a clause as it is; an empty expression is no policy clause.
  for (const [clause, expression] of [
    ['USING', using],
    ['WITH CHECK', withCheck],
  ])
    if (expression !== null && expression.trim() === '')
      throw new Error(
        `an empty ${clause} expression for policy "${policy.name}"`,
      );
  const clauses = [
    using === null ? null : `  USING (${using})`,
    withCheck === null ? null : `  WITH CHECK (${withCheck})`,
  ].filter((c): c is string => c !== null);
  if (clauses.length === 0) throw new Error('nothing to alter');
  return [
    `ALTER POLICY ${ident(policy.name)} ON ${qualified(
      policy.schema,
      policy.table,
    )}`,
    ...clauses,
  ].join('\n');
}
