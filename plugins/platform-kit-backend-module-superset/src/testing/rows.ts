import {
  SupersetChartFixture,
  SupersetDashboardFixture,
  SupersetDatasetFixture,
  SupersetFixture,
} from './fixtures';

/** Rows as Superset's list and dashboard-datasets endpoints answer them. */

const uuid = (kind: number, id: number) =>
  `00000000-0000-4000-800${kind}-${String(id).padStart(12, '0')}`;

export function dashboardRow(dashboard: SupersetDashboardFixture) {
  return {
    id: dashboard.id,
    uuid: uuid(1, dashboard.id),
    dashboard_title: dashboard.dashboard_title,
    slug: dashboard.slug,
    published: dashboard.published,
    status: dashboard.published ? 'published' : 'draft',
    url: `/superset/dashboard/${dashboard.slug ?? dashboard.id}/`,
    owners: dashboard.owners,
    roles: [],
    tags: [],
    is_managed_externally: false,
    certified_by: null,
    certification_details: null,
    changed_on_utc: dashboard.changed_on,
    changed_on_delta_humanized: 'a month ago',
  };
}

export function datasetRow(dataset: SupersetDatasetFixture) {
  return {
    id: dataset.id,
    uuid: uuid(2, dataset.id),
    table_name: dataset.table_name,
    schema: dataset.schema,
    catalog: null,
    database: dataset.database,
    kind: dataset.kind,
    sql: dataset.sql,
    owners: dataset.owners,
    datasource_type: 'table',
    explore_url: `/explore/?datasource_type=table&datasource_id=${dataset.id}`,
    description: null,
    default_endpoint: null,
    extra: null,
    changed_on_utc: dataset.changed_on,
    changed_on_delta_humanized: 'a month ago',
  };
}

export function chartRow(chart: SupersetChartFixture, data: SupersetFixture) {
  const table = data.datasets.find(d => d.id === chart.datasource_id);
  return {
    id: chart.id,
    uuid: uuid(3, chart.id),
    slice_name: chart.slice_name,
    viz_type: chart.viz_type,
    datasource_id: chart.datasource_id,
    datasource_type: chart.datasource_type,
    owners: chart.owners,
    dashboards: chart.dashboards.map(id => ({
      id,
      dashboard_title:
        data.dashboards.find(d => d.id === id)?.dashboard_title ?? null,
    })),
    ...(table ? { table: { table_name: table.table_name } } : {}),
    url: `/explore/?slice_id=${chart.id}`,
    slice_url: `/explore/?slice_id=${chart.id}`,
    cache_timeout: null,
    description: null,
    params: '{}',
    is_managed_externally: false,
    tags: [],
    changed_on_utc: chart.changed_on,
    changed_on_delta_humanized: 'a month ago',
  };
}

/** The datasets a dashboard's charts read, as `DashboardDatasetSchema`. */
export function dashboardDatasetRows(
  dashboardId: number,
  data: SupersetFixture,
) {
  const ids = new Set(
    data.charts
      .filter(
        chart =>
          chart.dashboards.includes(dashboardId) &&
          chart.datasource_type === 'table',
      )
      .map(chart => chart.datasource_id),
  );
  return data.datasets
    .filter(dataset => ids.has(dataset.id))
    .map(dataset => ({
      id: dataset.id,
      uid: `${dataset.id}__table`,
      type: 'table',
      table_name: dataset.table_name,
      datasource_name: dataset.table_name,
      name: [dataset.schema, dataset.table_name].filter(Boolean).join('.'),
      ...(dataset.schema ? { schema: dataset.schema } : {}),
      ...(dataset.sql ? { sql: dataset.sql } : {}),
      database: {
        id: dataset.database.id,
        name: dataset.database.database_name,
        backend: 'postgresql',
      },
      owners: dataset.owners,
      columns: [],
      column_names: [],
      metrics: [],
    }));
}
