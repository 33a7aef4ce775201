import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { findingSchema } from '@platform-kit/plugin-platform-kit-common';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(60_000);

describe('platform-kit db lint', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const c = await db.connect();
    await c.query(`
      create table public.orders (id int primary key, customer_email text, password text);
      create table public.audit (at timestamptz);
      alter table public.audit enable row level security;
      create function public.touch() returns int language sql as 'select 1';
    `);
  });
  afterAll(() => db.drop());

  it('prints only the JSON array of findings on stdout and exits 1 on errors', async () => {
    const { code, stdout, stderr } = await runCli([
      'db',
      'lint',
      '--db',
      db.url,
      '--format',
      'json',
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const findings = JSON.parse(stdout);
    expect(Array.isArray(findings)).toBe(true);
    for (const f of findings) findingSchema.parse(f);
    const names = findings.map((f: { name: string }) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'rls_disabled_in_public',
        'sensitive_columns_exposed',
        'function_search_path_mutable',
      ]),
    );
    expect(findings[0].level).toBe('ERROR');
  });

  it('exits 0 when nothing reaches --fail-on, 1 when something does', async () => {
    expect(
      (await runCli(['db', 'lint', '--db', db.url, '--fail-on', 'none'])).code,
    ).toBe(0);
    const onlyPerf = ['db', 'lint', '--db', db.url, '--only', 'performance'];
    expect((await runCli([...onlyPerf, '--fail-on', 'error'])).code).toBe(0);
    expect((await runCli([...onlyPerf, '--fail-on', 'info'])).code).toBe(1);
  });

  it('prints a readable table grouped by level, with counts and RLS coverage', async () => {
    const { stdout } = await runCli(['db', 'lint', '--db', db.url]);
    expect(stdout).toMatch(/^Database pk_test_\w+ \(PostgreSQL 1\d/);
    expect(stdout).toContain(
      'exposed schemas: public, graphql_public (from authenticator role)',
    );
    expect(stdout).toMatch(
      /\nERROR \(\d+\)\n {2}\[5\] rls_disabled_in_public +public\.orders\n/,
    );
    expect(stdout).toMatch(/\nWARN \(\d+\)\n/);
    expect(stdout).toMatch(/\d+ findings: \d+ error, \d+ warn, \d+ info\n/);
    expect(stdout).toContain(
      'RLS coverage: 1/2 tables in exposed schemas, 1/2 user tables',
    );
  });

  it('narrows by --only and --exclude', async () => {
    const perf = JSON.parse(
      (
        await runCli([
          'db',
          'lint',
          '--db',
          db.url,
          '--format',
          'json',
          '--only',
          'performance',
        ])
      ).stdout,
    );
    expect(
      perf.every((f: { categories: string[] }) =>
        f.categories.includes('PERFORMANCE'),
      ),
    ).toBe(true);
    const excluded = JSON.parse(
      (
        await runCli([
          'db',
          'lint',
          '--db',
          db.url,
          '--format',
          'json',
          '--exclude',
          'rls_disabled_in_public',
          '--exclude',
          'sensitive_columns_exposed',
        ])
      ).stdout,
    );
    const names = excluded.map((f: { name: string }) => f.name);
    expect(names).not.toContain('rls_disabled_in_public');
    expect(names).not.toContain('sensitive_columns_exposed');
    expect(names).toContain('function_search_path_mutable');
  });

  it('accepts risks from an exclusions file and says how many were suppressed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-excl-'));
    const file = path.join(dir, 'exclusions.yaml');
    fs.writeFileSync(
      file,
      [
        'rules:',
        '  - name: function_search_path_mutable',
        '    reason: helper functions are SECURITY INVOKER and only used by migrations',
        'findings:',
        '  - cache_key: rls_disabled_in_public_public_orders',
        '    reason: table is behind a view with its own checks',
      ].join('\n'),
    );
    const json = JSON.parse(
      (
        await runCli([
          'db',
          'lint',
          '--db',
          db.url,
          '--format',
          'json',
          '--exclusions',
          file,
        ])
      ).stdout,
    );
    const keys = json.map((f: { cache_key: string }) => f.cache_key);
    expect(keys).not.toContain('rls_disabled_in_public_public_orders');
    expect(keys).toContain('sensitive_columns_exposed_public_orders');
    expect(
      json.some(
        (f: { name: string }) => f.name === 'function_search_path_mutable',
      ),
    ).toBe(false);
    const table = await runCli([
      'db',
      'lint',
      '--db',
      db.url,
      '--exclusions',
      file,
    ]);
    expect(table.stdout).toMatch(/; \d+ suppressed by exclusions\n/);
  });

  it('rejects a broken exclusions file with one clear sentence', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-excl-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'rules:\n  - name: unused_index\n');
    const { code, stderr, stdout } = await runCli([
      'db',
      'lint',
      '--db',
      db.url,
      '--exclusions',
      file,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `platform-kit: --exclusions: ${file}: rules.0.reason: Invalid input: expected string, received undefined\n`,
    );
    const missing = await runCli([
      'db',
      'lint',
      '--db',
      db.url,
      '--exclusions',
      path.join(dir, 'nope.yaml'),
    ]);
    expect(missing.stderr).toBe(
      `platform-kit: --exclusions: cannot read ${path.join(
        dir,
        'nope.yaml',
      )} (ENOENT)\n`,
    );
  });

  it('shows progress on stderr only when stderr is a terminal', async () => {
    const quiet = await runCli([
      'db',
      'lint',
      '--db',
      db.url,
      '--format',
      'json',
    ]);
    expect(quiet.stderr).toBe('');
    const tty = await runCli(
      ['db', 'lint', '--db', db.url, '--format', 'json'],
      { interactive: true },
    );
    expect(tty.stderr).toContain('reading relations');
    expect(() => JSON.parse(tty.stdout)).not.toThrow();
  });
});
