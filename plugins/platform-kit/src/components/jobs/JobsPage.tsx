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
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
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
import {
  JOBS_SIGNAL_CHANNEL,
  remediationApplyPermission,
  scanCreatePermission,
} from '@platform-kit/plugin-platform-kit-common';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { Job, JobStatus as Status } from '../../api/types';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { ShortEntityLink, shortEntityName } from '../scorecards/EntityLink';
import { LabelledSelect } from '../scorecards/LabelledSelect';
import { RelativeTime } from '../scorecards/RelativeTime';
import { JobDetailsDialog } from './JobDetailsDialog';
import { JobStatus, jobName, jobTypeLabel, patchCount } from './JobStatus';
import { PlanStatusText } from '../remediation/PlanStatus';
import { formatDuration, jobDuration } from './duration';
import { useCoalescedLoad } from './useCoalescedLoad';

type StatusFilter = '' | Status;
type TypeFilter = '' | Job['type'];

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'queued', label: 'Queued' },
  { value: 'running', label: 'Running' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
];

const TYPE_OPTIONS: { value: TypeFilter; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'scan', label: 'Scans' },
  { value: 'remediation', label: 'Remediation' },
];

const PAGE_SIZES = [25, 50, 100, 200];

const isActive = (job: Job) =>
  job.status === 'queued' || job.status === 'running';

interface Permission {
  allowed: boolean;
  /** The permission check answered DENY (not just still loading). */
  denied: boolean;
}

const DENIED_REASON: Record<Job['type'], string> = {
  scan: 'You are not allowed to start scans',
  remediation: 'You are not allowed to apply remediation plans',
};

/**
 * Retry for a failed job, disabled (with the reason) without the permission:
 * `platform-kit.scan.create` for scans, `platform-kit.remediation.apply` for plans.
 */
function RetryButton(props: {
  job: Job;
  permission: Permission;
  busy: boolean;
  onRetry: (job: Job) => void;
}) {
  const button = (
    <Button
      size="small"
      color="primary"
      variant="outlined"
      disabled={!props.permission.allowed || props.busy}
      onClick={() => props.onRetry(props.job)}
      aria-label={`Retry ${jobName(props.job)}`}
    >
      Retry
    </Button>
  );
  if (!props.permission.denied) return button;
  return (
    <Tooltip title={DENIED_REASON[props.job.type]}>
      <span>{button}</span>
    </Tooltip>
  );
}

interface JobActionsValue {
  permissions: Record<Job['type'], Permission>;
  retrying?: string;
  onRetry: (job: Job) => void;
  onDetails: (id: string) => void;
}

const NO_PERMISSION: Permission = { allowed: false, denied: false };

/**
 * The table's cells read permission and retry state from context: material-table keeps
 * the first column definitions, so their render functions must not close over state.
 */
const JobActionsContext = createContext<JobActionsValue>({
  permissions: { scan: NO_PERMISSION, remediation: NO_PERMISSION },
  onRetry: () => {},
  onDetails: () => {},
});

/** A plan that was partly applied is not applied again: a new plan takes the findings that are left. */
const retryable = (job: Job) =>
  job.status === 'failed' &&
  !(job.type === 'remediation' && job.planStatus === 'partial');

/** Retry for failed jobs (nothing for others). */
function JobRetry(props: { job: Job }) {
  const { permissions, retrying, onRetry } = useContext(JobActionsContext);
  if (!retryable(props.job)) return null;
  return (
    <RetryButton
      job={props.job}
      permission={permissions[props.job.type] ?? NO_PERMISSION}
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
        aria-label={`Details of ${jobName(props.job)}`}
      >
        Details
      </Button>
      <JobRetry job={props.job} />
    </Box>
  );
}

/** A remediation job's plan: its status, patches and whether it was a dry run. */
function PlanSummary(props: { job: Job }) {
  const { job } = props;
  if (job.type !== 'remediation') return <>—</>;
  return (
    <>
      <PlanStatusText status={job.planStatus} />
      <Typography variant="caption" color="textSecondary">
        {patchCount(job.patches)}
        {job.dryRun ? ' · dry run' : ''}
      </Typography>
    </>
  );
}

const nowrap = { whiteSpace: 'nowrap' as const };

const columns: TableColumn<Job>[] = [
  {
    title: 'Type',
    field: 'type',
    cellStyle: nowrap,
    render: job => jobTypeLabel(job),
  },
  {
    title: 'Entity',
    field: 'entityRef',
    cellStyle: { minWidth: 160 },
    render: job => (
      <ShortEntityLink entityRef={job.entityRef} defaultKind="component" />
    ),
  },
  {
    title: 'Status',
    field: 'status',
    cellStyle: nowrap,
    render: job => <JobStatus status={job.status} />,
  },
  {
    title: 'Plan',
    cellStyle: nowrap,
    render: job => <PlanSummary job={job} />,
  },
  { title: 'Attempts', field: 'attempts', type: 'numeric' },
  {
    title: 'Requested by',
    field: 'requestedBy',
    cellStyle: nowrap,
    headerStyle: nowrap,
    render: job => <Requester requestedBy={job.requestedBy} />,
  },
  {
    title: 'Queued',
    field: 'queuedAt',
    cellStyle: nowrap,
    render: job => <RelativeTime value={job.queuedAt} />,
  },
  {
    title: 'Finished',
    field: 'finishedAt',
    cellStyle: nowrap,
    render: job => <RelativeTime value={job.finishedAt} />,
  },
  {
    title: 'Duration',
    cellStyle: nowrap,
    render: job => {
      const ms = jobDuration(job);
      return ms === undefined ? '—' : formatDuration(ms);
    },
  },
  {
    title: 'Actions',
    cellStyle: nowrap,
    render: job => <JobActions job={job} />,
  },
];

/** "No job has been queued yet." / "No remediation job is failed." */
function emptyDescription(type: TypeFilter, status: StatusFilter): string {
  if (!type && !status) {
    return 'Nothing has been queued yet. Scans and remediation jobs appear here when they are queued.';
  }
  const noun = { '': 'job', scan: 'scan', remediation: 'remediation job' }[
    type
  ];
  return status ? `No ${noun} is ${status}.` : `No ${noun} has been queued.`;
}

/**
 * Scans and remediation jobs (without page chrome). Updates when the control
 * plane signals a job change; polls while a job on the page is queued or
 * running when signals are not available.
 */
export function JobsContent(props: { pollIntervalMs?: number }) {
  const pollIntervalMs = props.pollIntervalMs ?? 5000;
  const api = useApi(platformKitApiRef);
  const scanPermission = usePermission({ permission: scanCreatePermission });
  const applyPermission = usePermission({
    permission: remediationApplyPermission,
  });
  const [type, setType] = useState<TypeFilter>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [refresh, setRefresh] = useState(0);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [retrying, setRetrying] = useState<string | undefined>();
  const [notice, setNotice] = useState<
    { severity: 'success' | 'error'; message: string } | undefined
  >();

  const queryKey = JSON.stringify({
    type: type || undefined,
    status: status || undefined,
    offset: page * pageSize,
    limit: pageSize,
  });

  // The list is read again on every job signal, on retry and, while a job on
  // the page is queued or running, on poll ticks (slow ones when signals work).
  const [active, setActive] = useState(false);
  const { version, live } = useLiveRefresh(JOBS_SIGNAL_CHANNEL, {
    active,
    pollIntervalMs,
  });
  const state = useCoalescedLoad(
    queryKey,
    `${refresh}:${version}`,
    useCallback((key: string) => api.listJobs(JSON.parse(key)), [api]),
  );
  const loading = state.key !== queryKey;
  const items: Job[] = loading ? [] : state.value?.items ?? [];
  const anyActive = items.some(isActive);
  useEffect(() => setActive(anyActive), [anyActive]);

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

  const permissionOf = (p: { loading: boolean; allowed: boolean }) => ({
    allowed: !p.loading && p.allowed,
    denied: !p.loading && !p.allowed,
  });
  const scan = permissionOf(scanPermission);
  const apply = permissionOf(applyPermission);
  const actions = useMemo<JobActionsValue>(
    () => ({
      permissions: {
        scan: { allowed: scan.allowed, denied: scan.denied },
        remediation: { allowed: apply.allowed, denied: apply.denied },
      },
      retrying,
      onRetry: retry,
      onDetails: setSelectedId,
    }),
    [scan.allowed, scan.denied, apply.allowed, apply.denied, retrying, retry],
  );

  const selected = selectedId
    ? items.find(j => j.id === selectedId)
    : undefined;

  let subtitle: string | undefined;
  if (anyActive) {
    subtitle = live
      ? 'Live: updates as jobs change'
      : 'Updating while jobs are queued or running';
  }

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
        description={emptyDescription(type, status)}
      />
    );
  } else {
    body = (
      <>
        {state.error && (
          <ResponseErrorPanel error={state.error} title="Refresh failed" />
        )}
        <Table<Job>
          title="Jobs"
          subtitle={subtitle}
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
          <LabelledSelect<TypeFilter>
            id="platform-kit-jobs-type"
            label="Type"
            value={type}
            options={TYPE_OPTIONS}
            onChange={value => {
              setType(value);
              setPage(0);
            }}
          />
        </Grid>
        <Grid item xs={12} sm={4} md={3}>
          <LabelledSelect<StatusFilter>
            id="platform-kit-jobs-status"
            label="Status"
            value={status}
            options={STATUS_OPTIONS}
            onChange={value => {
              setStatus(value);
              setPage(0);
            }}
          />
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

/** Who asked for a job: a user's short name, the schedule, start-up, or the plan whose re-scan it is. */
function Requester(props: { requestedBy: string | null }) {
  const value = props.requestedBy ?? 'schedule';
  if (value.startsWith('remediation:'))
    return <span title={value}>Remediation re-scan</span>;
  if (value.startsWith('user:'))
    return <span title={value}>{shortEntityName(value, 'user')}</span>;
  return <>{value}</>;
}

/** Platform Kit jobs: scans and remediation jobs with status, attempts, logs and retry. */
export function JobsPage(props: { pollIntervalMs?: number }) {
  return (
    <Page themeId="tool">
      <Header
        title="Platform Kit jobs"
        subtitle="Scans and remediation jobs, their attempts and logs"
      />
      <Content>
        <JobsContent pollIntervalMs={props.pollIntervalMs} />
      </Content>
    </Page>
  );
}

export default JobsPage;
