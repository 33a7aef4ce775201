import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import {
  applyOutcomeSchema,
  remediationPlanSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { FIXABLE_LINTS } from '@platform-kit/plugin-platform-kit-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './__testUtils__/runCli';
import { targetOf } from './commands/dbFix';

jest.setTimeout(90_000);

type Client = Awaited<ReturnType<TestDatabase['connect']>>;

describe('platform-kit db fix', () => {
  let db: TestDatabase;
  let admin: Client;
  let password: string;

  const rlsOn = async (table: string) =>
    (
      await admin.query(
        'SELECT relrowsecurity AS on FROM pg_class WHERE oid = $1::regclass',
        [table],
      )
    ).rows[0].on as boolean;
  const findingKeys = async () =>
    JSON.parse(
      (await runCli(['db', 'lint', '--db', db.url, '--format', 'json'])).stdout,
    ).map((f: { cache_key: string }) => f.cache_key) as string[];
  const noSecrets = (...texts: string[]) => {
    for (const text of texts) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(db.url);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    password = decodeURIComponent(new URL(db.url).password);
    admin = await db.connect();
    await admin.query(`
      CREATE TABLE public.notes (id int PRIMARY KEY, body text);
      INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 12) g;
      CREATE TABLE public.tags (id int PRIMARY KEY, label text);
      CREATE TABLE public.locked_docs (id int PRIMARY KEY);
      CREATE FUNCTION public.add_one(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';
      -- The API roles read these, and a policy lets them: enabling RLS keeps
      -- their access, so the plan enables it.
      REVOKE ALL ON public.notes, public.tags, public.locked_docs FROM anon, authenticated;
      GRANT SELECT ON public.notes, public.tags, public.locked_docs TO anon, authenticated;
      CREATE POLICY "read notes" ON public.notes FOR SELECT TO anon, authenticated USING (true);
      CREATE POLICY "read tags" ON public.tags FOR SELECT TO anon, authenticated USING (true);
      CREATE POLICY "read docs" ON public.locked_docs FOR SELECT TO anon, authenticated USING (true);
      -- The API roles read this one today and no policy lets them: enabling RLS
      -- would hide every row, so its fix needs a human.
      CREATE TABLE public.shared (id int PRIMARY KEY);
    `);
  });
  afterAll(() => db.drop());

  it('has a password in the test URL (so that the secret checks mean something)', () => {
    expect(password.length).toBeGreaterThanOrEqual(4);
  });

  it('prints the plan as SQL without changing anything (a dry run)', async () => {
    const before = await findingKeys();
    const { code, stdout, stderr } = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /^-- Platform Kit remediation plan for postgres(?:ql)?:\/\/127\.0\.0\.1:\d+\/pk_test_\w+ /,
    );
    expect(stdout).toContain("BEGIN;\n\nSET LOCAL lock_timeout = '3000ms';");
    expect(stdout).toMatch(
      /ALTER TABLE "public"\."notes" ENABLE ROW LEVEL SECURITY/,
    );
    expect(stdout).toContain('"public"."add_one"(');
    noSecrets(stdout, stderr);
    expect(await rlsOn('public.notes')).toBe(false);
    expect(await findingKeys()).toEqual(before);
  });

  it('prints the plan as JSON, narrowed by --lint and --finding', async () => {
    const byLint = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--lint',
      'rls_disabled_in_public',
      '--format',
      'json',
      '--lock-timeout',
      '250',
    ]);
    expect(byLint.code).toBe(0);
    const plan = remediationPlanSchema.parse(JSON.parse(byLint.stdout));
    expect(plan.targetRef).toBe(targetOf(db.url));
    expect(plan.patches.map(p => p.findingKey).sort()).toEqual([
      'rls_disabled_in_public_public_locked_docs',
      'rls_disabled_in_public_public_notes',
      'rls_disabled_in_public_public_shared',
      'rls_disabled_in_public_public_tags',
    ]);
    noSecrets(byLint.stdout);

    const byFinding = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--finding',
      'rls_disabled_in_public_public_tags',
      '--format',
      'json',
    ]);
    expect(
      remediationPlanSchema
        .parse(JSON.parse(byFinding.stdout))
        .patches.map(p => p.findingKey),
    ).toEqual(['rls_disabled_in_public_public_tags']);
  });

  it('passes --include-destructive and --policy-skeletons to the plan', async () => {
    // Signed-in users insert today and no policy lets them: without skeletons
    // the fix needs a human; with them an owner policy keeps the inserts.
    await admin.query(
      `CREATE TABLE public.owned (id int PRIMARY KEY, user_id uuid);
       REVOKE ALL ON public.owned FROM anon, authenticated;
       GRANT SELECT, INSERT ON public.owned TO authenticated;
       CREATE POLICY "read owned" ON public.owned FOR SELECT TO authenticated USING (true)`,
    );
    const args = [
      'db',
      'fix',
      '--db',
      db.url,
      '--finding',
      'rls_disabled_in_public_public_owned',
      '--format',
      'json',
    ];
    const stepsSql = (stdout: string) =>
      remediationPlanSchema
        .parse(JSON.parse(stdout))
        .patches.flatMap(p => p.steps.map(s => s.sql))
        .join('\n');
    const plain = await runCli(args);
    expect(JSON.parse(plain.stdout).includeDestructive).toBe(false);
    expect(JSON.parse(plain.stdout).patches[0].manual).not.toBeNull();
    expect(stepsSql(plain.stdout)).not.toContain('CREATE POLICY');
    const json = await runCli([
      ...args,
      '--include-destructive',
      '--policy-skeletons',
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).includeDestructive).toBe(true);
    expect(stepsSql(json.stdout)).toMatch(
      /CREATE POLICY "platform_kit_owner_insert" ON "public"\."owned"/,
    );
    await admin.query('DROP TABLE public.owned');
  });

  it('exits 2 with the fixable lints for a lint it cannot fix', async () => {
    for (const lint of ['no_such_lint', 'unused_index']) {
      const { code, stdout, stderr } = await runCli([
        'db',
        'fix',
        '--db',
        db.url,
        '--lint',
        lint,
      ]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `platform-kit: --lint: no automatic fix for ${lint}; fixable lints: ${FIXABLE_LINTS.join(
          ', ',
        )}\n`,
      );
    }
    expect(FIXABLE_LINTS).toContain('rls_disabled_in_public');
  });

  it.each([
    [
      ['db', 'fix'],
      'platform-kit: give the database with --db <url>: fixing needs a direct connection (postgres:// or postgresql://)',
    ],
    [
      ['db', 'fix', '--db', 'mysql://x'],
      'platform-kit: --db: must be a postgres:// or postgresql:// connection string',
    ],
    [
      ['db', 'fix', '--db', 'postgres://h/d', '--format', 'table'],
      'platform-kit: --format: Invalid option: expected one of "sql"|"json"',
    ],
    [
      ['db', 'fix', '--db', 'postgres://h/d', '--lint', 'Bad-Name'],
      'platform-kit: --lint: must be a lint name such as rls_disabled_in_public',
    ],
    [
      ['db', 'fix', '--db', 'postgres://h/d', '--lock-timeout', '0'],
      'platform-kit: --lock-timeout: Too small: expected number to be >=1',
    ],
  ])('%j exits 2 with one sentence', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\n`);
  });

  it('exits 2 for an --app-source folder that does not exist, before connecting', async () => {
    const missing = path.join(os.tmpdir(), 'pk-no-such-app-source');
    const { code, stdout, stderr } = await runCli([
      'db',
      'fix',
      '--db',
      'postgres://127.0.0.1:1/none',
      '--app-source',
      missing,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `platform-kit: --app-source: no such folder: ${missing}\n`,
    );
  });

  it('exits 2 for an --exclude-finding the database does not have', async () => {
    const { code, stdout, stderr } = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--exclude-finding',
      'rls_disabled_in_public_public_tags',
      '--exclude-finding',
      'rls_disabled_in_public_public_nope',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `platform-kit: --exclude-finding: not among the findings of ${targetOf(
        db.url,
      )}: rls_disabled_in_public_public_nope\n`,
    );
  });

  it('leaves --exclude-finding findings out and searches --app-source for callers', async () => {
    const app = await fs.mkdtemp(path.join(os.tmpdir(), 'pk-fix-app-'));
    try {
      await fs.mkdir(path.join(app, 'src'));
      await fs.writeFile(
        path.join(app, 'src', 'notes.ts'),
        "export const list = () => supabase.from('notes').select('*');\n",
      );
      await fs.writeFile(
        path.join(app, 'src', 'tags.py'),
        'supabase.table("tags").select("*").execute()\n',
      );
      await fs.writeFile(
        path.join(app, 'src', 'invite.ts'),
        "// Accepts an invitation\nexport const accept = (token: string) =>\n  supabase.rpc('accept_invitation', { token });\n",
      );
      await admin.query(
        `CREATE FUNCTION public.accept_invitation(token text) RETURNS void
           LANGUAGE sql SECURITY DEFINER SET search_path = '' AS 'SELECT'`,
      );
      const args = [
        'db',
        'fix',
        '--db',
        db.url,
        '--lint',
        'rls_disabled_in_public',
        '--exclude-finding',
        'rls_disabled_in_public_public_locked_docs',
        '--app-source',
        app,
      ];
      const json = await runCli([...args, '--format', 'json']);
      expect(json.code).toBe(0);
      const plan = remediationPlanSchema.parse(JSON.parse(json.stdout));
      expect(plan.appSource).toEqual({ origin: app, files: 3 });
      expect(plan.skipped).toContainEqual({
        findingKey: 'rls_disabled_in_public_public_locked_docs',
        reason: 'excluded by the user',
      });
      expect(plan.patches.map(p => p.findingKey)).not.toContain(
        'rls_disabled_in_public_public_locked_docs',
      );

      const text = await runCli(args);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(
        `-- Application source: ${app} (3 files searched for callers)\n`,
      );
      expect(text.stdout).toContain('-- Dependants and probes per patch:\n');
      expect(text.stdout).toMatch(
        /^-- {3}rls_disabled_in_public_public_notes: (no dependants found|\d+ dependants?), \d+ probes? will run before and after its steps$/m,
      );
      expect(text.stdout).toContain(
        '-- Not fixed by this plan (1):\n--   rls_disabled_in_public_public_locked_docs: excluded by the user\n',
      );
      noSecrets(text.stdout, text.stderr);

      // The RPC the application calls is a dependant of the definer function's fix.
      const rpcArgs = [
        'db',
        'fix',
        '--db',
        db.url,
        '--lint',
        'anon_security_definer_function_executable',
        '--app-source',
        app,
      ];
      const rpc = await runCli([...rpcArgs, '--format', 'json']);
      expect(rpc.code).toBe(0);
      const [patch] = remediationPlanSchema
        .parse(JSON.parse(rpc.stdout))
        .patches.filter(p => p.findingKey.includes('accept_invitation'));
      expect(patch.dependants).toContainEqual(
        expect.objectContaining({
          kind: 'app_call',
          location: 'src/invite.ts:3',
        }),
      );
      const rpcText = await runCli(rpcArgs);
      expect(rpcText.stdout).toMatch(
        /\[\w+\] .*accept_invitation.* at src\/invite\.ts:3\n/,
      );

      // Run from the root of a Supabase project (it holds supabase/): its source is searched.
      await fs.mkdir(path.join(app, 'supabase'));
      const plain = rpcArgs.filter(a => a !== '--app-source' && a !== app);
      const fromRoot = await runCli([...plain, '--format', 'json'], {
        cwd: app,
      });
      expect(fromRoot.stderr).toContain(
        `searching the application source in ${app}`,
      );
      const rooted = remediationPlanSchema.parse(JSON.parse(fromRoot.stdout));
      expect(rooted.appSource).toEqual({ origin: app, files: 3 });
      const off = await runCli(
        [...plain, '--no-app-source', '--format', 'json'],
        {
          cwd: app,
        },
      );
      expect(
        remediationPlanSchema.parse(JSON.parse(off.stdout)).appSource,
      ).toBeNull();
    } finally {
      await admin.query('DROP FUNCTION public.accept_invitation(text)');
      await fs.rm(app, { recursive: true, force: true });
    }
  });

  it('exits 2 for a finding the database does not have', async () => {
    const { code, stderr } = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--finding',
      'rls_disabled_in_public_public_nope',
    ]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `platform-kit: --finding: not among the findings of ${targetOf(
        db.url,
      )}: rls_disabled_in_public_public_nope\n`,
    );
    noSecrets(stderr);
  });

  it('fails with exit 1 and changes nothing when the locks are not granted', async () => {
    const holder = await db.connect();
    await holder.query('BEGIN');
    // An application's open write transaction: the scan can still read the
    // table, but ENABLE ROW LEVEL SECURITY waits for it.
    await holder.query('INSERT INTO public.locked_docs VALUES (1)');
    let result;
    try {
      result = await runCli([
        'db',
        'fix',
        '--db',
        db.url,
        '--finding',
        'rls_disabled_in_public_public_locked_docs',
        '--apply',
        '--lock-timeout',
        '100',
        '--lock-retries',
        '1',
      ]);
    } finally {
      await holder.query('ROLLBACK');
    }
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAILED on postgres(?:ql)?:\/\/127\.0\.0\.1:\d+\/pk_test_\w+: .*lock timeout .* in 2 attempt\(s\); rolled back/,
    );
    expect(result.stdout).toMatch(
      /\n {2}rolled-back {2}rls_disabled_in_public_public_locked_docs: lock timeout /,
    );
    expect(result.stdout).toContain(
      'Still found: rls_disabled_in_public_public_locked_docs',
    );
    expect(result.stderr).toMatch(/warn: .*lock timeout .* retrying in 500 ms/);
    noSecrets(result.stdout, result.stderr);
    expect(await rlsOn('public.locked_docs')).toBe(false);
  });

  it('applies with --apply, verified by a re-scan, and prints the outcome', async () => {
    const json = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--finding',
      'rls_disabled_in_public_public_notes',
      '--apply',
      '--format',
      'json',
    ]);
    expect(json.code).toBe(0);
    const outcome = applyOutcomeSchema.parse(JSON.parse(json.stdout));
    expect(outcome).toMatchObject({
      status: 'applied',
      remaining: [],
      rowCounts: { '"public"."notes"': { before: 12, after: 12 } },
    });
    expect(outcome.steps.every(s => s.status === 'applied')).toBe(true);
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        findingKey: 'rls_disabled_in_public_public_notes',
        status: 'applied',
      }),
    ]);
    // The roles that read the table through its policy still do.
    expect(outcome.findings[0].probes.length).toBeGreaterThan(0);
    for (const probe of outcome.findings[0].probes)
      expect(probe).toMatchObject({ before: 'ok', after: 'ok' });
    expect(json.stderr).toMatch(/step \S+ \[\S+\] ran in \d+ ms/);
    noSecrets(json.stdout, json.stderr);
    expect(await rlsOn('public.notes')).toBe(true);
    expect(await findingKeys()).not.toContain(
      'rls_disabled_in_public_public_notes',
    );

    const fnKey = (await findingKeys()).find(k =>
      k.startsWith('function_search_path_mutable_public_add_one'),
    )!;
    const text = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--finding',
      fnKey,
      '--finding',
      'rls_disabled_in_public_public_tags',
      '--apply',
      '--all-or-nothing',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^Applied to postgres(?:ql)?:\/\/127\.0\.0\.1:\d+\/pk_test_\w+ and verified by a re-scan\.\n\nFindings:\n/,
    );
    expect(text.stdout).toContain(`\n  applied  ${fnKey}\n`);
    expect(text.stdout).toMatch(
      /\n {2}applied {2}rls_disabled_in_public_public_tags\n( {13}probe as (anon|authenticated): .+: ok -> ok\n)+/,
    );
    expect(text.stdout).toMatch(/\nSteps:\n {2}applied /);
    expect(text.stdout).toContain('Still found: none');
    expect(await rlsOn('public.tags')).toBe(true);
    noSecrets(text.stdout, text.stderr);
    expect(await findingKeys()).not.toContain(fnKey);
  });

  it('names the steps the role lacks privileges for, commits the findings that work and reports the others (PARTIAL), or none with --all-or-nothing', async () => {
    // A role that owns one table and not the other: enabling RLS on the other
    // fails ("must be owner"), and only that finding is rolled back.
    const role = `pk_fixer_${db.name.slice(-6)}`;
    await admin.query(`
      CREATE ROLE ${role} LOGIN PASSWORD '${password}';
      GRANT USAGE, CREATE ON SCHEMA public TO ${role};
      -- As on Supabase, the connecting role may act as the API roles (the probes do).
      GRANT anon, authenticated TO ${role};
      CREATE TABLE public.mine (id int PRIMARY KEY);
      CREATE TABLE public.theirs (id int PRIMARY KEY);
      ALTER TABLE public.mine OWNER TO ${role};
      GRANT SELECT ON public.theirs TO ${role};
      REVOKE ALL ON public.mine, public.theirs FROM anon, authenticated;
      GRANT SELECT ON public.mine, public.theirs TO anon, authenticated;
      CREATE POLICY "read mine" ON public.mine FOR SELECT TO anon, authenticated USING (true);
      CREATE POLICY "read theirs" ON public.theirs FOR SELECT TO anon, authenticated USING (true);
    `);
    const url = new URL(db.url);
    url.username = role;
    const args = [
      'db',
      'fix',
      '--db',
      url.toString(),
      '--finding',
      'rls_disabled_in_public_public_mine',
      '--finding',
      'rls_disabled_in_public_public_theirs',
      '--apply',
    ];
    try {
      const dryRun = await runCli(args.filter(a => a !== '--apply'));
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toMatch(
        /\n-- Pre-flight problems \(1\): these findings will not be applied:\n-- {3}rls_disabled_in_public_public_theirs step enable-rls:"public"\."theirs": .+\n/,
      );
      const json = await runCli([
        ...args.filter(a => a !== '--apply'),
        '--format',
        'json',
      ]);
      expect(
        remediationPlanSchema
          .parse(JSON.parse(json.stdout))
          .preflight.map(p => p.findingKey),
      ).toEqual(['rls_disabled_in_public_public_theirs']);
      noSecrets(dryRun.stdout, dryRun.stderr, json.stdout);

      const all = await runCli([...args, '--all-or-nothing']);
      expect(all.code).toBe(1);
      expect(all.stdout).toMatch(
        /^FAILED on postgres(?:ql)?:\/\/127\.0\.0\.1:\d+\/pk_test_\w+: /,
      );
      expect(await rlsOn('public.mine')).toBe(false);

      const text = await runCli(args);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(
        /^PARTIAL on postgres(?:ql)?:\/\/127\.0\.0\.1:\d+\/pk_test_\w+: 1 of 2 findings applied/,
      );
      expect(text.stdout).toMatch(
        /\n {2}applied +rls_disabled_in_public_public_mine\n( +probe as (anon|authenticated): .+: ok -> ok\n){2}/,
      );
      expect(text.stdout).toMatch(
        /\n {2}(rolled-back|not-run) +rls_disabled_in_public_public_theirs: .*(must be owner of table theirs|is owned by postgres)/,
      );
      noSecrets(text.stdout, text.stderr, all.stdout, all.stderr);
      expect(await rlsOn('public.mine')).toBe(true);
      expect(await rlsOn('public.theirs')).toBe(false);
    } finally {
      await admin.query(`
        DROP TABLE public.mine, public.theirs;
        DROP OWNED BY ${role};
      `);
      // Roles are the cluster's: a plan applied meanwhile in another test's
      // database may have granted EXECUTE back to this role too (grants go to
      // every role that could execute). It then stays, unused, in the
      // throwaway test cluster.
      await admin.query(`DROP ROLE ${role}`).catch(error => {
        if (error.code !== '2BP01') throw error;
      });
    }
  });

  it('applies nothing and exits 0 when the selection has no findings', async () => {
    const { code, stdout } = await runCli([
      'db',
      'fix',
      '--db',
      db.url,
      '--lint',
      'extension_in_public',
      '--apply',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('The plan has no steps: nothing to apply.');
  });
});

describe('targetOf', () => {
  it('keeps scheme, host, port and database only', () => {
    expect(
      targetOf(
        'postgresql://admin:s3cret@db.example.com:6543/app?sslmode=require&password=x',
      ),
    ).toBe('postgresql://db.example.com:6543/app');
    expect(targetOf('postgres://localhost/app')).toBe(
      'postgres://localhost/app',
    );
  });
});
