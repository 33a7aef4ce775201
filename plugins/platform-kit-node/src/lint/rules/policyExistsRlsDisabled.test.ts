import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('policy_exists_rls_disabled', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.comments (id int primary key, author uuid);
      create policy "Authors edit their comments" on public.comments for all to authenticated
        using ((select auth.uid()) = author);
      create policy "Everyone reads" on public.comments for select using (true);
      create schema private;
      create table private.notes (id int primary key);
      create policy "staff" on private.notes for select using (true);
      create table public.guarded (id int primary key);
      alter table public.guarded enable row level security;
      create policy "read" on public.guarded for select using (true);
      create table public.plain (id int primary key);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags tables with policies but RLS disabled, worse when the schema is exposed', async () => {
    const findings = await fx.findings('policy_exists_rls_disabled');
    expect(objects(findings)).toEqual(['private.notes', 'public.comments']);
    const comments = findings.find(f => f.metadata.name === 'comments')!;
    expect(comments).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'policy_exists_rls_disabled_public_comments',
      detail:
        'Table `public.comments` has RLS policies but RLS is not enabled on the table. Policies include {"Authors edit their comments","Everyone reads"}.',
      metadata: {
        type: 'table',
        policies: ['Authors edit their comments', 'Everyone reads'],
      },
      fixable: true,
    });
    expect(findings.find(f => f.metadata.name === 'notes')!.severity).toBe(3);
  });

  it('clears the finding once RLS is enabled', async () => {
    await fx.sql('alter table public.comments enable row level security');
    expect(objects(await fx.findings('policy_exists_rls_disabled'))).toEqual([
      'private.notes',
    ]);
  });
});
