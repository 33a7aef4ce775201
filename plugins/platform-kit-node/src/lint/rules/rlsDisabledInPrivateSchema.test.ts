import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('rls_disabled_in_private_schema', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create schema private;
      create table private.ledger (id int primary key);
      create table private.guarded (id int primary key);
      alter table private.guarded enable row level security;
      create table public.open (id int primary key);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags tables without RLS in schemas that are not exposed, not managed ones', async () => {
    const findings = await fx.findings('rls_disabled_in_private_schema');
    expect(objects(findings)).toEqual(['private.ledger']);
    expect(findings[0]).toMatchObject({
      level: 'INFO',
      facing: 'INTERNAL',
      categories: ['SECURITY'],
      severity: 1,
      cache_key: 'rls_disabled_in_private_schema_private_ledger',
      detail:
        'Table `private.ledger` has no RLS; its schema `private` is not exposed.',
      metadata: { type: 'table' },
    });
  });

  it('follows the exposed schemas', async () => {
    expect(
      objects(
        await fx.findings('rls_disabled_in_private_schema', {
          exposedSchemas: ['private'],
        }),
      ),
    ).toEqual(['public.open']);
  });
});
