import { assertReadOnlySql } from './readOnlyGuard';
import { TargetError } from './types';

function refusal(sql: string): string | undefined {
  try {
    assertReadOnlySql(sql);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TargetError);
    return (error as Error).message;
  }
}

describe('assertReadOnlySql', () => {
  it.each([
    ['commit', 'commit'],
    [
      'select 1;\n  COMMIT; insert into t values (1)',
      'COMMIT; insert into t values (1)',
    ],
    ['/* a /* nested */ comment */ end', 'end'],
    ['select 1; -- ;\n abort', 'abort'],
    // PostgreSQL ends a -- comment at a carriage return too.
    ['select 1; -- note\rcommit', 'commit'],
    [
      'set local "Transaction_Read_Only" = off',
      'set local "Transaction_Read_Only" = off',
    ],
    [
      'set session characteristics as transaction read write',
      // the first 40 characters
      'set session characteristics as transacti',
    ],
    ["prepare transaction 'x'", "prepare transaction 'x'"],
    ['reset all', 'reset all'],
  ])('refuses transaction control: %s', (sql, shown) => {
    expect(refusal(sql)).toBe(
      `transaction control is not allowed in a read-only scan: ${shown}`,
    );
  });

  it('lets ordinary statements through', () => {
    for (const sql of [
      `select 'commit' as word, current_setting('transaction_read_only')`,
      'select 1 /* ; */ as one',
      'set local statement_timeout = 1000; select 1',
      'select 1; /* unterminated',
      'select $$ a $$; $$ b',
      'with begin as (select 1) select * from begin',
    ])
      expect(refusal(sql)).toBeUndefined();
  });

  it('errs on the safe side when a literal holds "; commit"', () => {
    expect(refusal(`select 'a; commit' as words`)).toMatch(
      /transaction control/,
    );
    expect(refusal('select $$ x; end $$')).toMatch(/transaction control/);
  });
});
