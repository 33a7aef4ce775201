import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('multiple_permissive_policies', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.projects (id int primary key, owner uuid, is_public boolean);
      alter table public.projects enable row level security;
      create policy "Owners read" on public.projects for select to authenticated using ((select auth.uid()) = owner);
      create policy "Public read" on public.projects for select to authenticated using (is_public);
      create policy "Anon read" on public.projects for select to anon using (is_public);

      -- policies for PUBLIC apply to every role that does not bypass RLS
      create table public.docs (id int primary key);
      alter table public.docs enable row level security;
      create policy "a" on public.docs for select using (true);
      create policy "b" on public.docs for all using (true);

      -- restrictive policies are ANDed, not ORed
      create table public.guarded (id int primary key, owner uuid);
      alter table public.guarded enable row level security;
      create policy "read" on public.guarded for select to authenticated using (true);
      create policy "only mine" on public.guarded as restrictive for select to authenticated
        using ((select auth.uid()) = owner);

      -- one policy per command is fine
      create table public.split (id int primary key);
      alter table public.split enable row level security;
      create policy "read" on public.split for select to authenticated using (true);
      create policy "write" on public.split for insert to authenticated with check (true);

      create policy "list one" on storage.objects for select using (bucket_id = 'one');
      create policy "list two" on storage.objects for select using (bucket_id = 'two');
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags each (table, role, action) with more than one permissive policy, for roles that exist', async () => {
    const findings = await fx.findings('multiple_permissive_policies');
    expect(
      findings
        .map(f => `${f.metadata.name} ${f.metadata.role} ${f.metadata.action}`)
        .sort(),
    ).toEqual([
      'docs anon SELECT',
      'docs authenticated SELECT',
      'docs authenticator SELECT',
      'projects authenticated SELECT',
    ]);
    const projects = findings.find(f => f.metadata.name === 'projects')!;
    expect(projects).toMatchObject({
      level: 'WARN',
      categories: ['PERFORMANCE'],
      severity: 2,
      cache_key:
        'multiple_permissive_policies_public_projects_authenticated_SELECT',
      detail:
        'Table `public.projects` has multiple permissive policies for role `authenticated` for action `SELECT`. Policies include `{"Owners read","Public read"}`',
      metadata: {
        schema: 'public',
        type: 'table',
        policies: ['Owners read', 'Public read'],
      },
    });
  });
});
