import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('materialized_view_in_api', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.tasks (id int primary key, done boolean);
      alter table public.tasks enable row level security;
      create materialized view public.task_stats as select count(*) as n from public.tasks;
      create materialized view public.member_stats as select count(*) as n from public.tasks;
      revoke all on public.member_stats from anon;
      create materialized view public.internal_stats as select count(*) as n from public.tasks;
      revoke all on public.internal_stats from anon, authenticated;
      create schema private;
      create materialized view private.stats as select count(*) as n from public.tasks;
      grant select on private.stats to anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed materialized views the API roles can read, rated by who can', async () => {
    const findings = await fx.findings('materialized_view_in_api');
    expect(objects(findings)).toEqual([
      'public.member_stats',
      'public.task_stats',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.task_stats).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 4,
      cache_key: 'materialized_view_in_api_public_task_stats',
      detail:
        'Materialized view `public.task_stats` is selectable by anon or authenticated roles',
      metadata: {
        type: 'materialized view',
        exposed_to: ['anon', 'authenticated'],
      },
    });
    expect(byName.member_stats).toMatchObject({
      severity: 3,
      metadata: { exposed_to: ['authenticated'] },
    });
  });
});
