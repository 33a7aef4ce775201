import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('no_primary_key', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.audit_log (happened_at timestamptz, action text);
      create table public.keyed (id int primary key);
      create table public.unique_only (id int not null unique);
      create table public.events (id int, at date) partition by range (at);
      create table public.events_2024 partition of public.events for values from ('2024-01-01') to ('2025-01-01');
      create table public.logs (id int, at date, primary key (id, at)) partition by range (at);
      create table public.logs_2024 partition of public.logs for values from ('2024-01-01') to ('2025-01-01');
      create schema private;
      create table private.scratch (value text);
      create view public.no_key_view as select 1 as one;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags tables without a primary key in every user schema, a unique column not being enough', async () => {
    const findings = await fx.findings('no_primary_key');
    expect(objects(findings)).toEqual([
      'private.scratch',
      'public.audit_log',
      'public.events',
      'public.unique_only',
    ]);
    expect(findings.find(f => f.metadata.name === 'audit_log')).toMatchObject({
      level: 'INFO',
      categories: ['PERFORMANCE'],
      severity: 2,
      cache_key: 'no_primary_key_public_audit_log',
      detail: 'Table `public.audit_log` does not have a primary key',
      metadata: { schema: 'public', name: 'audit_log', type: 'table' },
    });
  });

  it('leaves Supabase-managed tables alone', async () => {
    await fx.sql('create table auth.sessions_log (id int)');
    const findings = await fx.findings('no_primary_key');
    expect(findings.map(f => f.metadata.schema)).not.toContain('auth');
  });
});
