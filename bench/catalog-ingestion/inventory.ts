/**
 * The benchmark's inventories: 20,000 connector items over three connectors
 * (n8n workflows; Superset datasets, charts and dashboards; Odoo modules and
 * models), with relations (chart -> dataset, dashboard -> charts and dataset,
 * module -> module, model -> module), owners, tags and links.
 */
import type { InventoryItem } from '@platform-kit/connector-sdk';
import {
  BENCH_SIZE,
  n8nItems,
  odooItems,
  supersetItems,
} from '../../plugins/catalog-backend-module-platform-kit/src/__testUtils__/inventoryFixtures';
import type { ConnectorProviderConfig } from '../../plugins/catalog-backend-module-platform-kit/src/config';

export interface BenchConnector {
  config: ConnectorProviderConfig;
  connector: string;
  items: InventoryItem[];
}

/** Scale (BENCH_SCALE, default 1 = 20,000 items) applied to every count. */
export function benchInventories(
  scale = 1,
  titleSuffix = '',
): BenchConnector[] {
  const n = (v: number) => Math.max(1, Math.round(v * scale));
  const retitle = (items: InventoryItem[]) =>
    titleSuffix
      ? items.map(i => ({ ...i, title: `${i.title ?? i.name}${titleSuffix}` }))
      : items;
  // n8nItems adds one tag item (not an entity): one workflow fewer keeps the total even.
  return [
    {
      config: {
        id: 'n8n-prod',
        owner: 'group:default/automation-team',
        system: 'system:default/acme-tasks',
      },
      connector: 'n8n',
      items: retitle(n8nItems(n(BENCH_SIZE.workflows))),
    },
    {
      config: {
        id: 'superset-prod',
        owner: 'group:default/bi',
        owners: { 'owner1@acme.test': 'group:default/finance' },
      },
      connector: 'superset',
      items: retitle(
        supersetItems({
          dashboards: n(BENCH_SIZE.dashboards),
          charts: n(BENCH_SIZE.charts),
          datasets: n(BENCH_SIZE.datasets),
        }),
      ),
    },
    {
      config: { id: 'odoo-prod', owner: 'group:default/erp' },
      connector: 'odoo',
      items: retitle(
        odooItems({
          modules: n(BENCH_SIZE.modules),
          models: n(BENCH_SIZE.models),
        }),
      ),
    },
  ];
}

/** Items that become entities (tags do not). */
export const entityCount = (connectors: BenchConnector[]) =>
  connectors.reduce(
    (n, c) => n + c.items.filter(i => i.type !== 'tag').length,
    0,
  );
export const itemCount = (connectors: BenchConnector[]) =>
  connectors.reduce((n, c) => n + c.items.length, 0);
