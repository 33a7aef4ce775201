import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

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
});
