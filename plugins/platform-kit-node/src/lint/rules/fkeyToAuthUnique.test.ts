import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('fkey_to_auth_unique', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.contacts (id int primary key, phone text references auth.users (phone));
      create table public.profiles (id uuid primary key references auth.users (id));
      create table public.teams (id int primary key, slug text unique);
      create table public.members (id int primary key, team_slug text references public.teams (slug));
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags foreign keys to a unique (not primary) key in auth', async () => {
    const findings = await fx.findings('fkey_to_auth_unique');
    expect(objects(findings)).toEqual(['public.contacts']);
    expect(findings[0]).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 4,
      cache_key: 'fkey_to_auth_unique_public_contacts_contacts_phone_fkey',
      detail:
        'Table `public`.`contacts` has a foreign key `contacts_phone_fkey` referencing an auth unique constraint',
      remediation:
        'Drop the foreign key constraint that references the auth schema.',
      metadata: { type: 'table', foreign_key: 'contacts_phone_fkey' },
      fixable: false,
    });
  });
});
