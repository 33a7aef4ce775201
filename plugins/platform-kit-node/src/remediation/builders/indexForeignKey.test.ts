import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { remediationMarkerTime } from '../../lint/rules/unusedIndexMarker';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan, planSteps } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import { countRows, q } from './__testUtils__/roles';
import { dollarTag } from '../sql';
import {
  foreignKeyIndexName,
  markIndexSql,
  truncateBytes,
} from './indexForeignKey';

jest.setTimeout(120_000);

const SCHEMA = 'Weird "Schema".x';
const s = q(SCHEMA);
const PARENT = `${s}.${q('Párent "table"')}`;
const LONG = 'ü'.repeat(30); // 60 bytes
const LONG_TABLE = `${s}.${q(LONG)}`;
// PostgreSQL cuts the name it chooses for the constraint to fit 63 bytes.
const LONG_FKEY = `${'ü'.repeat(23)}_Parent Ref_fkey`;
const SELECT = `${s}."select"`;
const PAIRS = `"public"."pairs"`;
const COLL = `"public"."coll"`;
const EVENTS = `"public"."events"`;

describe('foreignKeyIndexName', () => {
  it('keeps whole characters when cutting to 63 bytes', () => {
    expect(truncateBytes('aü', 2)).toBe('a');
    expect(truncateBytes('aü', 3)).toBe('aü');
    const name = foreignKeyIndexName('s', LONG, ['Parent Ref']);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^ü+_[0-9a-f]{8}_idx$/);
    expect(foreignKeyIndexName('s', LONG, ['Parent Ref'])).toBe(name);
    expect(foreignKeyIndexName('s', LONG, ['Other'])).not.toBe(name);
    expect(foreignKeyIndexName('s', 't', ['a', 'b'])).toBe('t_a_b_idx');
    expect(foreignKeyIndexName('s', 't', ['a'], new Set(['t_a_idx']))).toMatch(
      /^t_a_[0-9a-f]{8}_idx$/,
    );
  });

  it('quotes the marking block with a tag no name contains', () => {
    expect(dollarTag(['s', 't'])).toBe('$mark$');
    expect(dollarTag(['a$mark$b', 'x$mark_$'])).toBe('$mark__$');
    const sql = markIndexSql('s$mark$', "it's");
    expect(sql).toMatch(/^DO \$mark_\$\n/);
    expect(sql).toMatch(/\n\$mark_\$$/);
    expect(sql).toContain(`'s$mark$', 'it''s'`);
  });
});

describe('unindexed foreign key builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      create table ${PARENT} ("Id" int primary key, "order" int unique);
      insert into ${PARENT} values (1, 1), (2, 20);
      create table ${LONG_TABLE} (id int primary key, "Parent Ref" int references ${PARENT} ("Id"));
      insert into ${LONG_TABLE} values (1, 1), (2, 2), (3, null);
      -- two foreign keys on one column: one index serves both
      create table ${SELECT} (id int primary key, "Parent Ref" int,
        constraint "fk ""one""" foreign key ("Parent Ref") references ${PARENT} ("Id"),
        constraint "fk two" foreign key ("Parent Ref") references ${PARENT} ("order"));
      insert into ${SELECT} values (1, 1);
      create table public.pair_keys (a int, b text, primary key (a, b));
      create table ${PAIRS} (id int primary key, b text, a int, foreign key (a, b) references public.pair_keys (a, b));
      -- the natural name is taken by another relation
      create table public.coll (id int primary key, parent_id int references ${PARENT} ("Id"));
      create view public.coll_parent_id_idx as select 1 as x;
      create table ${EVENTS} (id int, parent_id int references ${PARENT} ("Id"), at date) partition by range (at);
      create table public.events_2024 partition of ${EVENTS} for values from ('2024-01-01') to ('2025-01-01');
      insert into ${EVENTS} values (1, 1, '2024-05-01');
    `);
    findings = await fx.findings('unindexed_foreign_keys');
  });
  afterAll(() => fx.db.drop());

  it('indexes foreign key columns concurrently under a name that fits', async () => {
    expect(
      findings.map(f => `${f.metadata.name} ${f.metadata.fkey_name}`).sort(),
    ).toEqual(
      [
        `${LONG} ${LONG_FKEY}`,
        'coll coll_parent_id_fkey',
        'events events_parent_id_fkey',
        'events_2024 events_parent_id_fkey',
        'pairs pairs_a_b_fkey',
        'select fk "one"',
        'select fk two',
      ].sort(),
    );
    const inventory = await fx.inventory();
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: ['unindexed_foreign_keys'],
    });
    expect(
      buildPlan({
        targetRef: 'x',
        inventory,
        findings,
        now: new Date(plan.createdAt),
      }),
    ).toEqual(plan);
    expect(plan.skipped).toEqual([]);
    const byTable = (name: string) =>
      plan.patches.filter(
        p =>
          findings.find(f => f.cache_key === p.findingKey)!.metadata.name ===
          name,
      );

    const [long] = byTable(LONG);
    const longName = foreignKeyIndexName(SCHEMA, LONG, ['Parent Ref']);
    expect(Buffer.byteLength(longName)).toBeLessThanOrEqual(63);
    expect(long).toMatchObject({
      title: `Index foreign key "${LONG_FKEY}" of ${SCHEMA}.${LONG}`,
      manual: null,
      steps: [
        {
          sql: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${q(
            longName,
          )} ON ${LONG_TABLE} ("Parent Ref")`,
          risk: 'safe',
          transactional: false,
          tables: [LONG_TABLE],
        },
        {
          sql: markIndexSql(SCHEMA, longName),
          risk: 'safe',
          transactional: false,
          resolves: [],
        },
      ],
    });
    expect(long.steps[0].rationale).toContain(
      `so that joins along the key, and deletes or key updates on ${SCHEMA}.Párent "table", stop scanning`,
    );
    const select = byTable('select');
    expect(select.map(p => p.steps[0].sql)).toEqual([
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "select_Parent Ref_idx" ON ${SELECT} ("Parent Ref")`,
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "select_Parent Ref_idx" ON ${SELECT} ("Parent Ref")`,
    ]);
    // key order, not column order
    expect(byTable('pairs')[0].steps[0].sql).toBe(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "pairs_a_b_idx" ON ${PAIRS} ("a", "b")`,
    );
    expect(byTable('coll')[0].steps[0].sql).toMatch(
      /^CREATE INDEX CONCURRENTLY IF NOT EXISTS "coll_parent_id_[0-9a-f]{8}_idx" ON "public"."coll" \("parent_id"\)$/,
    );
    expect(byTable('events')[0]).toMatchObject({
      steps: [],
      manual: {
        reason: expect.stringContaining(
          'CREATE INDEX CONCURRENTLY cannot build an index on a partitioned table',
        ),
      },
    });
    expect(byTable('events_2024')[0].steps[0].sql).toBe(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "events_2024_parent_id_idx" ON "public"."events_2024" ("parent_id")',
    );
    // a build and its mark for each index; the two keys of one column share both
    expect(planSteps(plan)).toHaveLength(10);
    await expectCleanPlanSql(plan);

    const tables = [LONG_TABLE, SELECT, PAIRS, COLL, EVENTS];
    const counts = () => Promise.all(tables.map(t => countRows(fx.db.url, t)));
    const before = await counts();
    await applyPlanSql(fx.db.url, plan);
    expect(await counts()).toEqual(before);
    expect(
      (await fx.findings('unindexed_foreign_keys')).map(f => f.metadata.name),
    ).toEqual(['events']);

    const client = new Client({ connectionString: fx.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select c.relname as name, i.indisvalid as valid, i.indisready as ready,
                obj_description(c.oid, 'pg_class') as comment
           from pg_index i join pg_class c on c.oid = i.indexrelid
          where c.relname = any ($1) order by 1`,
        [
          [
            longName,
            'select_Parent Ref_idx',
            'pairs_a_b_idx',
            'events_2024_parent_id_idx',
          ],
        ],
      );
      expect(
        rows.map(({ comment, ...row }) => ({
          ...row,
          marked: remediationMarkerTime(comment) !== null,
        })),
      ).toEqual(
        [
          longName,
          'select_Parent Ref_idx',
          'pairs_a_b_idx',
          'events_2024_parent_id_idx',
        ]
          .sort()
          .map(name => ({ name, valid: true, ready: true, marked: true })),
      );
    } finally {
      await client.end();
    }
  });
});
