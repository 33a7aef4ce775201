import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(60_000);

describe('platform-kit db lint --format sarif', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const c = await db.connect();
    await c.query(`
      create table public.invoices (id int primary key, iban text);
      create table public.lines (invoice_id int references public.invoices (id));
    `);
  });
  afterAll(() => db.drop());

  it('produces SARIF 2.1.0 that GitHub code scanning accepts', async () => {
    const { code, stdout } = await runCli([
      'db',
      'lint',
      '--db',
      db.url,
      '--format',
      'sarif',
    ]);
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    const { rules } = run.tool.driver;
    expect(run.tool.driver.name).toBe('platform-kit');
    const ids = rules.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      // GitHub requires non-empty text for these.
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(['note', 'warning', 'error']).toContain(
        rule.defaultConfiguration.level,
      );
    }
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(result.message.text.length).toBeGreaterThan(0);
      const [location] = result.locations;
      expect(location.physicalLocation.artifactLocation.uri).toMatch(
        /^database\//,
      );
      expect(location.physicalLocation.region.startLine).toBe(1);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(
        /^[0-9a-f]{32}$/,
      );
    }
    const rls = run.results.find(
      (r: { ruleId: string }) => r.ruleId === 'rls_disabled_in_public',
    );
    expect(rls).toMatchObject({
      level: 'error',
      locations: [
        {
          logicalLocations: [
            { fullyQualifiedName: 'public.invoices', kind: 'table' },
          ],
        },
      ],
      properties: { severity: 5, 'security-severity': '9.5' },
    });
    const fk = run.results.find(
      (r: { ruleId: string }) => r.ruleId === 'unindexed_foreign_keys',
    );
    expect(fk.level).toBe('note');
    expect(fk.properties['security-severity']).toBeUndefined();
  });

  it('keeps fingerprints stable across runs', async () => {
    const fingerprints = async () =>
      JSON.parse(
        (await runCli(['db', 'lint', '--db', db.url, '--format', 'sarif']))
          .stdout,
      ).runs[0].results.map(
        (r: { partialFingerprints: { primaryLocationLineHash: string } }) =>
          r.partialFingerprints.primaryLocationLineHash,
      );
    expect(await fingerprints()).toEqual(await fingerprints());
  });
});
