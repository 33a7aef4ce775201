import { findFreePort } from '@platform-kit/devtools';
import {
  ApplyOutcome,
  applyOutcomeSchema,
  PatchStep,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { testPatch, testPlan, testStep } from './__testUtils__/handPlans';
import { applyPlan } from './applyPlan';
import { ApplyPlanOptions } from './types';

// The applier only needs planSteps; plans here are written by hand, so the
// tests do not depend on the patch builders.
jest.mock('../builders', () => ({ PATCH_BUILDERS: [] }));

jest.setTimeout(90_000);

const step = testStep;

const plan = (
  patches: { findingKey: string; steps: PatchStep[] }[],
): RemediationPlan =>
  testPlan(patches.map(p => testPatch(p.findingKey, p.steps)));

const enableRls = (table: string, extra: Partial<PatchStep> = {}) =>
  step(
    `enable-rls-${table}`,
    `ALTER TABLE "public"."${table}" ENABLE ROW LEVEL SECURITY`,
    { tables: [`"public"."${table}"`], ...extra },
  );

const pinSearchPath = (fn: string, path = "''") =>
  step(
    `pin-${fn}`,
    `ALTER FUNCTION "public"."${fn}"() SET search_path = ${path}`,
    {
      functions: [`"public"."${fn}"()`],
    },
  );

describe('applyPlan', () => {
  let fx: ScanFixture;
  let admin: Client;
  const logs: string[] = [];

  const apply = (
    options: Partial<ApplyPlanOptions> & { plan: RemediationPlan },
  ) =>
    applyPlan({
      connectionString: fx.db.url,
      advisoryLockKey: fx.db.name,
      rescan: async () => [],
      guards: { lockTimeoutMs: 1000, statementTimeoutMs: 10_000 },
      backoffMs: 20,
      // These tests pin the all-or-nothing transaction; applyPlanPerFinding.test.ts covers savepoints.
      allOrNothing: true,
      onLog: (level, message) => logs.push(`${level}: ${message}`),
      ...options,
    }).then(outcome => applyOutcomeSchema.parse(outcome) as ApplyOutcome);

  const one = async <T>(sql: string, params: unknown[] = []) =>
    (await admin.query(sql, params)).rows[0] as T;
  const rlsOn = async (table: string) =>
    (
      await one<{ on: boolean }>(
        `SELECT relrowsecurity AS on FROM pg_class WHERE oid = $1::regclass`,
        [`public.${table}`],
      )
    ).on;
  const proconfig = async (fn: string) =>
    (
      await one<{ config: string[] | null }>(
        `SELECT proconfig AS config FROM pg_proc WHERE oid = $1::regprocedure`,
        [`public.${fn}()`],
      )
    ).config;
  const blocker = async (table: string) => {
    const client = await fx.db.connect();
    await client.query('BEGIN');
    await client.query(`LOCK TABLE public.${table} IN ACCESS EXCLUSIVE MODE`);
    return client;
  };

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    admin = await fx.db.connect();
  });
  afterAll(() => fx.db.drop());
  beforeEach(() => {
    logs.length = 0;
  });

  it('fixes real findings, verified by a re-scan, with row counts unchanged', async () => {
    await fx.sql(`
      CREATE TABLE public.accounts (id int PRIMARY KEY, name text);
      INSERT INTO public.accounts SELECT g, 'n' || g FROM generate_series(1, 25) g;
      CREATE TABLE public.invoices (id int PRIMARY KEY, account_id int REFERENCES public.accounts);
      INSERT INTO public.invoices SELECT g, 1 + g % 25 FROM generate_series(1, 40) g;
      CREATE FUNCTION public.answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
    `);
    const findings = await fx.findings();
    const key = (name: string, object: string) =>
      findings.find(f => f.name === name && f.metadata.name === object)!
        .cache_key;
    const rlsKey = key('rls_disabled_in_public', 'accounts');
    const fnKey = key('function_search_path_mutable', 'answer');
    const fkKey = key('unindexed_foreign_keys', 'invoices');

    const outcome = await apply({
      plan: plan([
        { findingKey: rlsKey, steps: [enableRls('accounts')] },
        { findingKey: fnKey, steps: [pinSearchPath('answer')] },
        {
          findingKey: fkKey,
          steps: [
            step(
              'index-invoices-account',
              'CREATE INDEX CONCURRENTLY "invoices_account_id_idx" ON "public"."invoices" ("account_id")',
              { transactional: false, tables: ['"public"."invoices"'] },
            ),
          ],
        },
      ]),
      rescan: () => fx.findings(),
    });

    expect(outcome).toEqual({
      status: 'applied',
      findings: expect.arrayContaining([
        expect.objectContaining({ status: 'applied' }),
      ]),
      steps: [
        expect.objectContaining({
          stepId: 'enable-rls-accounts',
          status: 'applied',
          attempts: 1,
        }),
        expect.objectContaining({
          stepId: 'pin-answer',
          status: 'applied',
          attempts: 1,
        }),
        expect.objectContaining({
          stepId: 'index-invoices-account',
          status: 'applied',
          attempts: 1,
        }),
      ],
      remaining: [],
      rowCounts: {
        '"public"."accounts"': { before: 25, after: 25 },
        '"public"."invoices"': { before: 40, after: 40 },
      },
    });
    const after = (await fx.findings()).map(f => f.cache_key);
    expect(after).not.toContain(rlsKey);
    expect(after).not.toContain(fnKey);
    expect(after).not.toContain(fkKey);
    expect(await rlsOn('accounts')).toBe(true);
    expect(await proconfig('answer')).toEqual(['search_path=""']);
    // A line per step with its id, risk and duration, for a scaffolder task's log.
    for (const id of [
      'enable-rls-accounts',
      'pin-answer',
      'index-invoices-account',
    ])
      expect(logs).toContainEqual(
        expect.stringMatching(
          new RegExp(`^info: step ${id} \\[safe\\] .* \\d+ ms`),
        ),
      );
    expect(logs).toContain('info: verified: the re-scan no longer finds them');
  });

  it('fails when the re-scan still finds what a plan meant to fix', async () => {
    await fx.sql(`CREATE TABLE public.stubborn (id int PRIMARY KEY)`);
    const outcome = await apply({
      plan: plan([
        {
          findingKey: 'rls_disabled_in_public_public_stubborn',
          steps: [step('noop', 'SELECT 1')],
        },
      ]),
      rescan: () => fx.findings(),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.steps[0].status).toBe('applied');
    expect(outcome.remaining).toEqual([
      'rls_disabled_in_public_public_stubborn',
    ]);
    expect(outcome.reason).toBe(
      'the re-scan still finds rls_disabled_in_public_public_stubborn',
    );
  });

  it('retries a lock timeout with backoff, then fails cleanly with nothing changed', async () => {
    await fx.sql(`
      CREATE TABLE public.locked (id int PRIMARY KEY);
      INSERT INTO public.locked VALUES (1), (2);
      CREATE FUNCTION public.locked_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
    `);
    const holder = await blocker('locked');
    try {
      const started = Date.now();
      const outcome = await apply({
        plan: plan([
          { findingKey: 'k-fn', steps: [pinSearchPath('locked_fn')] },
          // No row count: the step itself meets the lock (see the next test).
          { findingKey: 'k-rls', steps: [enableRls('locked', { tables: [] })] },
        ]),
        guards: { lockTimeoutMs: 100, statementTimeoutMs: 5000 },
        lockRetries: 2,
        backoffMs: 50,
      });
      expect(outcome.status).toBe('failed');
      expect(outcome.reason).toBe(
        'lock timeout at step enable-rls-locked: the locks were not granted within 100 ms in 3 attempt(s); rolled back, nothing changed',
      );
      expect(outcome.steps).toEqual([
        {
          stepId: 'pin-locked_fn',
          status: 'skipped',
          attempts: 3,
          durationMs: expect.any(Number),
        },
        {
          stepId: 'enable-rls-locked',
          status: 'failed',
          attempts: 3,
          durationMs: expect.any(Number),
          error: 'canceling statement due to lock timeout (SQLSTATE 55P03)',
        },
      ]);
      expect(outcome.remaining).toEqual(['k-fn', 'k-rls']);
      // Backoff 50 ms then 100 ms between the three attempts.
      expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 100 + 150);
      expect(logs.filter(l => l.startsWith('warn: lock timeout'))).toEqual([
        'warn: lock timeout at step enable-rls-locked (attempt 1 of 3): rolled back, retrying in 50 ms',
        'warn: lock timeout at step enable-rls-locked (attempt 2 of 3): rolled back, retrying in 100 ms',
      ]);
    } finally {
      await holder.query('ROLLBACK');
    }
    expect(await rlsOn('locked')).toBe(false);
    expect(await proconfig('locked_fn')).toBeNull();
  });

  it('names the table when the lock timeout comes while counting its rows', async () => {
    await fx.sql(`CREATE TABLE public.counted (id int PRIMARY KEY)`);
    const holder = await blocker('counted');
    try {
      const outcome = await apply({
        plan: plan([{ findingKey: 'k', steps: [enableRls('counted')] }]),
        guards: { lockTimeoutMs: 100, statementTimeoutMs: 5000 },
        lockRetries: 1,
      });
      expect(outcome.status).toBe('failed');
      expect(outcome.reason).toMatch(
        /^lock timeout while counting the rows of "public"\."counted": .* in 2 attempt\(s\); rolled back, nothing changed$/,
      );
      expect(outcome.steps).toEqual([
        expect.objectContaining({ status: 'skipped', attempts: 0 }),
      ]);
      expect(outcome.rowCounts).toEqual({});
    } finally {
      await holder.query('ROLLBACK');
    }
    expect(await rlsOn('counted')).toBe(false);
  });

  it('applies on a retry once the lock is released', async () => {
    await fx.sql(`CREATE TABLE public.released (id int PRIMARY KEY)`);
    const holder = await blocker('released');
    let release: Promise<unknown> | undefined;
    const outcome = await apply({
      plan: plan([
        {
          findingKey: 'k',
          steps: [enableRls('released', { tables: [] })],
        },
      ]),
      guards: { lockTimeoutMs: 100, statementTimeoutMs: 5000 },
      lockRetries: 3,
      backoffMs: 300,
      onLog: (level, message) => {
        logs.push(`${level}: ${message}`);
        if (message.startsWith('lock timeout') && !release)
          release = holder.query('ROLLBACK');
      },
    });
    await release;
    expect(outcome.status).toBe('applied');
    expect(outcome.steps).toEqual([
      expect.objectContaining({ status: 'applied', attempts: 2 }),
    ]);
    expect(await rlsOn('released')).toBe(true);
  });

  it('never interleaves two applies on one target: the second fails at once or waits', async () => {
    await fx.sql(
      `CREATE TABLE public.apply_log (who text, event text, at timestamptz)`,
    );
    const slowPlan = (who: string) =>
      plan([
        {
          findingKey: `k-${who}`,
          steps: [
            step(
              `${who}-start`,
              `INSERT INTO public.apply_log VALUES ('${who}', 'start', clock_timestamp())`,
            ),
            step(`${who}-work`, 'SELECT pg_sleep(0.4)'),
            step(
              `${who}-end`,
              `INSERT INTO public.apply_log VALUES ('${who}', 'end', clock_timestamp())`,
            ),
          ],
        },
      ]);
    let holding!: () => void;
    const aHoldsLock = new Promise<void>(resolve => {
      holding = resolve;
    });
    const onLog = (_: string, message: string) => {
      if (message.startsWith('applying')) holding();
    };
    const first = apply({ plan: slowPlan('a'), onLog });
    await aHoldsLock;
    const impatient = await apply({ plan: slowPlan('b') });
    expect(impatient.status).toBe('failed');
    expect(impatient.reason).toBe(
      `another remediation is running on ${fx.db.name}`,
    );
    expect(
      impatient.steps.every(s => s.status === 'skipped' && s.attempts === 0),
    ).toBe(true);
    const patient = apply({ plan: slowPlan('c'), waitForLockMs: 20_000 });
    expect((await first).status).toBe('applied');
    expect((await patient).status).toBe('applied');
    const { rows } = await admin.query(
      `SELECT who || '-' || event AS e FROM public.apply_log ORDER BY at`,
    );
    expect(rows.map(r => r.e)).toEqual([
      'a-start',
      'a-end',
      'c-start',
      'c-end',
    ]);
    // Another key (another target) is not held back.
    const other = await apply({
      plan: slowPlan('d'),
      advisoryLockKey: 'elsewhere',
    });
    expect(other.status).toBe('applied');
  });

  it.each([
    [
      'a syntax error',
      'ALTER TABL public.t SET x',
      'syntax error at or near "TABL" (SQLSTATE 42601)',
    ],
    ['a runtime error', 'SELECT 1 / 0', 'division by zero (SQLSTATE 22012)'],
  ])('rolls everything back after %s', async (_, badSql, error) => {
    const table = `broken_${Math.random().toString(36).slice(2, 8)}`;
    await fx.sql(`
      CREATE TABLE public.${table} (id int PRIMARY KEY);
      CREATE FUNCTION public.${table}_fn() RETURNS int LANGUAGE sql AS 'SELECT 1';
    `);
    const outcome = await apply({
      plan: plan([
        {
          findingKey: 'k1',
          steps: [enableRls(table), pinSearchPath(`${table}_fn`)],
        },
        {
          findingKey: 'k2',
          steps: [step('bad', badSql), step('after', 'SELECT 2')],
        },
        {
          findingKey: 'k3',
          steps: [
            step(
              'concurrent',
              `CREATE INDEX CONCURRENTLY ix_${table} ON public.${table} (id)`,
              {
                transactional: false,
              },
            ),
          ],
        },
      ]),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe(
      `step bad failed: ${error}; rolled back, nothing changed`,
    );
    expect(outcome.steps.map(s => [s.stepId, s.status, s.attempts])).toEqual([
      [`enable-rls-${table}`, 'skipped', 1],
      [`pin-${table}_fn`, 'skipped', 1],
      ['bad', 'failed', 1],
      ['after', 'skipped', 0],
      ['concurrent', 'skipped', 0],
    ]);
    expect(outcome.steps[2].error).toBe(error);
    expect(outcome.rowCounts).toEqual({
      [`"public"."${table}"`]: { before: 0, after: 0 },
    });
    expect(await rlsOn(table)).toBe(false);
    expect(await proconfig(`${table}_fn`)).toBeNull();
    expect(
      (
        await one<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_class WHERE relname = $1`,
          [`ix_${table}`],
        )
      ).n,
    ).toBe(0);
  });

  it('rolls back when a step changes the rows of a table it must leave alone', async () => {
    await fx.sql(`
      CREATE TABLE public.kept (id int PRIMARY KEY);
      INSERT INTO public.kept VALUES (1), (2), (3);
    `);
    const outcome = await apply({
      plan: plan([
        {
          findingKey: 'k',
          steps: [
            enableRls('kept'),
            step('sneaky', 'DELETE FROM public.kept WHERE id = 1', {
              tables: ['public.kept'],
            }),
          ],
        },
      ]),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe(
      'the steps changed the rows of "public"."kept" (3 before, 2 after); rolled back, nothing changed',
    );
    expect(outcome.rowCounts).toEqual({
      '"public"."kept"': { before: 3, after: 3 },
    });
    expect(await rlsOn('kept')).toBe(false);
    expect(
      (await one<{ n: number }>('SELECT count(*)::int AS n FROM public.kept'))
        .n,
    ).toBe(3);
  });

  describe('function verification', () => {
    beforeAll(async () => {
      await fx.sql(`
        CREATE TABLE public.orders (id int PRIMARY KEY);
        CREATE FUNCTION public.order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders';
        CREATE FUNCTION public.order_count_pl() RETURNS bigint LANGUAGE plpgsql
          AS 'BEGIN RETURN (SELECT count(*) FROM orders); END';
      `);
    });

    it('rolls back a search_path that no longer reaches a table a LANGUAGE sql function uses', async () => {
      const outcome = await apply({
        plan: plan([
          { findingKey: 'k-rls', steps: [enableRls('orders')] },
          { findingKey: 'k-fn', steps: [pinSearchPath('order_count')] },
        ]),
      });
      expect(outcome.status).toBe('failed');
      expect(outcome.reason).toBe(
        'function "public"."order_count"() no longer resolves its objects: relation "orders" does not exist (SQLSTATE 42P01); rolled back, nothing changed',
      );
      expect(outcome.steps).toEqual([
        expect.objectContaining({
          stepId: 'enable-rls-orders',
          status: 'skipped',
        }),
        expect.objectContaining({
          stepId: 'pin-order_count',
          status: 'failed',
          error:
            'function "public"."order_count"() no longer resolves its objects: relation "orders" does not exist (SQLSTATE 42P01)',
        }),
      ]);
      expect(await proconfig('order_count')).toBeNull();
      expect(await rlsOn('orders')).toBe(false);
    });

    it('finds functions by their identity arguments, names included', async () => {
      await fx.sql(
        `CREATE FUNCTION public.orders_over(min_id int) RETURNS bigint LANGUAGE sql
           AS 'SELECT count(*) FROM orders WHERE id > min_id'`,
      );
      const outcome = await apply({
        plan: plan([
          {
            findingKey: 'k',
            steps: [
              step(
                'pin',
                `ALTER FUNCTION public.orders_over(int) SET search_path = ''`,
                {
                  functions: ['"public"."orders_over"(min_id integer)'],
                },
              ),
            ],
          },
        ]),
      });
      expect(outcome.reason).toBe(
        'function "public"."orders_over"(min_id integer) no longer resolves its objects: relation "orders" does not exist (SQLSTATE 42P01); rolled back, nothing changed',
      );
    });

    it('commits a search_path that still reaches it', async () => {
      const outcome = await apply({
        plan: plan([
          {
            findingKey: 'k',
            steps: [pinSearchPath('order_count', 'public, pg_temp')],
          },
        ]),
      });
      expect(outcome.status).toBe('applied');
      expect(await proconfig('order_count')).toEqual([
        'search_path=public, pg_temp',
      ]);
    });

    it('only checks the syntax of plpgsql functions (names resolve when they run)', async () => {
      const outcome = await apply({
        plan: plan([
          { findingKey: 'k', steps: [pinSearchPath('order_count_pl')] },
        ]),
      });
      expect(outcome.status).toBe('applied');
      await expect(
        admin.query('SELECT public.order_count_pl()'),
      ).rejects.toThrow('relation "orders" does not exist');
    });

    it('fails when a function the plan names no longer exists', async () => {
      const outcome = await apply({
        plan: plan([
          {
            findingKey: 'k',
            steps: [
              step('noop', 'SELECT 1', {
                functions: ['"public"."gone"(integer)'],
              }),
            ],
          },
        ]),
      });
      expect(outcome.status).toBe('failed');
      expect(outcome.reason).toBe(
        'function "public"."gone"(integer) no longer resolves its objects: the function does not exist; rolled back, nothing changed',
      );
    });
  });

  it('runs CONCURRENTLY steps on their own after the transaction, each with its own status', async () => {
    await fx.sql(`
      CREATE TABLE public.items (id int PRIMARY KEY, code text, owner_id int);
      INSERT INTO public.items VALUES (1, 'x', 1), (2, 'x', 2), (3, 'y', 3);
    `);
    const concurrent = (id: string, sql: string) =>
      step(id, sql, { transactional: false, tables: ['"public"."items"'] });
    const outcome = await apply({
      plan: plan([
        { findingKey: 'k-rls', steps: [enableRls('items')] },
        {
          findingKey: 'k-ok',
          steps: [
            concurrent(
              'ix-owner',
              'CREATE INDEX CONCURRENTLY items_owner_idx ON public.items (owner_id)',
            ),
          ],
        },
        {
          findingKey: 'k-missing',
          steps: [
            concurrent(
              'ix-missing',
              'CREATE INDEX CONCURRENTLY items_nope_idx ON public.items (nope)',
            ),
          ],
        },
        {
          findingKey: 'k-dup',
          steps: [
            concurrent(
              'ix-dup',
              'CREATE UNIQUE INDEX CONCURRENTLY items_code_key ON public.items (code)',
            ),
          ],
        },
      ]),
    });
    // Two findings applied, two did not: a partial apply that says which.
    expect(outcome.status).toBe('partial');
    expect(outcome.findings.map(f => [f.findingKey, f.status])).toEqual([
      ['k-rls', 'applied'],
      ['k-ok', 'applied'],
      ['k-missing', 'rolled-back'],
      ['k-dup', 'rolled-back'],
    ]);
    expect(outcome.steps.map(s => [s.stepId, s.status])).toEqual([
      ['enable-rls-items', 'applied'],
      ['ix-owner', 'applied'],
      ['ix-missing', 'failed'],
      ['ix-dup', 'failed'],
    ]);
    expect(outcome.steps[2].error).toBe(
      'column "nope" does not exist (SQLSTATE 42703)',
    );
    expect(outcome.steps[3].error).toMatch(
      /^could not create unique index "items_code_key" \(SQLSTATE 23505\); the invalid index "public"\."items_code_key" it left was dropped$/,
    );
    expect(outcome.reason).toMatch(
      /^k-missing rolled-back: step ix-missing failed: .*; k-dup rolled-back: step ix-dup failed: .*$/,
    );
    expect(outcome.rowCounts).toEqual({
      '"public"."items"': { before: 3, after: 3 },
    });
    expect(await rlsOn('items')).toBe(true);
    const { rows } = await admin.query(
      `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'public.items'::regclass ORDER BY 1`,
    );
    expect(rows).toEqual([
      { name: 'items_owner_idx', valid: true },
      { name: 'items_pkey', valid: true },
    ]);
    expect(logs).toContain(
      'warn: dropped the invalid index "public"."items_code_key" the failure left',
    );
  });

  it('applies a plan without steps without connecting, and says which patches need a human', async () => {
    const manual = plan([]);
    manual.patches.push({
      lint: 'extension_in_public',
      findingKey: 'extension_in_public_pg_trgm',
      title: 'move pg_trgm',
      steps: [],
      dependants: [],
      probes: [],
      manual: {
        reason: 'not relocatable',
        instructions: 'drop and recreate it',
      },
    });
    const outcome = await apply({
      plan: manual,
      connectionString: 'postgres://nobody:secret@127.0.0.1:1/none',
    });
    expect(outcome).toEqual({
      status: 'applied',
      steps: [],
      findings: [
        {
          findingKey: 'extension_in_public_pg_trgm',
          status: 'needs-human',
          reason: 'not relocatable',
          probes: [],
        },
      ],
      remaining: [],
      rowCounts: {},
    });
    expect(logs).toContain(
      'warn: extension_in_public_pg_trgm needs a human: not relocatable; not applied',
    );
  });

  it('never reports the password of a target it cannot reach', async () => {
    const port = await findFreePort();
    const url = `postgresql://admin:hunter2secret@127.0.0.1:${port}/app`;
    const outcome = await apply({
      plan: plan([{ findingKey: 'k', steps: [step('s', 'SELECT 1')] }]),
      connectionString: url,
      advisoryLockKey: url,
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toMatch(/^cannot connect to the target: /);
    expect(JSON.stringify(outcome)).not.toContain('hunter2secret');
    expect(logs.join('\n')).not.toContain('hunter2secret');
  });

  it('rejects a plan whose table names are not SQL names', async () => {
    const outcome = await apply({
      plan: plan([
        {
          findingKey: 'k',
          steps: [
            step('s', 'SELECT 1', { tables: ['public.t; DROP TABLE x'] }),
          ],
        },
      ]),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe(
      'invalid plan or options: not an SQL name: public.t; DROP TABLE x',
    );
  });
});
