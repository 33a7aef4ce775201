import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('rls_references_user_metadata', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.projects (id int primary key, owner uuid);
      alter table public.projects enable row level security;
      create policy "Admins delete" on public.projects for delete to authenticated
        using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
      create policy "Admins insert" on public.projects for insert to authenticated
        with check (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin');
      create policy "Claims admins" on public.projects for update to authenticated
        using ((current_setting('request.jwt.claims', true)::jsonb -> 'user_metadata' ->> 'role') = 'admin');
      create policy "App admins" on public.projects for select to authenticated
        using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');
      create policy "Owners" on public.projects for select to authenticated using ((select auth.uid()) = owner);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags policies that authorise on user-editable user_metadata, not app_metadata', async () => {
    const findings = await fx.findings('rls_references_user_metadata');
    expect(findings.map(f => f.metadata.policy).sort()).toEqual([
      'Admins delete',
      'Admins insert',
      'Claims admins',
    ]);
    expect(
      findings.find(f => f.metadata.policy === 'Admins delete'),
    ).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'rls_references_user_metadata_public_projects_Admins delete',
      detail:
        'Table `public.projects` has a row level security policy `Admins delete` that references Supabase Auth `user_metadata`. `user_metadata` is editable by end users and should never be used in a security context.',
      metadata: { schema: 'public', name: 'projects', type: 'table' },
    });
  });
});
