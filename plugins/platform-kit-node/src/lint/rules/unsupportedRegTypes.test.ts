import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('unsupported_reg_types', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.jobs (id int primary key, handler regproc, target regclass, kind regtype, owner regrole);
      create table public.hooks (id int primary key, handlers regprocedure[]);
      create schema private;
      create table private.configs (id int primary key, dictionary regconfig);
      create table public.fine (id int primary key, rel regclass);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags columns of reg* types pg_upgrade cannot carry over, not regclass, regtype or regrole', async () => {
    const findings = await fx.findings('unsupported_reg_types');
    expect(
      findings
        .map(
          f => `${f.metadata.schema}.${f.metadata.name}.${f.metadata.column}`,
        )
        .sort(),
    ).toEqual([
      'private.configs.dictionary',
      'public.hooks.handlers',
      'public.jobs.handler',
    ]);
    expect(findings.find(f => f.metadata.column === 'handler')).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 3,
      cache_key: 'unsupported_reg_types_public_jobs_handler',
      detail:
        'Table `public.jobs` has a column `handler` with unsupported reg* type `regproc`.',
      metadata: { type: 'table', column_type: 'regproc' },
    });
    expect(
      findings.find(f => f.metadata.column === 'handlers')!.metadata
        .column_type,
    ).toBe('regprocedure[]');
  });
});
