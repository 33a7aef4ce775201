import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('extension_in_public', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create extension citext schema public;
      create schema api;
      create extension hstore schema api;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags extensions installed in public only (the fixture keeps its own in extensions)', async () => {
    const findings = await fx.findings('extension_in_public');
    expect(findings.map(f => f.metadata.name)).toEqual(['citext']);
    expect(findings[0]).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 3,
      cache_key: 'extension_in_public_citext',
      detail:
        'Extension `citext` is installed in the public schema. Move it to another schema.',
      metadata: {
        schema: 'public',
        name: 'citext',
        type: 'extension',
        relocatable: true,
      },
    });
  });

  it('rates it lower when public is not exposed', async () => {
    const [finding] = await fx.findings('extension_in_public', {
      exposedSchemas: ['api'],
    });
    expect(finding.severity).toBe(2);
  });
});
