import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Alert from '@material-ui/lab/Alert';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { scanCreatePermission } from '@platform-kit/plugin-platform-kit-common';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { JobsResponse, ScanRecord } from '../../api/types';
import { EntityLink } from '../scorecards/EntityLink';
import { Job, JobDetailsDialog } from './JobDetailsDialog';
import { JobStatus } from './JobStatus';
import { formatDuration, jobDuration } from './duration';

type StatusFilter = '' | ScanRecord['status'];

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'queued', label: 'Queued' },
  { value: 'running', label: 'Running' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
];

const PAGE_SIZES = [25, 50, 100, 200];

function time(value: string | null): string {
  return value ? new Date(value).toLocaleString() : '—';
}

const isActive = (job: Job) =>
  job.status === 'queued' || job.status === 'running';

interface LoadState {
  /** The query the value or error belongs to. */
  key: string;
  value?: JobsResponse;
  error?: Error;
}

/** Retry for a failed job: disabled (with the reason) without `platform-kit.scan.create`. */
function RetryButton(props: {
  job: Job;
  allowed: boolean;
  denied: boolean;
  busy: boolean;
  onRetry: (job: Job) => void;
}) {
  const button = (
    <Button
      size="small"
      color="primary"
      variant="outlined"
      disabled={!props.allowed || props.busy}
      onClick={() => props.onRetry(props.job)}
      aria-label={`Retry scan ${props.job.id}`}
    >
      Retry
    </Button>
  );
  if (!props.denied) return button;
  return (
    <Tooltip title="You are not allowed to start scans">
      <span>{button}</span>
    </Tooltip>
  );
}

interface JobActionsValue {
  allowed: boolean;
  /** The permission check answered DENY (not just still loading). */
  denied: boolean;
  retrying?: string;
  onRetry: (job: Job) => void;
  onDetails: (id: string) => void;
}

/**
 * The table's cells read permission and retry state from context: material-table keeps
 * the first column definitions, so their render functions must not close over state.
 */
const JobActionsContext = createContext<JobActionsValue>({
  allowed: false,
  denied: false,
  onRetry: () => {},
  onDetails: () => {},
});

/** Retry for failed jobs (nothing for others). */
function JobRetry(props: { job: Job }) {
  const { allowed, denied, retrying, onRetry } = useContext(JobActionsContext);
  if (props.job.status !== 'failed') return null;
  return (
    <RetryButton
      job={props.job}
      allowed={allowed}
      denied={denied}
      busy={retrying === props.job.id}
      onRetry={onRetry}
    />
  );
}

function JobActions(props: { job: Job }) {
  const { onDetails } = useContext(JobActionsContext);
  return (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        size="small"
        onClick={() => onDetails(props.job.id)}
        aria-label={`Details of scan ${props.job.id}`}
      >
        Details
      </Button>
      <JobRetry job={props.job} />
    </Box>
  );
}

const columns: TableColumn<Job>[] = [
  {
    title: 'Entity',
    field: 'entityRef',
    render: job => <EntityLink entityRef={job.entityRef} />,
  },
  {
    title: 'Status',
    field: 'status',
    render: job => <JobStatus status={job.status} />,
  },
  { title: 'Attempts', field: 'attempts', type: 'numeric' },
  {
    title: 'Requested by',
    field: 'requestedBy',
    render: job => job.requestedBy ?? 'schedule',
  },
  { title: 'Queued', field: 'queuedAt', render: job => time(job.queuedAt) },
  { title: 'Started', field: 'startedAt', render: job => time(job.startedAt) },
  {
    title: 'Finished',
    field: 'finishedAt',
    render: job => time(job.finishedAt),
  },
  {
    title: 'Duration',
    render: job => {
      const ms = jobDuration(job);
      return ms === undefined ? '—' : formatDuration(ms);
    },
  },
  { title: 'Actions', render: job => <JobActions job={job} /> },
];

/** Scans as jobs (without page chrome). Polls while any job on the page is queued or running. */
export function JobsContent(props: { pollIntervalMs?: number }) {
  const pollIntervalMs = props.pollIntervalMs ?? 5000;
  const api = useApi(platformKitApiRef);
  const permission = usePermission({ permission: scanCreatePermission });
  const [status, setStatus] = useState<StatusFilter>('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [refresh, setRefresh] = useState(0);
  const [state, setState] = useState<LoadState>({ key: '' });
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [retrying, setRetrying] = useState<string | undefined>();
  const [notice, setNotice] = useState<
    { severity: 'success' | 'error'; message: string } | undefined
  >();

  const queryKey = JSON.stringify({
    status: status || undefined,
    offset: page * pageSize,
    limit: pageSize,
  });

  useEffect(() => {
    let cancelled = false;
    api.listJobs(JSON.parse(queryKey)).then(
      value => {
        if (!cancelled) setState({ key: queryKey, value });
      },
      error => {
        if (cancelled) return;
        // A failed background refresh keeps what is shown and adds the error.
        setState(current => ({
          key: queryKey,
          value: current.key === queryKey ? current.value : undefined,
          error,
        }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, queryKey, refresh]);

  const loading = state.key !== queryKey;
  const items: Job[] = loading ? [] : state.value?.items ?? [];
  const anyActive = items.some(isActive);

  // Poll while something on the page is queued or running (re-armed after every answer).
  useEffect(() => {
    if (loading || !anyActive) return undefined;
    const timer = setTimeout(() => setRefresh(r => r + 1), pollIntervalMs);
    return () => clearTimeout(timer);
  }, [loading, anyActive, state, pollIntervalMs]);

  const retry = useCallback(
    async (job: Job) => {
      setRetrying(job.id);
      setNotice(undefined);
      try {
        const result = await api.retryJob(job.id);
        setNotice({
          severity: 'success',
          message:
            'scanId' in result
              ? `Retry of ${job.id} queued as scan ${result.scanId}.`
              : `Plan ${result.planId} is being applied again.`,
        });
        setRefresh(r => r + 1);
      } catch (e) {
        setNotice({
          severity: 'error',
          message: `Retry of ${job.id} failed: ${(e as Error).message}`,
        });
      } finally {
        setRetrying(undefined);
      }
    },
    [api],
  );

  const allowed = !permission.loading && permission.allowed;
  const denied = !permission.loading && !permission.allowed;
  const actions = useMemo<JobActionsValue>(
    () => ({
      allowed,
      denied,
      retrying,
      onRetry: retry,
      onDetails: setSelectedId,
    }),
    [allowed, denied, retrying, retry],
  );

  const selected = selectedId
    ? items.find(j => j.id === selectedId)
    : undefined;

  let body: ReactNode;
  if (state.error && !state.value && !loading) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (loading || !state.value) {
    body = <Progress />;
  } else if (state.value.total === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No jobs"
        description={
          status
            ? `No scan is ${status}.`
            : 'No scan has been requested yet. Scans appear here when they are queued.'
        }
      />
    );
  } else {
    body = (
      <>
        {state.error && (
          <ResponseErrorPanel error={state.error} title="Refresh failed" />
        )}
        <Table<Job>
          title="Scans"
          subtitle={
            anyActive ? 'Updating while scans are queued or running' : undefined
          }
          columns={columns}
          data={items}
          options={{
            search: false,
            sorting: false,
            paging: true,
            padding: 'dense',
            pageSize,
            pageSizeOptions: PAGE_SIZES,
          }}
          page={page}
          totalCount={state.value.total}
          onPageChange={(newPage: number, newPageSize: number) => {
            setPage(newPage);
            setPageSize(newPageSize);
          }}
          onRowsPerPageChange={(newPageSize: number) => {
            setPageSize(newPageSize);
            setPage(0);
          }}
        />
      </>
    );
  }

  return (
    <JobActionsContext.Provider value={actions}>
      <Grid container spacing={3}>
        <Grid item xs={12} sm={4} md={3}>
          <TextField
            id="platform-kit-jobs-status"
            select
            label="Status"
            value={status}
            fullWidth
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            onChange={e => {
              setStatus(e.target.value as StatusFilter);
              setPage(0);
            }}
          >
            {STATUS_OPTIONS.map(o => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </TextField>
        </Grid>
        {notice && (
          <Grid item xs={12}>
            <Alert
              severity={notice.severity}
              onClose={() => setNotice(undefined)}
            >
              {notice.message}
            </Alert>
          </Grid>
        )}
        <Grid item xs={12}>
          {body}
        </Grid>
        {selected && (
          <JobDetailsDialog
            job={selected}
            onClose={() => setSelectedId(undefined)}
            retryButton={<JobRetry job={selected} />}
          />
        )}
      </Grid>
    </JobActionsContext.Provider>
  );
}

/** Platform Kit jobs: scans with status, attempts, logs and retry. */
export function JobsPage(props: { pollIntervalMs?: number }) {
  return (
    <Page themeId="tool">
      <Header
        title="Platform Kit jobs"
        subtitle="Scans, their attempts and logs"
      />
      <Content>
        <JobsContent pollIntervalMs={props.pollIntervalMs} />
      </Content>
    </Page>
  );
}

export default JobsPage;
