import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

const WITH_QUEUE_API = { exposedSchemas: ['public', 'pgmq_public'] };

describe('insecure_queue_exposed_in_api', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    // What pgmq creates per queue: pgmq.q_<queue> and its archive pgmq.a_<queue>.
    fx = await createScanFixture();
    await fx.sql(`
      create schema pgmq;
      grant usage on schema pgmq to anon, authenticated;
      create table pgmq.q_jobs (msg_id bigint primary key, message jsonb);
      create table pgmq.a_jobs (msg_id bigint primary key, message jsonb);
      grant select on pgmq.q_jobs, pgmq.a_jobs to anon;
      create table pgmq.q_secure (msg_id bigint primary key);
      alter table pgmq.q_secure enable row level security;
      grant select on pgmq.q_secure to anon, authenticated;
      create table pgmq.q_private (msg_id bigint primary key);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags queue tables without RLS the API roles can read when pgmq_public is exposed', async () => {
    const findings = await fx.findings(
      'insecure_queue_exposed_in_api',
      WITH_QUEUE_API,
    );
    expect(objects(findings)).toEqual(['pgmq.q_jobs']);
    expect(findings[0]).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'insecure_queue_exposed_in_api_pgmq_q_jobs',
      detail: 'Table `pgmq.q_jobs` is public, but RLS has not been enabled.',
      metadata: { type: 'table' },
    });
  });

  it('reports nothing while pgmq_public is not exposed', async () => {
    expect(await fx.findings('insecure_queue_exposed_in_api')).toEqual([]);
    expect(
      await fx.findings('insecure_queue_exposed_in_api', {
        exposedSchemas: ['public', 'pgmq'],
      }),
    ).toEqual([]);
  });

  it('does not report the managed queue tables under other rules', async () => {
    const findings = await fx.findings(undefined, WITH_QUEUE_API);
    expect(
      findings.filter(f => f.metadata.schema === 'pgmq').map(f => f.name),
    ).toEqual(['insecure_queue_exposed_in_api']);
  });
});
