import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  createTestDatabase,
  findFreePort,
  TestDatabase,
} from '@platform-kit/devtools';
import {
  backendTestDatabases,
  catalogWith,
  scanAndWait,
} from '../__testUtils__/testBackend';
import { platformKitPlugin } from '../plugin';
import { METRICS } from './metricNames';

jest.setTimeout(120_000);

const { databases, dbId } = backendTestDatabases();

describe('metrics for Prometheus', () => {
  let target: TestDatabase;
  let server: any;
  let exporter: PrometheusExporter;
  let port: number;

  beforeAll(async () => {
    port = await findFreePort();
    exporter = new PrometheusExporter({ port, preventServerStart: true });
    await exporter.startServer();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
    target = await createTestDatabase();
    await (
      await target.connect()
    ).query('create table public.notes (id int primary key)');
    const knex = await databases.init(dbId);
    ({ server } = await startTestBackend({
      features: [
        platformKitPlugin,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.database.factory({ knex }),
        catalogWith('resource:default/notes-db', 'resource:default/gone-db'),
        mockServices.rootConfig.factory({
          data: {
            platformKit: {
              scanAttempts: 1,
              targets: [
                {
                  id: 'notes-db',
                  entityRef: 'resource:default/notes-db',
                  kind: 'supabase-project',
                  connectionString: target.url,
                },
                {
                  id: 'gone-db',
                  entityRef: 'resource:default/gone-db',
                  kind: 'supabase-project',
                  connectionString: `postgresql://x:hunter2@127.0.0.1:${await findFreePort()}/x`,
                },
              ],
            },
          },
        }),
      ],
    }));
  });
  afterAll(async () => {
    await exporter.shutdown();
    await target.drop();
  });

  const scrape = async () =>
    (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (text: string, name: string, labels: string) =>
    text
      .split('\n')
      .find(
        l =>
          l.startsWith(`${name}{`) &&
          labels.split(',').every(p => l.includes(p)),
      )
      ?.split(' ')
      .pop();

  it('counts scans and their duration by outcome, and reports findings, scores and target health', async () => {
    expect(
      (await scanAndWait(server, 'resource:default/notes-db')).status,
    ).toBe('succeeded');
    expect((await scanAndWait(server, 'resource:default/gone-db')).status).toBe(
      'failed',
    );
    const text = await scrape();
    expect(
      value(text, METRICS.scans, 'outcome="succeeded",target="notes-db"'),
    ).toBe('1');
    expect(
      value(text, METRICS.scans, 'outcome="failed",target="gone-db"'),
    ).toBe('1');
    expect(
      value(
        text,
        `${METRICS.scanDuration}_count`,
        'outcome="succeeded",target="notes-db",target_kind="supabase-project"',
      ),
    ).toBe('1');
    expect(value(text, METRICS.targetUp, 'target="notes-db"')).toBe('1');
    expect(value(text, METRICS.targetUp, 'target="gone-db"')).toBe('0');
    // The table without RLS shows up as findings of some level.
    const levels = ['ERROR', 'WARN', 'INFO'].map(level =>
      Number(
        value(text, METRICS.findings, `target="notes-db",level="${level}"`),
      ),
    );
    expect(levels.every(n => Number.isInteger(n))).toBe(true);
    expect(levels.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const score = Number(
      value(
        text,
        METRICS.parityScore,
        'entity_ref="resource:default/notes-db"',
      ),
    );
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
    // Secrets stay out of the metrics.
    expect(text).not.toContain('hunter2');
  });
});
