import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import {
  isoUtcMicros,
  remediationMarkerTime,
} from '../../lint/rules/unusedIndexMarker';
import { runLints } from '../../lint/runLints';
import { applyPlan } from '../apply/applyPlan';
import { buildPlan } from '../buildPlan';

jest.setTimeout(120_000);

// A table name holding the block's default dollar-quote tag.
const TAGGED = 't$mark$';
const NEW_INDEXES = ['orders_customer_id_idx', `${TAGGED}_order_id_idx`];

const names = (inventory: Inventory, rule: string) =>
  runLints(inventory)
    .findings.filter(f => f.name === rule)
    .map(f => String(f.metadata.index ?? f.metadata.fkey_name))
    .sort();

describe('indexes created by the unindexed_foreign_keys fix', () => {
  let fx: ScanFixture;

  const now = async () => {
    const client = await fx.db.connect();
    try {
      const { rows } = await client.query(
        `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as t`,
      );
      return rows[0].t as string;
    } finally {
      await client.end();
    }
  };
  const markers = (inventory: Inventory) =>
    NEW_INDEXES.map(name =>
      remediationMarkerTime(
        inventory.indexes.find(i => i.name === name)?.comment ?? null,
      ),
    );

  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.customers (id int primary key);
      insert into public.customers select g from generate_series(1, 50) g;
      create table public.orders (id int primary key, customer_id int references public.customers (id), note text);
      insert into public.orders select g, g % 50 + 1, 'n' || g from generate_series(1, 200) g;
      create table public."${TAGGED}" (id int primary key, order_id int references public.orders (id));
      insert into public."${TAGGED}" select g, g from generate_series(1, 20) g;
      -- an index nobody uses, made by hand: still reported
      create index orders_note_idx on public.orders (note);
      -- the statistics window starts before the fix
      select pg_stat_reset();
    `);
  });
  afterAll(() => fx.db.drop());

  it('are marked with the time they were made and not reported as unused until statistics are reset after it', async () => {
    const inventory = await fx.inventory();
    expect(names(inventory, 'unindexed_foreign_keys')).toEqual([
      'orders_customer_id_fkey',
      't$mark$_order_id_fkey',
    ]);
    expect(names(inventory, 'unused_index')).toEqual(['orders_note_idx']);
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings: runLints(inventory).findings,
      lints: ['unindexed_foreign_keys'],
    });

    const before = await now();
    const outcome = await applyPlan({
      connectionString: fx.db.url,
      advisoryLockKey: fx.db.name,
      plan,
      rescan: () => fx.findings(),
    });
    const after = await now();
    expect(outcome).toMatchObject({ status: 'applied', remaining: [] });
    expect(outcome.steps.map(s => s.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);

    const fixed = await fx.inventory();
    expect(names(fixed, 'unindexed_foreign_keys')).toEqual([]);
    // The fix created no finding: only the hand-made index is reported.
    expect(names(fixed, 'unused_index')).toEqual(['orders_note_idx']);
    const times = markers(fixed);
    for (const time of times) {
      expect(time).not.toBeNull();
      expect(isoUtcMicros(time!)).toBeGreaterThanOrEqual(isoUtcMicros(before)!);
      expect(isoUtcMicros(time!)).toBeLessThanOrEqual(isoUtcMicros(after)!);
    }
    expect(fixed.server.statsReset).not.toBeNull();
    expect(isoUtcMicros(fixed.server.statsReset!)).toBeLessThan(
      isoUtcMicros(before)!,
    );
    // Why they are left out, for the user.
    expect(runLints(fixed).notes).toEqual(
      [
        ['orders', NEW_INDEXES[0], times[0]],
        [TAGGED, NEW_INDEXES[1], times[1]],
      ].map(([table, index, time]) => ({
        rule: 'unused_index',
        message: expect.stringContaining(
          `Index \`${index}\` on table \`public.${table}\` has not been used, but remediation created it at ${time} and the statistics were last reset at ${fixed.server.statsReset}, before that`,
        ),
      })),
    );

    // A full window after them: reported like any other index.
    await fx.sql('select pg_stat_reset()');
    const later = await fx.inventory();
    expect(markers(later)).toEqual(times);
    expect(isoUtcMicros(later.server.statsReset!)).toBeGreaterThan(
      isoUtcMicros(after)!,
    );
    expect(names(later, 'unused_index')).toEqual(
      ['orders_note_idx', ...NEW_INDEXES].sort(),
    );
    expect(runLints(later).notes).toEqual([]);
  });
});
