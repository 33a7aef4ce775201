import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('security_definer_view', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.tasks (id int primary key, title text);
      alter table public.tasks enable row level security;
      create view public.task_overview as select id, title from public.tasks;
      create view public.member_overview as select id from public.tasks;
      revoke all on public.member_overview from anon;
      create view public.invoker_overview with (security_invoker = true) as select id from public.tasks;
      create view public.internal_overview as select id from public.tasks;
      revoke all on public.internal_overview from anon, authenticated;
      create schema private;
      grant usage on schema private to anon;
      create view private.overview as select id from public.tasks;
      grant select on private.overview to anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed views without security_invoker the API roles can read, rated by who can', async () => {
    const findings = await fx.findings('security_definer_view');
    expect(objects(findings)).toEqual([
      'public.member_overview',
      'public.task_overview',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.task_overview).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'security_definer_view_public_task_overview',
      detail:
        'View `public.task_overview` is defined with the SECURITY DEFINER property',
      metadata: { type: 'view', exposed_to: ['anon', 'authenticated'] },
    });
    expect(byName.member_overview).toMatchObject({
      severity: 4,
      metadata: { exposed_to: ['authenticated'] },
    });
  });

  it('clears a view once it runs as the invoker', async () => {
    await fx.sql('alter view public.task_overview set (security_invoker = on)');
    expect(objects(await fx.findings('security_definer_view'))).toEqual([
      'public.member_overview',
    ]);
  });
});
