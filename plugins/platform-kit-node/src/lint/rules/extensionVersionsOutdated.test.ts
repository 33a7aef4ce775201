import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('extension_versions_outdated', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    // PostgreSQL 13 to 17 ship citext 1.4 as an installable version next to the default (1.6).
    await fx.sql(`
      create extension citext version '1.4' schema extensions;
      create extension hstore schema extensions;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags extensions installed at another version than the default', async () => {
    const findings = await fx.findings('extension_versions_outdated');
    expect(findings.map(f => f.metadata.name)).toEqual(['citext']);
    const [finding] = findings;
    const defaultVersion = finding.metadata.default_version as string;
    expect(defaultVersion).not.toBe('1.4');
    expect(finding).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 3,
      cache_key: 'extension_versions_outdated_citext_1.4',
      detail: `Extension \`citext\` is using version \`1.4\` but version \`${defaultVersion}\` is available. Using outdated extension versions may expose the database to security vulnerabilities.`,
      metadata: {
        schema: 'extensions',
        type: 'extension',
        extension_name: 'citext',
        installed_version: '1.4',
      },
    });
  });

  it('clears the finding once the extension is updated', async () => {
    await fx.sql('alter extension citext update');
    expect(await fx.findings('extension_versions_outdated')).toEqual([]);
  });
});
