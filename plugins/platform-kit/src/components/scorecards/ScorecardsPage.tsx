import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import {
  EntityScorecard,
  GroupScorecard,
  ScorecardQuery,
} from '../../api/types';
import { EntityLink, ShortEntityLink } from './EntityLink';
import { LabelledSelect } from './LabelledSelect';
import { RelativeTime } from './RelativeTime';
import { ScorecardSummary } from './ScorecardSummary';
import { summarize } from './summary';
import { TrendSparkline } from './TrendSparkline';
import { ScoreDistributionChart } from './ScoreDistributionChart';
import { scoreDistribution } from './distribution';
import { fetchAllScorecards } from './fetchAllScorecards';
import { entityCsvColumns, groupCsvColumns } from './columns';
import { toCsv } from './toCsv';
import { downloadFile } from './downloadFile';

type GroupBy = NonNullable<ScorecardQuery['groupBy']>;
type Sort = NonNullable<ScorecardQuery['sort']>;
type Order = NonNullable<ScorecardQuery['order']>;

interface Filters {
  q: string;
  owner: string;
  system: string;
  domain: string;
  kind: string;
}

const EMPTY_FILTERS: Filters = {
  q: '',
  owner: '',
  system: '',
  domain: '',
  kind: '',
};

/** Rows fetched at most for the CSV export and the distribution chart. */
export const MAX_EXPORT_ROWS = 10_000;

const PAGE_SIZES = [25, 50, 100, 200];

function formatScore(score: number | null): string {
  return score === null ? 'not evaluated' : String(Math.round(score));
}

function CapabilityChips(props: { capabilities: string[]; label: string }) {
  if (props.capabilities.length === 0) return <>—</>;
  return (
    <Box display="flex" flexWrap="wrap" aria-label={props.label}>
      {props.capabilities.map(c => (
        <Chip key={c} label={c} size="small" style={{ margin: 2 }} />
      ))}
    </Box>
  );
}

const nowrap = { whiteSpace: 'nowrap' as const };

const entityColumns: TableColumn<EntityScorecard>[] = [
  {
    title: 'Entity',
    field: 'title',
    cellStyle: { minWidth: 180 },
    render: row => <EntityLink entityRef={row.entityRef} title={row.title} />,
  },
  { title: 'Kind', field: 'kind', cellStyle: nowrap, headerStyle: nowrap },
  {
    title: 'Score',
    field: 'score',
    cellStyle: nowrap,
    headerStyle: nowrap,
    render: row => formatScore(row.score),
  },
  {
    title: 'Trend (90 days)',
    field: 'trend',
    cellStyle: nowrap,
    headerStyle: nowrap,
    render: row => <TrendSparkline trend={row.trend} />,
  },
  {
    title: 'Owner',
    field: 'owner',
    cellStyle: nowrap,
    render: row => (
      <ShortEntityLink entityRef={row.owner} defaultKind="group" />
    ),
  },
  {
    title: 'System',
    field: 'system',
    cellStyle: nowrap,
    render: row => (
      <ShortEntityLink entityRef={row.system} defaultKind="system" />
    ),
  },
  {
    title: 'Failing capabilities',
    field: 'failingCapabilities',
    cellStyle: { minWidth: 160 },
    render: row => (
      <CapabilityChips
        capabilities={row.failingCapabilities}
        label={`Failing capabilities of ${row.title}`}
      />
    ),
  },
  {
    title: 'Evaluated',
    field: 'evaluatedAt',
    cellStyle: nowrap,
    headerStyle: nowrap,
    render: row => <RelativeTime value={row.evaluatedAt} fallback="never" />,
  },
];

const GROUP_KIND: Record<GroupBy, string> = {
  none: 'component',
  owner: 'group',
  system: 'system',
  domain: 'domain',
};

/** Roll-up columns; the group is linked as an owner, system or domain. */
function groupColumns(groupBy: GroupBy): TableColumn<GroupScorecard>[] {
  return [
    {
      title: 'Group',
      field: 'key',
      cellStyle: { minWidth: 160 },
      render: row =>
        row.key ? (
          <ShortEntityLink
            entityRef={row.key}
            defaultKind={GROUP_KIND[groupBy]}
          />
        ) : (
          '(none)'
        ),
    },
    { title: 'Entities', field: 'entities', type: 'numeric' },
    { title: 'Scored', field: 'scored', type: 'numeric' },
    {
      title: 'Average',
      field: 'averageScore',
      render: row => formatScore(row.averageScore),
    },
    {
      title: 'Min',
      field: 'minScore',
      render: row => formatScore(row.minScore),
    },
    { title: 'Failing entities', field: 'failingEntities', type: 'numeric' },
    {
      title: 'Worst capabilities',
      field: 'worstCapabilities',
      render: row => (
        <CapabilityChips
          capabilities={row.worstCapabilities}
          label={`Worst capabilities of ${row.key}`}
        />
      ),
    },
  ];
}

const tableOptions = {
  search: false,
  sorting: false,
  paging: true,
  padding: 'dense' as const,
};

/** Text inputs of the filter bar, debounced into the query. */
function FilterBar(props: {
  filters: Filters;
  onChange: (filters: Filters) => void;
}) {
  const field = (
    key: keyof Filters,
    label: string,
    type = 'text',
    md: 2 | 4 = 2,
  ) => (
    <Grid item xs={12} sm={6} md={md}>
      <TextField
        id={`platform-kit-scorecards-${key}`}
        label={label}
        type={type}
        fullWidth
        value={props.filters[key]}
        onChange={e =>
          props.onChange({ ...props.filters, [key]: e.target.value })
        }
      />
    </Grid>
  );
  return (
    <>
      {field('q', 'Search', 'search', 4)}
      {field('owner', 'Owner')}
      {field('system', 'System')}
      {field('domain', 'Domain')}
      {field('kind', 'Kind')}
    </>
  );
}

/** The scorecards content (without page chrome). */
export function ScorecardsContent(props: { debounceMs?: number }) {
  const api = useApi(platformKitApiRef);
  const [filterInput, setFilterInput] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [sort, setSort] = useState<Sort>('score');
  const [order, setOrder] = useState<Order>('asc');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<Error | undefined>();

  useDebounce(
    () => {
      setFilters(filterInput);
      setPage(0);
    },
    props.debounceMs ?? 400,
    [filterInput],
  );

  const baseQuery: Omit<ScorecardQuery, 'offset' | 'limit'> = {
    groupBy,
    sort,
    order,
    ...filters,
  };
  const queryKey = JSON.stringify(baseQuery);

  const pageState = useAsync(
    () =>
      api.getScorecards({
        ...baseQuery,
        offset: page * pageSize,
        limit: pageSize,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey, page, pageSize],
  );

  // The chart counts every entity matching the filters (not only the current page),
  // so it does not depend on grouping, sorting or paging.
  const filterKey = JSON.stringify(filters);
  const distributionState = useAsync(async () => {
    const all = await fetchAllScorecards<EntityScorecard>(
      api,
      { groupBy: 'none', sort: 'name', order: 'asc', ...filters },
      MAX_EXPORT_ROWS,
    );
    return {
      counts: scoreDistribution(all.items.map(i => i.score)),
      summary: summarize(all.items, all.total),
      truncated: all.truncated,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, filterKey]);

  const changeGroupBy = (value: GroupBy) => {
    setGroupBy(value);
    setPage(0);
  };
  const changeSort = (value: Sort) => {
    setSort(value);
    setPage(0);
  };
  const changeOrder = (value: Order) => {
    setOrder(value);
    setPage(0);
  };

  const exportCsv = useCallback(async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      const query = JSON.parse(queryKey) as Omit<
        ScorecardQuery,
        'offset' | 'limit'
      >;
      const stamp = new Date().toISOString().slice(0, 10);
      if (query.groupBy && query.groupBy !== 'none') {
        const all = await fetchAllScorecards<GroupScorecard>(
          api,
          query,
          MAX_EXPORT_ROWS,
        );
        downloadFile(
          toCsv(groupCsvColumns, all.items),
          `platform-kit-scorecards-by-${query.groupBy}-${stamp}.csv`,
        );
      } else {
        const all = await fetchAllScorecards<EntityScorecard>(
          api,
          query,
          MAX_EXPORT_ROWS,
        );
        downloadFile(
          toCsv(entityCsvColumns, all.items),
          `platform-kit-scorecards-${stamp}.csv`,
        );
      }
    } catch (e) {
      setExportError(e as Error);
    } finally {
      setExporting(false);
    }
  }, [api, queryKey]);

  const onPageChange = (newPage: number, newPageSize: number) => {
    setPage(newPage);
    setPageSize(newPageSize);
  };
  const onRowsPerPageChange = (newPageSize: number) => {
    setPageSize(newPageSize);
    setPage(0);
  };

  let table: ReactNode;
  if (pageState.error) {
    table = <ResponseErrorPanel error={pageState.error} />;
  } else if (pageState.loading || !pageState.value) {
    table = <Progress />;
  } else if (pageState.value.total === 0) {
    table = (
      <EmptyState
        missing="data"
        title="No scorecards"
        description="No entity matches these filters, or no entity has been evaluated yet."
      />
    );
  } else {
    const response = pageState.value;
    const common = {
      options: { ...tableOptions, pageSize, pageSizeOptions: PAGE_SIZES },
      page,
      totalCount: response.total,
      onPageChange,
      onRowsPerPageChange,
    };
    table =
      response.groupBy !== 'none' ? (
        <Table<GroupScorecard>
          // material-table keeps its first columns: a new table per grouping.
          key={response.groupBy}
          title={`Scorecards by ${response.groupBy}`}
          columns={groupColumns(response.groupBy as GroupBy)}
          data={response.items as GroupScorecard[]}
          {...common}
        />
      ) : (
        <Table<EntityScorecard>
          title="Scorecards"
          columns={entityColumns}
          data={response.items as EntityScorecard[]}
          {...common}
        />
      );
  }

  let overview: ReactNode;
  if (distributionState.error) {
    overview = <ResponseErrorPanel error={distributionState.error} />;
  } else if (distributionState.loading || !distributionState.value) {
    overview = <Progress />;
  } else {
    overview = (
      <Grid container spacing={3} alignItems="center">
        <Grid item xs={12} md={4}>
          <ScorecardSummary summary={distributionState.value.summary} />
        </Grid>
        <Grid item xs={12} md={8}>
          <ScoreDistributionChart
            counts={distributionState.value.counts}
            truncated={distributionState.value.truncated}
            height={160}
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <form
          role="search"
          aria-label="Scorecard filters"
          onSubmit={e => e.preventDefault()}
        >
          <Grid container spacing={2} alignItems="flex-end">
            <FilterBar filters={filterInput} onChange={setFilterInput} />
            <Grid item xs={12} sm={4} md={2}>
              <LabelledSelect<GroupBy>
                id="platform-kit-scorecards-group-by"
                label="Group by"
                value={groupBy}
                onChange={changeGroupBy}
                options={[
                  { value: 'none', label: 'Entity' },
                  { value: 'owner', label: 'Owner' },
                  { value: 'system', label: 'System' },
                  { value: 'domain', label: 'Domain' },
                ]}
              />
            </Grid>
            <Grid item xs={12} sm={4} md={2}>
              <LabelledSelect<Sort>
                id="platform-kit-scorecards-sort"
                label="Sort by"
                value={sort}
                onChange={changeSort}
                options={[
                  { value: 'score', label: 'Score' },
                  { value: 'name', label: 'Name' },
                ]}
              />
            </Grid>
            <Grid item xs={12} sm={4} md={2}>
              <LabelledSelect<Order>
                id="platform-kit-scorecards-order"
                label="Order"
                value={order}
                onChange={changeOrder}
                options={[
                  { value: 'asc', label: 'Ascending' },
                  { value: 'desc', label: 'Descending' },
                ]}
              />
            </Grid>
            <Grid item xs={12} md={6}>
              <Box
                display="flex"
                alignItems="center"
                flexWrap="wrap"
                style={{ gap: 8 }}
              >
                <Button
                  variant="outlined"
                  color="primary"
                  onClick={exportCsv}
                  disabled={exporting}
                >
                  {exporting ? 'Exporting…' : 'Export CSV'}
                </Button>
                <Typography variant="caption" component="span">
                  Exports every row of the current filter (up to{' '}
                  {MAX_EXPORT_ROWS.toLocaleString('en-US')}).
                </Typography>
              </Box>
            </Grid>
            {exportError && (
              <Grid item xs={12}>
                <ResponseErrorPanel error={exportError} title="Export failed" />
              </Grid>
            )}
          </Grid>
        </form>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Overview">{overview}</InfoCard>
      </Grid>
      <Grid item xs={12}>
        {table}
      </Grid>
    </Grid>
  );
}

/** `/platform-kit` scorecards: every entity's score, roll-ups, filters, export and distribution. */
export function ScorecardsPage(props: { debounceMs?: number }) {
  return (
    <Page themeId="tool">
      <Header
        title="Platform Kit scorecards"
        subtitle="Parity scores of every entity, by owner, system or domain"
      />
      <Content>
        <ScorecardsContent debounceMs={props.debounceMs} />
      </Content>
    </Page>
  );
}

export default ScorecardsPage;
