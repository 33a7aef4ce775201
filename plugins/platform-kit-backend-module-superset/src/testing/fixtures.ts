/**
 * A Superset user as the list endpoints show owners.
 *
 * @public
 */
export interface SupersetUserFixture {
  id: number;
  first_name: string;
  last_name: string;
}

/**
 * A dashboard of the stand-in. Its datasets follow from its charts.
 *
 * @public
 */
export interface SupersetDashboardFixture {
  id: number;
  dashboard_title: string;
  slug: string | null;
  published: boolean;
  owners: SupersetUserFixture[];
  /** ISO time of the last change; the default list order is newest first. */
  changed_on: string;
}

/**
 * A dataset (SqlaTable) of the stand-in.
 *
 * @public
 */
export interface SupersetDatasetFixture {
  id: number;
  table_name: string;
  schema: string | null;
  database: { id: number; database_name: string };
  kind: 'physical' | 'virtual';
  sql: string | null;
  owners: SupersetUserFixture[];
  changed_on: string;
}

/**
 * A chart (slice) of the stand-in, on a dataset and on dashboards.
 *
 * @public
 */
export interface SupersetChartFixture {
  id: number;
  slice_name: string;
  viz_type: string;
  datasource_id: number | null;
  datasource_type: string | null;
  owners: SupersetUserFixture[];
  /** Ids of the dashboards the chart is on. */
  dashboards: number[];
  changed_on: string;
}

/**
 * What the stand-in Superset holds.
 *
 * @public
 */
export interface SupersetFixture {
  dashboards: SupersetDashboardFixture[];
  datasets: SupersetDatasetFixture[];
  charts: SupersetChartFixture[];
}

const ADMIN: SupersetUserFixture = {
  id: 1,
  first_name: 'Ada',
  last_name: 'Admin',
};

/** Newest first by id: item `id` changed `id` minutes before a fixed time. */
function changedOn(id: number): string {
  return new Date(Date.UTC(2026, 0, 1) - id * 60_000).toISOString();
}

/**
 * A generated Superset with `dashboards`, `datasets` and `charts` of each,
 * ids from 1: chart `n` reads dataset `((n - 1) % datasets) + 1` and sits on
 * dashboard `((n - 1) % dashboards) + 1`; even datasets are virtual.
 *
 * @public
 */
export function generateSupersetFixture(counts: {
  dashboards: number;
  datasets: number;
  charts: number;
}): SupersetFixture {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  return {
    dashboards: range(counts.dashboards).map(id => ({
      id,
      dashboard_title: `Dashboard ${id}`,
      slug: id % 2 === 0 ? `dashboard-${id}` : null,
      published: id % 3 !== 0,
      owners: [ADMIN],
      changed_on: changedOn(id),
    })),
    datasets: range(counts.datasets).map(id => ({
      id,
      table_name: `table_${id}`,
      schema: 'public',
      database: { id: 1, database_name: 'examples' },
      kind: id % 2 === 0 ? 'virtual' : 'physical',
      sql: id % 2 === 0 ? `select * from table_${id}` : null,
      owners: [ADMIN],
      changed_on: changedOn(id),
    })),
    charts: range(counts.charts).map(id => ({
      id,
      slice_name: `Chart ${id}`,
      viz_type: 'table',
      datasource_id:
        counts.datasets > 0 ? ((id - 1) % counts.datasets) + 1 : null,
      datasource_type: counts.datasets > 0 ? 'table' : null,
      owners: [ADMIN],
      dashboards:
        counts.dashboards > 0 ? [((id - 1) % counts.dashboards) + 1] : [],
      changed_on: changedOn(id),
    })),
  };
}
