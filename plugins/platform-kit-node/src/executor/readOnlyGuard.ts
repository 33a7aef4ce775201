import { TargetError } from './types';

/** Drops leading whitespace and comments (`--` lines, nested block comments). */
function stripLeadingComments(sql: string): string {
  let s = sql;
  for (;;) {
    s = s.replace(/^\s+/, '');
    if (s.startsWith('--')) {
      const end = s.indexOf('\n');
      s = end === -1 ? '' : s.slice(end + 1);
      continue;
    }
    if (s.startsWith('/*')) {
      let depth = 0;
      let i = 0;
      while (i < s.length) {
        if (s.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (s.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      s = s.slice(i);
      continue;
    }
    return s;
  }
}

/** The first `count` words of a statement, across comments; quoted identifiers unquoted. */
function leadingWords(sql: string, count: number): string[] {
  const words: string[] = [];
  let rest = sql;
  while (words.length < count) {
    rest = stripLeadingComments(rest);
    const m = /^"?([a-z_][a-z0-9_$]*)"?/i.exec(rest);
    if (!m) break;
    words.push(m[1].toLowerCase());
    rest = rest.slice(m[0].length);
  }
  return words;
}

/** Statements that end the read-only transaction. */
const ENDS_TRANSACTION = new Set([
  'commit',
  'end',
  'rollback',
  'abort',
  'begin',
  'start',
  'savepoint',
  'release',
  'discard',
]);

/** `SET` / `RESET` targets that switch the transaction to read-write. */
const TRANSACTION_SETTINGS = new Set([
  'transaction',
  'characteristics',
  'transaction_read_only',
  'default_transaction_read_only',
  'all',
]);

function isTransactionControl(statement: string): boolean {
  const [first, second, third] = leadingWords(statement, 3);
  if (!first) return false;
  if (ENDS_TRANSACTION.has(first)) return true;
  if (first === 'prepare' && second === 'transaction') return true;
  if (first === 'set' || first === 'reset') {
    const target = second === 'session' || second === 'local' ? third : second;
    return target !== undefined && TRANSACTION_SETTINGS.has(target);
  }
  return false;
}

/**
 * Rejects SQL that could leave the `READ ONLY` transaction of a scan (`COMMIT;
 * INSERT ...`) or make it read-write (`SET TRANSACTION READ WRITE` before the
 * first snapshot). The text after every `;` is checked as a possible statement,
 * so a semicolon inside a literal or comment can only cause a false rejection,
 * never a missed statement.
 */
export function assertReadOnlySql(sql: string): void {
  const starts = [0];
  for (let i = sql.indexOf(';'); i !== -1; i = sql.indexOf(';', i + 1))
    starts.push(i + 1);
  for (const start of starts) {
    const statement = sql.slice(start);
    if (isTransactionControl(statement)) {
      const shown = stripLeadingComments(statement).slice(0, 40).trim();
      throw new TargetError(
        `transaction control is not allowed in a read-only scan: ${shown}`,
        'query',
      );
    }
  }
}
