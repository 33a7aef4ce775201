import {
  CapabilityDeclaration,
  ConnectorBase,
  ConnectorInventory,
  ContractTest,
  HealthResult,
  InventoryItem,
  connectorInventorySchema,
} from '@platform-kit/connector-sdk';
import { supersetContractTests } from './contractTests';
import { supersetHealth } from './health';
import { chartItem, dashboardItem, datasetItem, uniqueNames } from './items';
import { listAll } from './lists';
import {
  parseSupersetOptions,
  SupersetConnectorOptions,
  SupersetConnectorOptionsInput,
} from './options';
import { SupersetHttpOverrides, SupersetSession } from './session';

/** How many dashboards' datasets are fetched at once. */
const DASHBOARD_CONCURRENCY = 4;

async function mapLimited<T, R>(
  inputs: T[],
  limit: number,
  fn: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await fn(inputs[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, inputs.length) }, worker),
  );
  return results;
}

/**
 * A read-only connector to Apache Superset: dashboards, datasets and charts
 * (with dashboard → dataset and chart → dataset relations) through the REST
 * API, logged in with a JWT; health from `/health` plus a login check.
 *
 * @example
 * ```ts
 * const superset = new SupersetConnector({
 *   id: 'superset-prod',
 *   baseUrl: 'https://superset.example.com',
 *   username: 'platform-kit',
 *   password: process.env.SUPERSET_PASSWORD!,
 * });
 * const { items } = await superset.inventory();
 * ```
 *
 * @public
 */
export class SupersetConnector extends ConnectorBase<
  SupersetConnectorOptions & { id: string }
> {
  readonly kind = 'superset';
  private readonly session: SupersetSession;
  private readonly probe: SupersetSession;

  /**
   * @param options - `id` plus the target's options (validated here).
   * @param overrides - HTTP test seams (fetch, sleep, backoff).
   * @throws TypeError naming each invalid option (never its value).
   */
  constructor(
    options: SupersetConnectorOptionsInput & { id: string },
    overrides: SupersetHttpOverrides = {},
  ) {
    const { id, ...rest } = options;
    if (typeof id !== 'string' || id === '') {
      throw new TypeError('Invalid Superset connector options: id: required');
    }
    super({ id, ...parseSupersetOptions(rest) });
    this.session = new SupersetSession(this.options, overrides);
    this.probe = new SupersetSession(
      { ...this.options, retries: 0 },
      overrides,
    );
  }

  /**
   * Everything readable: dashboards, datasets and charts, all pages.
   * Throws (never returns a partial inventory) when a list cannot be read
   * completely; errors never contain the password or tokens.
   */
  async inventory(): Promise<ConnectorInventory> {
    const { baseUrl, pageSize } = this.options;
    this.session.allowRelogin();
    try {
      const datasets = await listAll(this.session, 'datasets', pageSize);
      const charts = await listAll(this.session, 'charts', pageSize);
      const dashboards = await listAll(this.session, 'dashboards', pageSize);
      const known = new Set(datasets.rows.map(row => row.id as number));
      const dashboardItems = await mapLimited(
        dashboards.rows,
        DASHBOARD_CONCURRENCY,
        async row => {
          const body = await this.session.get<{ result?: { id?: unknown }[] }>(
            `/api/v1/dashboard/${row.id}/datasets`,
          );
          const ids = (body?.result ?? [])
            .map(dataset => dataset?.id)
            .filter(
              (id): id is number => typeof id === 'number' && known.has(id),
            );
          return dashboardItem(baseUrl, row, [...new Set(ids)]);
        },
      );
      const items: InventoryItem[] = uniqueNames([
        ...dashboardItems,
        ...datasets.rows.map(row => datasetItem(baseUrl, row)),
        ...charts.rows.map(row => chartItem(baseUrl, row, known)),
      ]);
      return connectorInventorySchema.parse({
        connector: { id: this.id, kind: this.kind },
        capturedAt: new Date().toISOString(),
        source: { product: 'Apache Superset' },
        items,
      });
    } catch (error) {
      throw this.redacted(error);
    }
  }

  /** `up`, `degraded` (answers, login fails) or `down`; never throws. */
  async health(): Promise<HealthResult> {
    return supersetHealth(this.session, this.probe);
  }

  capabilities(): CapabilityDeclaration[] {
    return [
      {
        id: 'auth.jwt-login',
        title: 'Logs in with username and password for a JWT',
      },
      {
        id: 'inventory.dashboards',
        title: 'Lists every dashboard (all pages)',
      },
      { id: 'inventory.datasets', title: 'Lists every dataset (all pages)' },
      { id: 'inventory.charts', title: 'Lists every chart (all pages)' },
      {
        id: 'relations.dashboard-dataset',
        title: 'Relates dashboards to the datasets their charts read',
      },
      {
        id: 'relations.chart-dataset',
        title: 'Relates charts to their dataset',
      },
      {
        id: 'health.liveness',
        title: 'Reads GET /health and checks the login',
      },
    ];
  }

  contractTests(): ContractTest[] {
    return supersetContractTests(
      this.session,
      this.probe,
      this.options.pageSize,
    );
  }

  /** The same error with the password and tokens taken out of its message. */
  private redacted(error: unknown): Error {
    if (!(error instanceof Error)) {
      return new Error(this.session.http.redact(String(error)));
    }
    const message = this.session.http.redact(error.message);
    if (message !== error.message) error.message = message;
    if (error.stack) error.stack = this.session.http.redact(error.stack);
    return error;
  }
}
