import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('foreign_table_in_api', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create extension postgres_fdw schema extensions;
      create server billing foreign data wrapper postgres_fdw options (dbname 'billing');
      create foreign table public.remote_invoices (id int, amount numeric) server billing
        options (table_name 'invoices');
      create foreign table public.remote_internal (id int) server billing;
      revoke all on public.remote_internal from anon, authenticated;
      create schema private;
      create foreign table private.remote_ledger (id int) server billing;
      grant select on private.remote_ledger to anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed foreign tables the API roles can read', async () => {
    const findings = await fx.findings('foreign_table_in_api');
    expect(objects(findings)).toEqual(['public.remote_invoices']);
    expect(findings[0]).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 4,
      cache_key: 'foreign_table_in_api_public_remote_invoices',
      detail: 'Foreign table `public.remote_invoices` is accessible over APIs',
      metadata: {
        type: 'foreign table',
        exposed_to: ['anon', 'authenticated'],
      },
    });
  });

  it('follows the exposed schemas', async () => {
    expect(
      objects(
        await fx.findings('foreign_table_in_api', {
          exposedSchemas: ['private'],
        }),
      ),
    ).toEqual(['private.remote_ledger']);
  });
});
