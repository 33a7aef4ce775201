import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('extension_in_exposed_schema', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create schema api;
      create extension hstore schema api;
      create extension citext schema public;
      create schema private;
      create extension ltree schema private;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags extensions in exposed schemas other than public', async () => {
    const findings = await fx.findings('extension_in_exposed_schema', {
      exposedSchemas: ['public', 'api'],
    });
    expect(findings.map(f => f.metadata.name)).toEqual(['hstore']);
    expect(findings[0]).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 3,
      cache_key: 'extension_in_exposed_schema_api_hstore',
      detail:
        'Extension `hstore` is installed in the exposed schema `api`. Move it to another schema.',
      metadata: {
        schema: 'api',
        name: 'hstore',
        type: 'extension',
        relocatable: true,
      },
    });
  });

  it('follows the exposed schemas', async () => {
    expect(await fx.findings('extension_in_exposed_schema')).toEqual([]);
    const findings = await fx.findings('extension_in_exposed_schema', {
      exposedSchemas: ['private'],
    });
    expect(findings.map(f => f.metadata.name)).toEqual(['ltree']);
  });
});
