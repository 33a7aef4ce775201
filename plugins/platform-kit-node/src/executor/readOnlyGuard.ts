import { scanSql, significant } from '../sql/sqlTokens';
import { TargetError } from './types';

/**
 * The significant tokens at the start of `sql`, at most `count`; fewer when
 * the text ends or a quote or comment is left open (the text after a `;`
 * inside a literal is read as a possible statement too).
 */
function leadingTokens(sql: string, count: number) {
  const tokens: { text: string; offset: number }[] = [];
  let offset = 0;
  try {
    for (const token of scanSql(sql)) {
      if (significant(token)) tokens.push({ text: token.text, offset });
      if (tokens.length === count) break;
      offset += token.text.length;
    }
  } catch {
    // an unterminated literal or comment: what was read so far
  }
  return tokens;
}

/** The first `count` words of a statement, across comments; quoted identifiers unquoted. */
function leadingWords(sql: string, count: number): string[] {
  const words: string[] = [];
  for (const { text } of leadingTokens(sql, count)) {
    const word = /^(?:([a-z_][a-z0-9_$]*)|"((?:[^"]|"")*)")$/i.exec(text);
    if (!word) break;
    words.push((word[1] ?? word[2].replace(/""/g, '"')).toLowerCase());
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
      const from = leadingTokens(statement, 1)[0]?.offset ?? 0;
      const shown = statement.slice(from, from + 40).trim();
      throw new TargetError(
        `transaction control is not allowed in a read-only scan: ${shown}`,
        'query',
      );
    }
  }
}
