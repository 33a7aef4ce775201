import { findFreePort } from '@platform-kit/devtools';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(30_000);

const oneLine = (text: string) =>
  text.trim().split('\n').length === 1 && !text.includes('    at ');

describe('platform-kit usage and errors', () => {
  it.each([
    [
      ['db', 'lint'],
      'platform-kit: give either --db <url> or --supabase-ref <ref> (with --supabase-token-env <VAR>)',
    ],
    [
      ['db', 'lint', '--db', 'mysql://x'],
      'platform-kit: --db: must be a postgres:// or postgresql:// connection string',
    ],
    [
      ['db', 'lint', '--db', 'postgres://h/d', '--format', 'xml'],
      'platform-kit: --format: Invalid option: expected one of "table"|"json"|"sarif"',
    ],
    [
      ['db', 'lint', '--db', 'postgres://h/d', '--fail-on', 'fatal'],
      'platform-kit: --fail-on: Invalid option: expected one of "error"|"warn"|"info"|"none"',
    ],
    [
      ['db', 'lint', '--supabase-ref', 'short'],
      'platform-kit: --supabase-ref: must be a 20-letter Supabase project ref',
    ],
    [
      ['db', 'lint', '--supabase-ref', 'abcdefghijklmnopqrst'],
      'platform-kit: --supabase-ref needs --supabase-token-env <VAR> naming the variable that holds the access token',
    ],
    [
      ['db', 'lint', '--db', 'postgres://h/d', '--statement-timeout', 'soon'],
      'platform-kit: --statement-timeout: Invalid input: expected number, received NaN',
    ],
  ])('%j exits 2 with one sentence', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\n`);
  });

  it('exits 2 for unknown options, with commander’s message and a hint', async () => {
    const { code, stderr } = await runCli(['db', 'lint', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain("error: unknown option '--bogus'");
  });

  it('prints help and exits 0', async () => {
    const { code, stdout } = await runCli(['db', 'lint', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--fail-on <level>');
    expect(stdout).toContain('--exclusions <file>');
  });

  it('never prints the password of an unreachable database', async () => {
    const port = await findFreePort();
    const { code, stderr } = await runCli([
      'db',
      'lint',
      '--db',
      `postgresql://admin:hunter2secret@127.0.0.1:${port}/app`,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^platform-kit: cannot connect to the database: /);
    expect(oneLine(stderr)).toBe(true);
    expect(stderr).not.toContain('hunter2secret');
  });

  it('says which variable is missing for the Supabase token, without guessing values', async () => {
    const { code, stderr } = await runCli(
      [
        'db',
        'lint',
        '--supabase-ref',
        'abcdefghijklmnopqrst',
        '--supabase-token-env',
        'PK_TOKEN',
      ],
      { env: {} },
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      'platform-kit: the environment variable PK_TOKEN is empty or not set\n',
    );
  });

  it('lists the rule catalogue', async () => {
    const { code, stdout } = await runCli(['db', 'rules', '--format', 'json']);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout);
    expect(rules.length).toBeGreaterThanOrEqual(33);
    expect(
      rules.find(
        (r: { name: string }) => r.name === 'function_search_path_mutable',
      ),
    ).toMatchObject({
      level: 'WARN',
      supabase: true,
      fixable: true,
    });
    const table = await runCli(['db', 'rules']);
    expect(table.stdout).toMatch(
      /^unindexed_foreign_keys +INFO +sev 2 +PERFORMANCE +supabase, fixable/m,
    );
  });
});
