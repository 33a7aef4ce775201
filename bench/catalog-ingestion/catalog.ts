/**
 * The full mutation through the real catalog (@backstage/plugin-catalog-backend
 * in a test backend on PostgreSQL), fed by the module's connector providers,
 * in a fresh process. Times run from the providers' refresh (mapping +
 * applyMutation) until every entity is stitched (final_entities) and readable
 * through the catalog API.
 */
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { knex as createKnex, Knex } from 'knex';
import { PlatformKitConnectorEntityProvider } from '../../plugins/catalog-backend-module-platform-kit/src/providers/PlatformKitConnectorEntityProvider';
import type { ConnectorSource } from '../../plugins/catalog-backend-module-platform-kit/src/providers/outcome';
import { BenchConnector, benchInventories, entityCount } from './inventory';
import { MemoryFigures, memorySampler } from './memory';

/** One full mutation of every connector and how long the catalog took. */
export interface MutationFigures {
  /** `initial`: 20,000 new entities; `unchanged`: the same again; `changed`: every title changed. */
  phase: 'initial' | 'unchanged' | 'changed';
  /** Refresh of the providers: mapping and applyMutation, until it resolved. */
  applyMs: number;
  /** From the refresh until every entity is stitched and readable. */
  processedMs: number;
  memory: MemoryFigures;
}

export interface CatalogResult {
  entities: number;
  phases: MutationFigures[];
  /** Checked through the catalog API after the initial mutation. */
  apiTotal: number;
  dashboardDependsOn: number;
}

const BENCH_SCAN = '00000000-0000-4000-8000-00000000be0c';

/** The control plane as the providers see it, in process (no HTTP): every connector healthy. */
function inProcessSource(current: () => BenchConnector[]): ConnectorSource {
  const find = (id: string) => current().find(c => c.config.id === id)!;
  const at = new Date().toISOString();
  return {
    async listConnectors() {
      const items = current().map(c => ({
        id: c.config.id,
        connector: c.connector,
        entityRef: `resource:default/${c.config.id}`,
        lastRun: {
          scanId: BENCH_SCAN,
          status: 'succeeded' as const,
          at,
          error: null,
        },
        lastGood: { scanId: BENCH_SCAN, capturedAt: at, items: c.items.length },
        health: { status: 'up' as const, checkedAt: at, checks: [] },
        contracts: { passed: true, failed: [] },
        ingestion: null,
      }));
      return { items };
    },
    async getConnectorInventory(id) {
      const c = find(id);
      return {
        connectorId: id,
        connector: c.connector,
        entityRef: `resource:default/${id}`,
        scanId: BENCH_SCAN,
        capturedAt: at,
        items: c.items.map(i => ({
          tags: [],
          relations: [],
          attributes: {},
          ...i,
        })),
      };
    },
    async reportIngestion() {},
  };
}

async function waitFor(
  knex: Knex,
  sql: string,
  expected: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await knex.raw(sql);
    const count = Number(rows[0].count);
    if (count >= expected) return;
    if (Date.now() > deadline)
      throw new Error(
        `only ${count} of ${expected} after ${timeoutMs} ms: ${sql}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}

export async function runCatalog(
  scale: number,
  dbUrl: string,
  timeoutMs: number,
): Promise<CatalogResult> {
  let inventories = benchInventories(scale);
  const expected = entityCount(inventories);
  const knex = createKnex({
    client: 'pg',
    connection: dbUrl,
    pool: { min: 0, max: 10 },
  });
  const providers: PlatformKitConnectorEntityProvider[] = [];
  const source = inProcessSource(() => inventories);
  const benchProviders = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'platform-kit-bench',
    register(env) {
      env.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          logger: coreServices.logger,
        },
        async init({ catalog, logger }) {
          for (const c of inventories) {
            const provider = new PlatformKitConnectorEntityProvider({
              config: c.config,
              source,
              logger,
            });
            providers.push(provider);
            catalog.addEntityProvider(provider);
          }
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      benchProviders,
      mockServices.database.factory({ knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  const stitched =
    'SELECT count(*) FROM final_entities WHERE final_entity IS NOT NULL';
  const phases: MutationFigures[] = [];
  const mutate = async (
    phase: MutationFigures['phase'],
    done: string,
  ): Promise<void> => {
    const memory = memorySampler();
    const start = performance.now();
    for (const p of providers) {
      const outcome = await p.refresh();
      if (outcome.status !== 'applied')
        throw new Error(
          `${p.getProviderName()}: ${outcome.status} ${outcome.reason}`,
        );
    }
    const applyMs = performance.now() - start;
    await waitFor(knex, done, expected, timeoutMs);
    phases.push({
      phase,
      applyMs,
      processedMs: performance.now() - start,
      memory: memory.stop(),
    });
  };
  try {
    await mutate('initial', stitched);
    const { port } = backend.server.address() as AddressInfo;
    const api = async (query: string) => {
      const res = await fetch(
        `http://127.0.0.1:${port}/api/catalog/entities/by-query?${query}`,
        {
          headers: { Authorization: mockCredentials.user.header() },
        },
      );
      if (!res.ok)
        throw new Error(`catalog API ${res.status}: ${await res.text()}`);
      return res.json();
    };
    const all = await api('limit=1');
    const dashboard = await api(
      `filter=${encodeURIComponent(
        'kind=component,metadata.name=superset-prod-dashboard-dashboard-1',
      )}`,
    );
    const dependsOn = (dashboard.items[0]?.relations ?? []).filter(
      (r: { type: string }) => r.type === 'dependsOn',
    ).length;
    await mutate('unchanged', stitched);
    inventories = benchInventories(scale, ' v2');
    await mutate(
      'changed',
      `SELECT count(*) FROM final_entities WHERE final_entity IS NOT NULL AND (final_entity::jsonb -> 'metadata' ->> 'title') LIKE '% v2'`,
    );
    return {
      entities: expected,
      phases,
      apiTotal: all.totalItems,
      dashboardDependsOn: dependsOn,
    };
  } finally {
    await backend.stop();
    await knex.destroy();
  }
}
