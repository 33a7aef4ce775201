import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('rls_enabled_no_policy', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.attachments (id int primary key);
      alter table public.attachments enable row level security;
      create table public.guarded (id int primary key);
      alter table public.guarded enable row level security;
      create policy "read" on public.guarded for select to authenticated using (true);
      create table public.open (id int primary key);
      create schema private;
      create table private.vault (id int primary key);
      alter table private.vault enable row level security;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags tables with RLS enabled and no policy, exposed or not', async () => {
    const findings = await fx.findings('rls_enabled_no_policy');
    expect(objects(findings)).toEqual(['private.vault', 'public.attachments']);
    expect(findings.find(f => f.metadata.name === 'attachments')).toMatchObject(
      {
        level: 'INFO',
        categories: ['SECURITY'],
        severity: 1,
        cache_key: 'rls_enabled_no_policy_public_attachments',
        detail:
          'Table `public.attachments` has RLS enabled, but no policies exist',
        metadata: { type: 'table' },
      },
    );
  });

  it('ignores Supabase-managed tables such as storage.objects', async () => {
    const findings = await fx.findings('rls_enabled_no_policy');
    expect(findings.map(f => f.metadata.schema)).not.toContain('storage');
    expect(findings.map(f => f.metadata.schema)).not.toContain('auth');
  });
});
