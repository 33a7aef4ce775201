import { parseSql, squawkLint } from './sqlChecks';

describe('generated SQL checks', () => {
  it('parses SQL with the PostgreSQL parser and rejects bad syntax', async () => {
    expect(
      await parseSql(
        `ALTER FUNCTION "we""ird schema"."fn ü"(integer) SET search_path = public, extensions; SELECT 1`,
      ),
    ).toBe(2);
    await expect(
      parseSql('ALTER FUNCTON x() SET search_path = a'),
    ).rejects.toThrow(/syntax error/);
  });

  it('lints with squawk: unguarded locks are reported, guarded ones are not', () => {
    const unguarded = squawkLint('ALTER TABLE t ENABLE ROW LEVEL SECURITY;');
    expect(unguarded.map(v => v.rule)).toEqual(
      expect.arrayContaining([
        'require-lock-timeout',
        'require-statement-timeout',
      ]),
    );
    expect(
      squawkLint(
        "BEGIN;\nSET LOCAL lock_timeout = '2s';\nSET LOCAL statement_timeout = '30s';\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCOMMIT;",
      ),
    ).toEqual([]);
    expect(squawkLint('CREATE INDEX i ON t (a);').map(v => v.rule)).toContain(
      'require-concurrent-index-creation',
    );
  });
});
