import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('rls_disabled_in_public', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.open_notes (id int primary key);
      create table public.guarded_notes (id int primary key);
      alter table public.guarded_notes enable row level security;
      create schema private;
      create table private.internal (id int primary key);
      create table public.no_grants (id int primary key);
      revoke all on public.no_grants from anon, authenticated;
      create table public.signed_in_only (id int primary key);
      revoke all on public.signed_in_only from anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed tables without RLS that the API roles can read, rated by who can read them', async () => {
    const findings = await fx.findings('rls_disabled_in_public');
    expect(objects(findings)).toEqual([
      'public.open_notes',
      'public.signed_in_only',
    ]);
    const bySeverity = Object.fromEntries(
      findings.map(f => [f.metadata.name, f.severity]),
    );
    expect(bySeverity).toEqual({ open_notes: 5, signed_in_only: 4 });
    expect(findings[0]).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      cache_key: 'rls_disabled_in_public_public_open_notes',
      detail:
        'Table `public.open_notes` is public, but RLS has not been enabled.',
      fixable: true,
    });
  });

  it('follows the exposed schemas given on the command line', async () => {
    const findings = await fx.findings('rls_disabled_in_public', {
      exposedSchemas: ['private'],
    });
    expect(objects(findings)).toEqual([]);
    await fx.sql(
      'grant usage on schema private to anon; grant select on private.internal to anon',
    );
    expect(
      objects(
        await fx.findings('rls_disabled_in_public', {
          exposedSchemas: ['private'],
        }),
      ),
    ).toEqual(['private.internal']);
  });
});
