import { ConnectorBase } from '@platform-kit/connector-sdk';
import { Knex } from 'knex';
import { z } from 'zod';
import { backendTestDatabases } from './__testUtils__/testBackend';
import {
  Ledger,
  LEDGER_API_KEY,
  ledgerConnectorType,
  LedgerOptions,
  startDeadEndpoint,
  startLedger,
} from './__testUtils__/ledgerConnector';
import {
  ConnectorRegistry,
  DEAD_ENDPOINT,
} from './connectors/ConnectorRegistry';
import { withDummyCredentials } from './connectors/dummyCredentials';
import { runConnectorContracts } from './connectors/runConnectorContracts';
import {
  CONTRACT_RUNS_KEPT,
  ContractRunStore,
  NewContractRun,
} from './store/contractRuns';
import { openOpsDatabase } from './store/migrate';
import { OpsStore } from './store/OpsStore';

jest.setTimeout(60_000);

const { databases, dbId } = backendTestDatabases();

const config = (options: Record<string, unknown>, connector = 'ledger') => ({
  id: 'ledger-prod',
  entityRef: 'resource:default/ledger-prod',
  kind: 'connector' as const,
  connector,
  options,
});

describe('connector contract runs', () => {
  let knex: Knex;
  let store: ContractRunStore;
  let record: { id: string; projectId: string };
  let ledger: Ledger;

  beforeAll(async () => {
    knex = await openOpsDatabase({
      getClient: async () => databases.init(dbId),
    } as any);
    const ops = new OpsStore(knex);
    const projectId = await ops.ensureProject('default');
    const target = await ops.upsertTarget(projectId, {
      entityRef: 'resource:default/ledger-prod',
      name: 'ledger-prod',
      kind: 'connector',
      schedule: '0 3 * * *',
    });
    record = { id: target.id, projectId };
    store = new ContractRunStore(knex);
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());

  function registryWith(deadEndpoint?: string, ...types: any[]) {
    const registry = new ConnectorRegistry({ deadEndpoint });
    registry.addConnectorType(ledgerConnectorType, ...types);
    return registry;
  }

  it('never sends the real secret to the dead endpoint: it gets dummy credentials', async () => {
    const dead = await startDeadEndpoint();
    try {
      const registry = registryWith(dead.url);
      const connector = registry.resolve(
        config({ baseUrl: ledger.url, apiKey: LEDGER_API_KEY }) as any,
        'platformKit.targets[0]',
      );
      const run = await runConnectorContracts({
        registry,
        store,
        target: { record, connector },
      });
      expect(
        run.results.find(r => r.id === 'sdk.health.dead-endpoint'),
      ).toMatchObject({ status: 'pass', evidence: { status: 'down' } });
      // The dead endpoint was called (a health request with a key header) ...
      expect(dead.received.length).toBeGreaterThan(0);
      const keys = dead.received.map(
        text => /x-api-key: (\S+)/i.exec(text)?.[1],
      );
      expect(keys.every(k => typeof k === 'string')).toBe(true);
      // ... and never saw the configured key.
      expect(dead.received.join('\n')).not.toContain(LEDGER_API_KEY);
      expect(keys[0]).toHaveLength(LEDGER_API_KEY.length);
      expect(run.status).toBe('passed');
    } finally {
      await dead.close();
    }
  });

  it('records the run with its job, its duration and a time', async () => {
    const registry = registryWith();
    const connector = registry.resolve(
      config({ baseUrl: ledger.url, apiKey: LEDGER_API_KEY }) as any,
      'p',
    );
    const [{ id: jobId }] = await knex('ops.jobs')
      .insert({
        project_id: record.projectId,
        type: 'contract',
        target_id: record.id,
      })
      .returning('id');
    const before = Date.now();
    const run = await runConnectorContracts({
      registry,
      store,
      target: { record, connector },
      jobId,
      timeBudgetMs: 5_000,
    });
    expect(run).toMatchObject({
      targetId: record.id,
      jobId,
      status: 'passed',
      error: null,
    });
    expect(Date.parse(run.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(
      Date.parse(run.startedAt),
    );
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(
      run.results.find(r => r.id === 'sdk.bounded-time')?.evidence,
    ).toMatchObject({ budgetMs: 5_000 });
    expect((await store.list(record.id, 1))[0]).toEqual(run);
    // Finished jobs are deleted after a while; the run stays.
    await knex('ops.jobs').where({ id: jobId }).delete();
    expect(await store.latest(record.id)).toEqual({ ...run, jobId: null });
  });

  it('records a failed run, redacted, when the suite cannot run at all', async () => {
    const broken = {
      kind: 'broken',
      optionsSchema: z.object({ baseUrl: z.string(), token: z.string() }),
      secrets: (o: { token: string }) => [o.token],
      create: (_id: string, o: { token: string }): ConnectorBase => {
        throw new Error(`cannot log in with ${o.token}`);
      },
    };
    const registry = registryWith(undefined, broken);
    const connector = registry.resolve(
      config(
        { baseUrl: ledger.url, token: 'broken-token-9d8e7f' },
        'broken',
      ) as any,
      'p',
    );
    const run = await runConnectorContracts({
      registry,
      store,
      target: { record, connector },
    });
    expect(run).toMatchObject({
      status: 'failed',
      results: [],
      error:
        'broken connector ledger-prod: the contract suite could not run: cannot log in with [REDACTED]',
    });
    expect(run.summary).toBe(run.error);
    expect(await store.latest(record.id)).toEqual(run);
  });

  it('rejects when the run cannot be recorded', async () => {
    const registry = registryWith();
    const connector = registry.resolve(
      config({ baseUrl: ledger.url, apiKey: LEDGER_API_KEY }) as any,
      'p',
    );
    await expect(
      runConnectorContracts({
        registry,
        store,
        target: {
          record: { ...record, id: '00000000-0000-4000-8000-000000000000' },
          connector,
        },
      }),
    ).rejects.toThrow(/contract_runs_target_id_fkey/);
  });

  it(`keeps the newest ${CONTRACT_RUNS_KEPT} runs of a target, newest first`, async () => {
    const base = Date.parse('2025-01-01T00:00:00.000Z');
    const run = (i: number): NewContractRun => ({
      projectId: record.projectId,
      targetId: record.id,
      status: i % 2 ? 'failed' : 'passed',
      startedAt: new Date(base + i * 60_000).toISOString(),
      finishedAt: new Date(base + i * 60_000 + 500).toISOString(),
      durationMs: 500,
      summary: `run ${i}`,
      results: [
        { id: 'sdk.health', title: 'health', status: 'pass', durationMs: 1 },
      ],
    });
    await knex('ops.contract_runs').where({ target_id: record.id }).delete();
    for (let i = 0; i <= CONTRACT_RUNS_KEPT; i++) await store.record(run(i));
    const all = await store.list(record.id, 1000);
    expect(all).toHaveLength(CONTRACT_RUNS_KEPT);
    expect(all[0].summary).toBe(`run ${CONTRACT_RUNS_KEPT}`);
    expect(all.at(-1)!.summary).toBe('run 1');
    expect(all[0].results).toEqual([
      {
        id: 'sdk.health',
        title: 'health',
        status: 'pass',
        durationMs: 1,
        evidence: {},
      },
    ]);
    expect(await store.latest(record.id)).toEqual(all[0]);
    expect(await store.latest('00000000-0000-4000-8000-000000000000')).toBe(
      undefined,
    );
    await expect(store.record({ ...run(0), durationMs: -1 })).rejects.toThrow(
      /durationMs/,
    );
  });
});

describe('dead connectors', () => {
  const registry = new ConnectorRegistry();
  registry.addConnectorType(ledgerConnectorType);

  it('point at the dead endpoint with dummy credentials of the same length', () => {
    const resolved = registry.resolve(
      config({
        baseUrl: 'http://ledger.example',
        apiKey: LEDGER_API_KEY,
      }) as any,
      'p',
    );
    const dead = registry.createDead(resolved) as unknown as {
      options: LedgerOptions;
    };
    expect(dead.options.baseUrl).toBe(DEAD_ENDPOINT);
    expect(dead.options.apiKey).not.toBe(LEDGER_API_KEY);
    expect(dead.options.apiKey).toMatch(/^[A-Za-z0-9]{19}$/);
  });

  it('replace secrets inside other strings, longest first, and leave the rest', () => {
    const out = withDummyCredentials(
      {
        url: 'postgres://app:s3cret-pass@db:5432/x',
        nested: [{ token: 's3cret-pass-2' }, 7, null, true],
        plain: 'nothing secret',
      },
      ['s3cret-pass', 's3cret-pass-2', ''],
    );
    expect(JSON.stringify(out)).not.toContain('s3cret-pass');
    expect(out.url).toMatch(/^postgres:\/\/app:[A-Za-z0-9]{11}@db:5432\/x$/);
    expect((out.nested[0] as { token: string }).token).toHaveLength(13);
    expect(out.nested.slice(1)).toEqual([7, null, true]);
    expect(out.plain).toBe('nothing secret');
  });

  it('are not built when the type refuses the dummies (the harness then skips the check)', () => {
    const strict = new ConnectorRegistry();
    strict.addConnectorType({
      ...ledgerConnectorType,
      kind: 'strict',
      optionsSchema: z.object({
        baseUrl: z.string().url(),
        apiKey: z.string().startsWith('ledger-'),
      }),
    });
    const resolved = strict.resolve(
      config(
        { baseUrl: 'http://ledger.example', apiKey: LEDGER_API_KEY },
        'strict',
      ) as any,
      'p',
    );
    expect(strict.createDead(resolved)).toBeUndefined();
  });
});
