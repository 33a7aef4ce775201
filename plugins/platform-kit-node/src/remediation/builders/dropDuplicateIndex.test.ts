import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import { countRows, q } from './__testUtils__/roles';

jest.setTimeout(120_000);

const SCHEMA = 'Weird "Schema".x';
const s = q(SCHEMA);
const SELECT = `${s}."select"`;
const INDEX_A = 'dup idx "a"';
const INDEX_B = 'Dup.Idx B';

describe('duplicate index builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];
  const group = (name: string) =>
    findings.find(f => (f.metadata.indexes as string[]).includes(name))!;

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      create table ${SELECT} ("Id" int primary key, "from" text, project int);
      insert into ${SELECT} select g, 'f' || g, g % 3 from generate_series(1, 20) g;
      create index ${q(INDEX_A)} on ${SELECT} ("from");
      create index ${q(INDEX_B)} on ${SELECT} ("from");
      create index "order_a" on ${SELECT} (project);
      create index "order_b" on ${SELECT} (project);
      create index "order_c" on ${SELECT} (project);
      -- a unique index duplicating the primary key's
      create table public.tasks (id int primary key, title text);
      insert into public.tasks values (1, 'a'), (2, 'b');
      create unique index tasks_id_key on public.tasks (id);
      -- created after both: it uses the primary key's index (pointed at by the inventory)
      create table public.task_refs (task int references public.tasks (id));
      -- two constraints backed by identical indexes
      create table public.twice (a int, constraint twice_u1 unique (a));
      alter table public.twice add constraint twice_u2 unique (a);
      -- a foreign key may depend on either of two unique indexes
      create table public.codes (code text);
      create unique index codes_a on public.codes (code);
      create unique index codes_b on public.codes (code);
      create table public.uses (code text references public.codes (code));
    `);
    findings = await fx.findings('duplicate_index');
  });
  afterAll(() => fx.db.drop());

  it('skips the destructive patches without the opt-in', async () => {
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: ['duplicate_index'],
    });
    expect(plan.skipped.map(x => x.findingKey).sort()).toEqual(
      [group(INDEX_A), group('order_a'), group('tasks_id_key')]
        .map(f => f.cache_key)
        .sort(),
    );
    expect(plan.skipped[0].reason).toBe(
      'destructive: include destructive steps to apply it',
    );
    // What needs a person is no SQL, so nothing destructive.
    expect(plan.patches.map(p => p.findingKey).sort()).toEqual(
      [group('twice_u1'), group('codes_a')].map(f => f.cache_key).sort(),
    );
  });

  it('drops all but the copy to keep, concurrently', async () => {
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: ['duplicate_index'],
      includeDestructive: true,
    });
    expect(plan.skipped).toEqual([]);
    const patchOf = (name: string) =>
      plan.patches.find(p => p.findingKey === group(name).cache_key)!;

    const from = patchOf(INDEX_A);
    expect(from).toMatchObject({
      title: `Drop duplicate indexes of ${SCHEMA}.select`,
      manual: null,
      steps: [
        {
          // 'Dup.Idx B' sorts first and stays
          sql: `DROP INDEX CONCURRENTLY IF EXISTS ${s}.${q(INDEX_A)}`,
          risk: 'destructive',
          transactional: false,
          tables: [SELECT],
          resolves: [from.findingKey],
        },
      ],
    });
    expect(from.steps[0].rationale).toBe(
      `Drops index "${INDEX_A}" of ${SCHEMA}.select, identical to "${INDEX_B}", which stays (it comes first by name): writes stop maintaining both and queries use "${INDEX_B}". Dropped CONCURRENTLY, outside a transaction, without blocking reads or writes. Destructive: anything that names "${INDEX_A}" (CLUSTER ... USING, REPLICA IDENTITY USING INDEX, query hints, monitoring) must switch to "${INDEX_B}"; to undo, recreate it: CREATE INDEX "dup idx ""a""" ON "Weird ""Schema"".x"."select" USING btree ("from")`,
    );
    expect(patchOf('order_a').steps.map(st => st.sql)).toEqual([
      `DROP INDEX CONCURRENTLY IF EXISTS ${s}."order_b"`,
      `DROP INDEX CONCURRENTLY IF EXISTS ${s}."order_c"`,
    ]);
    const tasks = patchOf('tasks_id_key');
    expect(tasks.steps.map(st => st.sql)).toEqual([
      'DROP INDEX CONCURRENTLY IF EXISTS "public"."tasks_id_key"',
    ]);
    expect(tasks.steps[0].rationale).toContain(
      'which stays (it backs constraint "tasks_pkey")',
    );
    expect(patchOf('twice_u1')).toMatchObject({
      steps: [],
      manual: {
        reason:
          '"twice_u1" backs constraint "twice_u1" and "twice_u2" backs constraint "twice_u2": an index that backs a constraint goes only with its constraint.',
      },
    });
    expect(patchOf('codes_a')).toMatchObject({
      steps: [],
      manual: {
        reason: expect.stringContaining(
          'foreign key(s) "uses_code_fkey" of public.uses reference these columns',
        ),
      },
    });
    await expectCleanPlanSql(plan);

    const before = [
      await countRows(fx.db.url, SELECT),
      await countRows(fx.db.url, 'public.tasks'),
    ];
    await applyPlanSql(fx.db.url, plan);
    expect([
      await countRows(fx.db.url, SELECT),
      await countRows(fx.db.url, 'public.tasks'),
    ]).toEqual(before);
    expect(
      (await fx.findings('duplicate_index'))
        .map(f => (f.metadata.indexes as string[]).join(' '))
        .sort(),
    ).toEqual(['codes_a codes_b', 'twice_u1 twice_u2']);
    const client = new Client({ connectionString: fx.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
          where i.indrelid in ($1::regclass, 'public.tasks'::regclass) and i.indisvalid order by 1`,
        [SELECT],
      );
      expect(rows.map(r => r.name)).toEqual(
        [INDEX_B, 'order_a', 'select_pkey', 'tasks_pkey'].sort(),
      );
    } finally {
      await client.end();
    }
  });
});

describe('duplicate index builder: routines without arguments, empty values', () => {
  let fx: ScanFixture;

  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create function public.bucket_size() returns int language sql immutable
        set search_path = '' as $$ select 10 $$;
      create table public.readings (id int primary key, v int, note text);
      insert into public.readings select g, g, case when g % 2 = 0 then '' else 'x' end
        from generate_series(1, 30) g;
      -- identical expression indexes calling a routine without arguments,
      -- partial on an empty string
      create index readings_bucket_a on public.readings ((v / public.bucket_size())) where note <> '';
      create index readings_bucket_b on public.readings ((v / public.bucket_size())) where note <> '';
    `);
  });
  afterAll(() => fx.db.drop());

  it('drops the copy and names its definition for the undo; refuses a list without two indexes', async () => {
    const findings = await fx.findings('duplicate_index');
    expect(findings.map(f => f.metadata.indexes)).toEqual([
      ['readings_bucket_a', 'readings_bucket_b'],
    ]);
    const inventory = await fx.inventory();
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: ['duplicate_index'],
      includeDestructive: true,
    });
    expect(plan.skipped).toEqual([]);
    const [drop] = plan.patches[0].steps;
    expect(drop.sql).toBe(
      'DROP INDEX CONCURRENTLY IF EXISTS "public"."readings_bucket_b"',
    );
    expect(drop.rationale).toContain(
      "to undo, recreate it: CREATE INDEX readings_bucket_b ON public.readings USING btree (((v / public.bucket_size()))) WHERE (note <> ''::text)",
    );
    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings('duplicate_index')).toEqual([]);
    expect(await countRows(fx.db.url, 'public.readings')).toBe(30);

    const [finding] = findings;
    const withIndexes = (indexes: unknown) => ({
      ...finding,
      metadata: { ...finding.metadata, indexes },
    });
    expect(
      buildPlan({
        targetRef: 'x',
        inventory: await fx.inventory(),
        findings: [
          withIndexes([]),
          withIndexes(['readings_bucket_a']),
          withIndexes('readings_bucket_a'),
        ],
        includeDestructive: true,
      }).skipped.map(x => x.reason),
    ).toEqual([
      `finding ${finding.cache_key} names no index in metadata.indexes: a duplicate needs two`,
      `finding ${finding.cache_key} names one index in metadata.indexes: a duplicate needs two`,
      `finding ${finding.cache_key} has no metadata.indexes`,
    ]);
  });
});
