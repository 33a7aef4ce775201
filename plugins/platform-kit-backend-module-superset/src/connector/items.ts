import { InventoryItem } from '@platform-kit/connector-sdk';

type Row = Record<string, any>;

/** Item ids: the vendor's numeric ids are only unique per type. */
export const itemId = (type: 'dashboard' | 'dataset' | 'chart', id: unknown) =>
  `${type}:${id}`;

/**
 * Owners as Superset reports them: `username` when present, else
 * "first last". Accepts the documented single object and the list that
 * Superset actually sends.
 */
export function ownerNames(owners: unknown): string[] {
  let list: Row[] = [];
  if (Array.isArray(owners)) list = owners;
  else if (owners) list = [owners];
  return list
    .map((owner: Row) =>
      typeof owner?.username === 'string' && owner.username
        ? owner.username
        : [owner?.first_name, owner?.last_name]
            .filter(part => typeof part === 'string' && part)
            .join(' '),
    )
    .filter(name => name !== '');
}

function ownership(owners: unknown) {
  const names = ownerNames(owners);
  return { owner: names[0], owners: names };
}

const text = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A dashboard; `datasetIds` are the datasets its charts read. */
export function dashboardItem(
  baseUrl: string,
  row: Row,
  datasetIds: number[],
): InventoryItem {
  const slug = text(row.slug);
  const { owner, owners } = ownership(row.owners);
  return {
    id: itemId('dashboard', row.id),
    type: 'dashboard',
    name: slug ?? `dashboard-${row.id}`,
    title: text(row.dashboard_title),
    owner,
    url: `${baseUrl}/superset/dashboard/${slug ?? row.id}/`,
    relations: datasetIds.map(id => ({
      type: 'dependsOn',
      itemId: itemId('dataset', id),
    })),
    attributes: {
      supersetId: row.id,
      slug: slug ?? null,
      published: row.published ?? null,
      owners,
    },
  };
}

/** A dataset (physical table or virtual SQL dataset). */
export function datasetItem(baseUrl: string, row: Row): InventoryItem {
  const database = text(row.database?.database_name);
  const schema = text(row.schema);
  const { owner, owners } = ownership(row.owners);
  return {
    id: itemId('dataset', row.id),
    type: 'dataset',
    name: [database, schema, row.table_name].filter(Boolean).join('.'),
    title: text(row.table_name),
    description: text(row.description),
    owner,
    url: `${baseUrl}/explore/?datasource_type=table&datasource_id=${row.id}`,
    attributes: {
      supersetId: row.id,
      tableName: row.table_name,
      schema: schema ?? null,
      database: database ?? null,
      kind: row.kind === 'virtual' || text(row.sql) ? 'virtual' : 'physical',
      owners,
    },
  };
}

/** A chart; related to its dataset when that dataset is in the inventory. */
export function chartItem(
  baseUrl: string,
  row: Row,
  knownDatasets: Set<number>,
): InventoryItem {
  const { owner, owners } = ownership(row.owners);
  const onDataset =
    (row.datasource_type === 'table' || row.datasource_type === 'dataset') &&
    knownDatasets.has(row.datasource_id);
  return {
    id: itemId('chart', row.id),
    type: 'chart',
    name: `chart-${row.id}`,
    title: text(row.slice_name),
    description: text(row.description),
    owner,
    url: `${baseUrl}/explore/?slice_id=${row.id}`,
    relations: onDataset
      ? [{ type: 'dependsOn', itemId: itemId('dataset', row.datasource_id) }]
      : [],
    attributes: {
      supersetId: row.id,
      vizType: row.viz_type ?? null,
      datasourceId: row.datasource_id ?? null,
      datasourceType: row.datasource_type ?? null,
      owners,
    },
  };
}

/**
 * Makes `name` unique per type: names shared by several items get the
 * item's vendor id appended (`orders-db.public.orders-7`).
 */
export function uniqueNames(items: InventoryItem[]): InventoryItem[] {
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = `${item.type}\u0000${item.name}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return items.map(item =>
    (seen.get(`${item.type}\u0000${item.name}`) ?? 0) > 1
      ? { ...item, name: `${item.name}-${item.id.split(':')[1]}` }
      : item,
  );
}
