import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { LintResult, runLints, RunLintsOptions } from '../runLints';
import { REMEDIATION_MARKER_PREFIX } from './unusedIndexMarker';

jest.setTimeout(60_000);

describe('unused_index', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.items (id int primary key, a int, b int, c int unique);
      insert into public.items select g, g, g, g from generate_series(1, 1000) g;
      create index items_a_idx on public.items (a);
      create index items_b_idx on public.items (b);
      analyze public.items;
    `);
    // Use items_a_idx, then make this backend publish its statistics at once.
    await fx.sql(`
      set enable_seqscan = off;
      select * from public.items where a = 42;
      reset enable_seqscan;
      select pg_stat_force_next_flush();
    `);
    await fx.sql('select 1');
  });
  afterAll(() => fx.db.drop());

  it('flags plain indexes never scanned, not primary keys, unique or used ones', async () => {
    const findings = await fx.findings('unused_index');
    expect(
      findings.map(
        f => `${f.metadata.schema}.${f.metadata.name}.${f.metadata.index}`,
      ),
    ).toEqual(['public.items.items_b_idx']);
    expect(findings[0]).toMatchObject({
      level: 'INFO',
      categories: ['PERFORMANCE'],
      severity: 1,
      cache_key: 'unused_index_public_items_items_b_idx',
      detail: 'Index `items_b_idx` on table `public.items` has not been used',
      metadata: { type: 'table' },
    });
    expect(findings[0].metadata.size_bytes).toBeGreaterThan(0);
  });

  describe('an index remediation created', () => {
    const MARKED = '2025-01-02T03:04:05.123456Z';
    let inventory: Inventory;
    beforeAll(async () => {
      await fx.sql(
        `comment on index public.items_b_idx is '${REMEDIATION_MARKER_PREFIX}${MARKED}'`,
      );
      inventory = await fx.inventory();
    });
    afterAll(() => fx.sql('comment on index public.items_b_idx is null'));

    const lint = (statsReset: string | null, options: RunLintsOptions = {}) =>
      runLints(
        { ...inventory, server: { ...inventory.server, statsReset } },
        { ...options, only: 'PERFORMANCE' },
      );
    const unused = (result: LintResult) =>
      result.findings
        .filter(f => f.name === 'unused_index')
        .map(f => f.metadata.index);

    it('is left out, with a note saying why, until statistics are reset after its creation', () => {
      const earlier = lint('2025-01-02T03:04:05.123Z');
      expect(unused(earlier)).toEqual([]);
      expect(earlier.notes).toEqual([
        {
          rule: 'unused_index',
          message:
            'Index `items_b_idx` on table `public.items` has not been used, but remediation created it at 2025-01-02T03:04:05.123456Z and the statistics were last reset at 2025-01-02T03:04:05.123Z, before that: it is reported once statistics have been collected for a full window after its creation (reset them with pg_stat_reset() at the start of a representative period).',
        },
      ]);
      // Never reset (or unknown): when the window started is unknown.
      const never = lint(null);
      expect(unused(never)).toEqual([]);
      expect(never.notes).toEqual([
        {
          rule: 'unused_index',
          message: expect.stringContaining(
            'created it at 2025-01-02T03:04:05.123456Z and the statistics have no reset time (never reset, or unknown):',
          ),
        },
      ]);
    });

    it('is reported once statistics cover a full window after it', () => {
      for (const reset of [MARKED, '2025-02-01T00:00:00.000Z']) {
        const result = lint(reset);
        expect(unused(result)).toEqual(['items_b_idx']);
        expect(result.notes).toEqual([]);
      }
    });

    it('has no note when the rule is accepted as a whole', () => {
      const result = lint(null, {
        exclusions: {
          rules: [{ name: 'unused_index', reason: 'we keep our indexes' }],
          findings: [],
        },
      });
      expect(result.notes).toEqual([]);
    });

    it('is reported like any index when the comment is not a marker', async () => {
      await fx.sql(
        `comment on index public.items_b_idx is 'x ${REMEDIATION_MARKER_PREFIX}${MARKED}'`,
      );
      const other = await fx.inventory();
      expect(
        runLints(other)
          .findings.filter(f => f.name === 'unused_index')
          .map(f => f.metadata.index),
      ).toEqual(['items_b_idx']);
    });
  });
});
