import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('table_bloat', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    // ~1.5 kB rows (below the TOAST threshold, so stored inline): 20,000 of them fill ~4,000 pages
    // (~31 MiB). Deleting all but every 200th row and analysing without VACUUM leaves the pages in
    // place for 100 live rows: far above 70 times the pages they need and 20 MiB wasted.
    await fx.sql(`
      create table public.events (id int primary key, payload text) with (autovacuum_enabled = false);
      insert into public.events select g, repeat(md5(g::text), 47) from generate_series(1, 20000) g;
      delete from public.events where id % 200 <> 0;
      analyze public.events;
      create table public.healthy (id int primary key, payload text);
      insert into public.healthy select g, repeat(md5(g::text), 47) from generate_series(1, 2000) g;
      analyze public.healthy;
      create table public.never_analyzed (id int primary key);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags tables with more than 20 MiB and 70 times their needed size wasted', async () => {
    const findings = await fx.findings('table_bloat');
    expect(objects(findings)).toEqual(['public.events']);
    expect(findings[0]).toMatchObject({
      level: 'INFO',
      categories: ['PERFORMANCE'],
      severity: 2,
      cache_key: 'table_bloat_public_events',
      detail: 'Table `public`.`events` has excessive bloat',
      remediation:
        'Consider running vacuum full (WARNING: incurs downtime) and tweaking autovacuum settings to reduce bloat.',
      metadata: { schema: 'public', name: 'events', type: 'table' },
    });
    expect(findings[0].metadata.bloat_ratio).toBeGreaterThan(70);
    expect(findings[0].metadata.bloat_bytes).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('reports the healthy table with a ratio near 1', async () => {
    const inventory = await fx.inventory();
    const healthy = inventory.relations.find(r => r.name === 'healthy')!;
    expect(healthy.bloatRatio).toBeGreaterThan(0);
    expect(healthy.bloatRatio).toBeLessThan(2);
  });
});
