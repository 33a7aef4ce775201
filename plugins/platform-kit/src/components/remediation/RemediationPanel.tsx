import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  CodeSnippet,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { ResponseError } from '@backstage/errors';
import {
  entitySignalChannel,
  remediationApplyPermission,
} from '@platform-kit/plugin-platform-kit-common';
import {
  Box,
  Button,
  Chip,
  Collapse,
  Paper,
  Typography,
} from '@material-ui/core';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { RemediationPlanRecord } from '../../api/types';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { ApplyPlanButton, TaskLogLink } from './ApplyPlanButton';
import { startedTasks } from './remediationTemplate';
import { PlanOutcome } from './PlanOutcome';

export interface RemediationPanelProps {
  entityRef: string;
  /** How often plans that are being applied are re-read (ms). */
  pollIntervalMs?: number;
  /** Change it (e.g. to the id of a plan just created) to reload the list. */
  refreshKey?: string | number;
}

type Status = RemediationPlanRecord['status'];
type Risk = 'safe' | 'behaviour-change' | 'destructive';

const STATUS_LABEL: Record<Status, string> = {
  pending: 'Pending',
  applying: 'Applying',
  applied: 'Applied',
  failed: 'Failed',
};
const STATUS_COLOR: Record<Status, 'default' | 'primary' | 'secondary'> = {
  pending: 'default',
  applying: 'primary',
  applied: 'primary',
  failed: 'secondary',
};
const RISK_LABEL: Record<Risk, string> = {
  safe: 'Safe',
  'behaviour-change': 'Behaviour change',
  destructive: 'Destructive',
};
const RISK_ORDER: Risk[] = ['safe', 'behaviour-change', 'destructive'];

function riskClasses(plan: RemediationPlanRecord): Risk[] {
  const risks = new Set<Risk>();
  for (const patch of plan.plan.patches)
    for (const step of patch.steps) risks.add(step.risk);
  return RISK_ORDER.filter(r => risks.has(r));
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function RiskChip({ risk }: { risk: Risk }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={risk === 'destructive' ? 'secondary' : 'default'}
      label={RISK_LABEL[risk]}
    />
  );
}

function PlanDetails({ plan }: { plan: RemediationPlanRecord }) {
  const finished = plan.status === 'applied' || plan.status === 'failed';
  const { outcome } = plan;
  return (
    <Box p={2} pt={0}>
      {plan.plan.patches.map(patch => (
        <Box key={patch.findingKey} mb={2}>
          <Typography variant="subtitle1">{patch.title}</Typography>
          <Typography variant="caption" color="textSecondary">
            {patch.lint} · {patch.findingKey}
          </Typography>
          {patch.manual && (
            <Box mt={1}>
              <Typography variant="body2">
                Manual fix needed: {patch.manual.reason}
              </Typography>
              <Typography variant="body2">
                {patch.manual.instructions}
              </Typography>
            </Box>
          )}
          {patch.steps.map((step, i) => (
            <Box key={step.id} mt={1}>
              <Box display="flex" alignItems="center">
                <Typography variant="body2" style={{ marginRight: 8 }}>
                  Step {i + 1}: {step.rationale}
                </Typography>
                <RiskChip risk={step.risk} />
              </Box>
              <CodeSnippet language="sql" text={step.sql} showCopyCodeButton />
            </Box>
          ))}
        </Box>
      ))}
      {plan.plan.skipped.length > 0 && (
        <Box mb={2}>
          <Typography variant="subtitle1">Skipped findings</Typography>
          <ul>
            {plan.plan.skipped.map(s => (
              <li key={s.findingKey}>
                <code>{s.findingKey}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </Box>
      )}
      {finished && (
        <Box mb={2}>
          <Typography variant="subtitle1">Outcome</Typography>
          {plan.error && (
            <Typography variant="body2" color="error">
              {plan.error}
            </Typography>
          )}
          <PlanOutcome outcome={outcome} finished />
        </Box>
      )}
      {finished && plan.logs.length > 0 && (
        <Box>
          <Typography variant="subtitle1">Log</Typography>
          <Box
            component="pre"
            aria-label="Log"
            style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}
          >
            {plan.logs
              .map(l => `${l.at} ${l.level.toUpperCase()} ${l.message}`)
              .join('\n')}
          </Box>
        </Box>
      )}
    </Box>
  );
}

function PlanItem(props: {
  plan: RemediationPlanRecord;
  allowed: boolean;
  loading: boolean;
  onStarted(planId: string): void;
}) {
  const { plan, onStarted } = props;
  const [open, setOpen] = useState(false);
  const [taskId, setTaskId] = useState(() => startedTasks.get(plan.id));
  const risks = riskClasses(plan);
  const detailsId = `platform-kit-plan-${plan.id}`;
  return (
    <Paper variant="outlined" style={{ marginBottom: 8 }}>
      <Box
        p={2}
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Chip
          color={STATUS_COLOR[plan.status]}
          label={STATUS_LABEL[plan.status]}
          aria-label={`Status: ${STATUS_LABEL[plan.status]}`}
        />
        <Box flexGrow={1}>
          <Typography variant="body2">
            Created by {plan.createdBy} at {when(plan.createdAt)}
            {plan.dryRun ? ' (dry run)' : ''}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {plan.plan.patches.length} patch
            {plan.plan.patches.length === 1 ? '' : 'es'}
            {plan.plan.skipped.length
              ? `, ${plan.plan.skipped.length} skipped`
              : ''}
            {plan.finishedAt ? ` · finished ${when(plan.finishedAt)}` : ''}
          </Typography>
        </Box>
        {risks.map(r => (
          <RiskChip key={r} risk={r} />
        ))}
        {taskId && <TaskLogLink taskId={taskId} />}
        <ApplyPlanButton
          plan={plan}
          allowed={props.allowed}
          loading={props.loading}
          onStarted={id => {
            setTaskId(id);
            onStarted(plan.id);
          }}
        />
        <Button
          aria-expanded={open}
          aria-controls={detailsId}
          onClick={() => setOpen(o => !o)}
        >
          {open ? 'Hide plan' : 'Show plan'}
        </Button>
      </Box>
      <Collapse in={open} unmountOnExit>
        <div id={detailsId}>
          <PlanDetails plan={plan} />
        </div>
      </Collapse>
    </Paper>
  );
}

/**
 * Remediation plans of an entity: their SQL, risk and status. "Apply" starts
 * the remediation scaffolder task and links to its live log; statuses follow
 * the control plane's signals (polling while a plan applies when the app has
 * no signals).
 */
export function RemediationPanel(props: RemediationPanelProps) {
  const { entityRef, pollIntervalMs = 2000, refreshKey } = props;
  const api = useApi(platformKitApiRef);
  const { allowed, loading: permissionLoading } = usePermission({
    permission: remediationApplyPermission,
  });
  const [plans, setPlans] = useState<RemediationPlanRecord[]>();
  // Plans whose task was started here but that the control plane has not picked up yet.
  const [starting, setStarting] = useState<string[]>([]);
  const inFlight =
    starting.length > 0 || (plans ?? []).some(p => p.status === 'applying');
  const { version } = useLiveRefresh(entitySignalChannel(entityRef), {
    active: inFlight,
    pollIntervalMs,
    accept: message => message.type === 'remediation',
  });

  const { loading, error } = useAsyncRetry(async () => {
    const response = await api.listRemediationPlans(entityRef);
    setPlans(response.items);
    setStarting(ids =>
      ids.filter(id =>
        response.items.some(p => p.id === id && p.status === 'pending'),
      ),
    );
    return response;
  }, [api, entityRef, refreshKey, version]);

  if (loading && !plans) return <Progress />;
  if (error) {
    if (ResponseError.is(error) && error.statusCode === 404)
      return (
        <EmptyState
          missing="data"
          title="No remediation plans"
          description={error.body?.error?.message ?? error.message}
        />
      );
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load remediation plans"
      />
    );
  }
  if (!plans?.length)
    return (
      <EmptyState
        missing="data"
        title="No remediation plans"
        description="Select fixable findings and create a plan to preview its SQL here."
      />
    );
  return (
    <Box>
      {plans.map(plan => (
        <PlanItem
          key={plan.id}
          plan={plan}
          allowed={allowed}
          loading={permissionLoading}
          onStarted={id => setStarting(ids => [...ids, id])}
        />
      ))}
    </Box>
  );
}
