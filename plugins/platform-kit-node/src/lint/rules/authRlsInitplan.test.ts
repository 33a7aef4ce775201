import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('auth_rls_initplan', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.notes (id int primary key, owner uuid, tenant text);
      alter table public.notes enable row level security;
      create policy "per row uid" on public.notes for select using (auth.uid() = owner);
      create policy "wrapped uid" on public.notes for update using ((select auth.uid()) = owner);
      create policy "per row jwt" on public.notes for insert with check ((auth.jwt() ->> 'role') = 'editor');
      create policy "per row setting" on public.notes for delete
        using (tenant = current_setting('app.tenant', true));
      create policy "wrapped setting" on public.notes for delete
        using (tenant = (select current_setting('app.tenant', true)));
      create policy "mixed" on public.notes for all
        using ((select auth.uid()) = owner) with check (auth.role() = 'authenticated');
      -- policies on a table without RLS are never evaluated: policy_exists_rls_disabled reports them
      create table public.unguarded (id int primary key, owner uuid);
      create policy "inactive" on public.unguarded for select using (auth.uid() = owner);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags each policy calling auth.<function>() or current_setting() per row', async () => {
    const findings = await fx.findings('auth_rls_initplan');
    expect(findings.map(f => f.metadata.policy).sort()).toEqual([
      'mixed',
      'per row jwt',
      'per row setting',
      'per row uid',
    ]);
    const byPolicy = Object.fromEntries(
      findings.map(f => [f.metadata.policy, f]),
    );
    expect(byPolicy['per row uid']).toMatchObject({
      level: 'WARN',
      categories: ['PERFORMANCE'],
      severity: 3,
      cache_key: 'auth_rls_initplan_public_notes_per row uid',
      metadata: {
        schema: 'public',
        name: 'notes',
        type: 'table',
        calls: ['auth.uid()'],
      },
    });
    expect(byPolicy['per row uid'].detail).toContain(
      'Table `public.notes` has a row level security policy `per row uid` that re-evaluates current_setting() or auth.<function>() for each row.',
    );
    expect(byPolicy['per row jwt'].metadata.calls).toEqual(['auth.jwt()']);
    expect(byPolicy['per row setting'].metadata.calls).toEqual([
      'current_setting(',
    ]);
    expect(byPolicy.mixed.metadata.calls).toEqual(['auth.role()']);
  });

  it('clears a policy once its calls are wrapped in a sub-select', async () => {
    await fx.sql(`
      alter policy "per row uid" on public.notes using ((select auth.uid()) = owner);
      alter policy "mixed" on public.notes with check ((select auth.role()) = 'authenticated');
    `);
    const findings = await fx.findings('auth_rls_initplan');
    expect(findings.map(f => f.metadata.policy).sort()).toEqual([
      'per row jwt',
      'per row setting',
    ]);
  });
});
