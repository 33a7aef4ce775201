import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('sensitive_columns_exposed', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.customers (id int primary key, email text, password text, "Credit-Card" text, ssn text);
      create table public.accounts (id int primary key, password text);
      alter table public.accounts enable row level security;
      create table public.hashes (id int primary key, password_hash text, stripe_token text);
      create table public.internal (id int primary key, api_key text);
      revoke all on public.internal from anon, authenticated;
      create schema private;
      grant usage on schema private to anon;
      create table private.credentials (id int primary key, secret text);
      grant select on private.credentials to anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed, readable tables without RLS whose column names are sensitive', async () => {
    const findings = await fx.findings('sensitive_columns_exposed');
    expect(objects(findings)).toEqual(['public.customers']);
    expect(findings[0]).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'sensitive_columns_exposed_public_customers',
      detail:
        'Table `public.customers` is exposed via API without RLS and contains potentially sensitive column(s): Credit-Card, password, ssn. This may lead to data exposure.',
      metadata: {
        type: 'table',
        sensitive_columns: ['Credit-Card', 'password', 'ssn'],
        matched_patterns: ['credit_card', 'password', 'ssn'],
      },
    });
  });

  it('follows the exposed schemas', async () => {
    expect(
      objects(
        await fx.findings('sensitive_columns_exposed', {
          exposedSchemas: ['private'],
        }),
      ),
    ).toEqual(['private.credentials']);
  });
});
