import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('rls_policy_always_true', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.feedback (id int primary key, owner uuid, message text);
      alter table public.feedback enable row level security;
      create policy "Anyone can send" on public.feedback for insert with check (true);
      create policy "Anyone can edit" on public.feedback for update using (true) with check (true);
      create policy "Members delete" on public.feedback for delete to authenticated using (true);
      create policy "Anon inserts unchecked" on public.feedback for insert to anon;
      create policy "Members do all" on public.feedback for all to authenticated using (1 = 1);
      -- not flagged: public reads, restricted rows, service roles, restrictive policies
      create policy "Anyone can read" on public.feedback for select using (true);
      create policy "Owners edit" on public.feedback for update to authenticated
        using ((select auth.uid()) = owner) with check ((select auth.uid()) = owner);
      create policy "Owners send" on public.feedback for insert to authenticated
        with check ((select auth.uid()) = owner);
      create policy "Service writes" on public.feedback for all to service_role using (true) with check (true);
      create policy "Restrict" on public.feedback as restrictive for update to authenticated using (true);
      -- a table without RLS: policy_exists_rls_disabled reports it instead
      create table public.unguarded (id int primary key);
      create policy "Anyone can send" on public.unguarded for insert with check (true);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags permissive write policies for the API roles whose expressions are always true', async () => {
    const findings = await fx.findings('rls_policy_always_true');
    const byPolicy = Object.fromEntries(
      findings.map(f => [f.metadata.policy_name as string, f]),
    );
    expect(Object.keys(byPolicy).sort()).toEqual([
      'Anon inserts unchecked',
      'Anyone can edit',
      'Anyone can send',
      'Members delete',
      'Members do all',
    ]);
    expect(findings.every(f => f.metadata.name === 'feedback')).toBe(true);
    expect(byPolicy['Anyone can send']).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 4,
      cache_key: 'rls_policy_always_true_public_feedback_Anyone can send',
      detail:
        'Table `public.feedback` has an RLS policy `Anyone can send` for `INSERT` that allows unrestricted access (WITH CHECK clause is always true). This effectively bypasses row-level security for public.',
      metadata: {
        command: 'INSERT',
        roles: ['public'],
        qual: null,
        with_check: 'true',
        permissive_using: false,
        permissive_with_check: true,
      },
    });
    expect(byPolicy['Anyone can edit'].detail).toContain(
      'for `UPDATE` that allows unrestricted access (both USING and WITH CHECK are always true)',
    );
    expect(byPolicy['Members delete']).toMatchObject({
      severity: 3,
      metadata: {
        permissive_using: true,
        permissive_with_check: false,
        roles: ['authenticated'],
      },
    });
    expect(byPolicy['Members delete'].detail).toContain(
      '(USING clause is always true)',
    );
    expect(byPolicy['Anon inserts unchecked']).toMatchObject({
      severity: 4,
      metadata: { with_check: null },
    });
    expect(byPolicy['Members do all'].metadata).toMatchObject({
      command: 'ALL',
      permissive_using: true,
      permissive_with_check: true,
    });
  });
});
