import type { ConnectorItem } from '@platform-kit/plugin-platform-kit-common';

/** How many items of each type a generated inventory holds. */
export interface InventorySize {
  workflows: number;
  dashboards: number;
  charts: number;
  datasets: number;
  modules: number;
  models: number;
}

/** 20,000 items: the benchmark's mix. */
export const BENCH_SIZE: InventorySize = {
  workflows: 5_000,
  dashboards: 1_000,
  charts: 5_000,
  datasets: 3_000,
  modules: 1_000,
  models: 5_000,
};

const TEAMS = ['data-team', 'automation-team', 'finance', 'ops'];

/** An n8n inventory: workflows (every third inactive) with tags, in a system. */
export function n8nItems(
  count: number,
  base = 'http://n8n.test',
): ConnectorItem[] {
  const items: ConnectorItem[] = [
    {
      id: 'tag-1',
      type: 'tag',
      name: 'Billing Jobs',
      tags: [],
      relations: [],
      attributes: {},
    },
  ];
  for (let i = 0; i < count; i++) {
    const id = `Wf${i.toString(36)}X${i}`;
    items.push({
      id,
      type: 'workflow',
      name: `Workflow ${i}: sync orders`,
      owner: i % 5 === 0 ? TEAMS[i % TEAMS.length] : undefined,
      tags: ['Nightly', i % 2 ? 'CRM sync' : 'ETL'],
      url: `${base}/workflow/${id}`,
      relations: [
        ...(i % 10 === 0 ? [{ type: 'tagged', itemId: 'tag-1' }] : []),
        { type: 'partOf', entityRef: 'system:default/acme-tasks' },
      ],
      attributes: { active: i % 3 !== 0, nodes: 5 + (i % 7) },
    });
  }
  return items;
}

/** A Superset inventory: datasets, charts on a dataset, dashboards on charts and datasets. */
export function supersetItems(
  size: Pick<InventorySize, 'dashboards' | 'charts' | 'datasets'>,
  base = 'http://superset.test',
): ConnectorItem[] {
  const items: ConnectorItem[] = [];
  for (let i = 0; i < size.datasets; i++)
    items.push({
      id: `dataset-${i}`,
      type: 'dataset',
      name: `public.orders_${i}`,
      owner: `owner${i % 4}@acme.test`,
      tags: [],
      url: `${base}/explore/?datasource_type=table&datasource_id=${i}`,
      relations: [],
      attributes: { schema: 'public', database: 'analytics' },
    });
  for (let i = 0; i < size.charts; i++)
    items.push({
      id: `chart-${i}`,
      type: 'chart',
      name: `Chart ${i}`,
      tags: [],
      url: `${base}/explore/?slice_id=${i}`,
      relations: size.datasets
        ? [{ type: 'dependsOn', itemId: `dataset-${i % size.datasets}` }]
        : [],
      attributes: { viz_type: 'table' },
    });
  for (let i = 0; i < size.dashboards; i++) {
    const relations = [];
    for (let c = 0; c < 5 && size.charts; c++)
      relations.push({
        type: 'dependsOn',
        itemId: `chart-${(i * 5 + c) % size.charts}`,
      });
    if (size.datasets)
      relations.push({
        type: 'dependsOn',
        itemId: `dataset-${i % size.datasets}`,
      });
    items.push({
      id: `dashboard-${i}`,
      type: 'dashboard',
      name: `sales-${i}`,
      title: `Sales ${i}`,
      owner: i % 2 ? 'group:default/data-team' : undefined,
      tags: ['KPI'],
      url: `${base}/superset/dashboard/${i}/`,
      relations,
      attributes: { published: i % 4 !== 0 },
    });
  }
  return items;
}

/** An Odoo inventory: modules depending on one another, models defined by modules. */
export function odooItems(
  size: Pick<InventorySize, 'modules' | 'models'>,
  base = 'http://odoo.test',
): ConnectorItem[] {
  const items: ConnectorItem[] = [];
  for (let i = 0; i < size.modules; i++)
    items.push({
      id: `module-${i}`,
      type: 'module',
      name: `acme_module_${i}`,
      title: `Acme Module ${i}`,
      owner: 'Acme',
      tags: ['Sales'],
      url: `${base}/odoo/action-base.open_module_tree/${i}`,
      relations:
        i > 0 ? [{ type: 'dependsOn', itemId: `module-${i - 1}` }] : [],
      attributes: {
        state: i % 10 === 0 ? 'uninstalled' : 'installed',
        version: '17.0.1.0',
      },
    });
  for (let i = 0; i < size.models; i++)
    items.push({
      id: `model-${i}`,
      type: 'model',
      name: `acme.model_${i}`,
      tags: [],
      relations: size.modules
        ? [{ type: 'definedBy', itemId: `module-${i % size.modules}` }]
        : [],
      attributes: { transient: false },
    });
  return items;
}
