import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('public_bucket_allows_listing', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      insert into storage.buckets (id, name, public) values
        ('avatars', 'avatars', true),
        ('docs', 'docs', false),
        ('media', 'Media files', true),
        ('o''brien', 'O''Brien uploads', true);
      create policy "List avatars" on storage.objects for select using (bucket_id = 'avatars');
      create policy "List docs" on storage.objects for select using (bucket_id = 'docs');
      create policy "Own media" on storage.objects for select to authenticated
        using (bucket_id = 'media' and owner = (select auth.uid()));
      create policy "Upload media" on storage.objects for insert with check (bucket_id = 'media');
      create policy "List quoted" on storage.objects for select to anon using (bucket_id = 'o''brien');
      create policy "Service lists" on storage.objects for select to service_role using (true);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags public buckets with a SELECT policy on storage.objects limited to nothing but the bucket', async () => {
    const findings = await fx.findings('public_bucket_allows_listing');
    expect(findings.map(f => f.metadata.bucket_id).sort()).toEqual([
      'avatars',
      "o'brien",
    ]);
    expect(
      findings.find(f => f.metadata.bucket_id === 'avatars'),
    ).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 3,
      cache_key: 'public_bucket_allows_listing_avatars',
      detail:
        "Public bucket `avatars` has 1 broad SELECT policy on `storage.objects` (List avatars), allowing clients to list all files. Public buckets don't need this for object URL access and it may expose more data than intended.",
      metadata: {
        schema: 'storage',
        name: 'avatars',
        type: 'bucket',
        bucket_name: 'avatars',
        policy_names: ['List avatars'],
        policy_count: 1,
      },
    });
    expect(
      findings.find(f => f.metadata.bucket_id === "o'brien")!.metadata,
    ).toMatchObject({
      name: "O'Brien uploads",
      policy_names: ['List quoted'],
    });
  });

  it('counts a policy that is always true against every public bucket', async () => {
    await fx.sql(
      `create policy "List everything" on storage.objects for all to authenticated using (true)`,
    );
    const findings = await fx.findings('public_bucket_allows_listing');
    expect(
      Object.fromEntries(
        findings.map(f => [f.metadata.bucket_id, f.metadata.policy_names]),
      ),
    ).toEqual({
      avatars: ['List avatars', 'List everything'],
      media: ['List everything'],
      "o'brien": ['List everything', 'List quoted'],
    });
    expect(
      findings.find(f => f.metadata.bucket_id === 'media')!.detail,
    ).toContain(
      'Public bucket `Media files` has 1 broad SELECT policy on `storage.objects` (List everything)',
    );
    expect(
      findings.find(f => f.metadata.bucket_id === 'avatars')!.detail,
    ).toContain(
      'has 2 broad SELECT policies on `storage.objects` (List avatars, List everything)',
    );
  });
});
