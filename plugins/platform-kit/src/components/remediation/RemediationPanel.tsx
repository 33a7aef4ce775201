import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  PlanPatch,
  entitySignalChannel,
  remediationApplyPermission,
} from '@platform-kit/plugin-platform-kit-common';
import { Box, Button, Collapse, Paper, Typography } from '@material-ui/core';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { RemediationPlanRecord } from '../../api/types';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { ApplyPlanButton, TaskLogLink } from './ApplyPlanButton';
import { startedTasks } from './remediationTemplate';
import { PlanDetails } from './PlanDetails';
import { PatchRiskChip } from './PatchDetails';
import { PlanStatusChip } from './PlanStatus';
import { isNotFound } from '../../api/errors';

export interface RemediationPanelProps {
  entityRef: string;
  /** How often plans that are being applied are re-read (ms). */
  pollIntervalMs?: number;
  /** Change it (e.g. to the id of a plan just created) to reload the list. */
  refreshKey?: string | number;
}

type Risk = PlanPatch['steps'][number]['risk'];

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

/** "3 patches, 1 needs a human, 2 skipped, 1 pre-flight problem". */
function planSummary(record: RemediationPlanRecord): string {
  const { patches, skipped, preflight } = record.plan;
  const manual = patches.filter(p => p.manual).length;
  return [
    `${patches.length} patch${patches.length === 1 ? '' : 'es'}`,
    manual ? `${manual} ${manual === 1 ? 'needs' : 'need'} a human` : '',
    skipped.length ? `${skipped.length} skipped` : '',
    preflight.length
      ? `${preflight.length} pre-flight problem${
          preflight.length === 1 ? '' : 's'
        }`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function PlanItem(props: {
  plan: RemediationPlanRecord;
  allowed: boolean;
  loading: boolean;
  onStarted(planId: string): void;
  onReplanned(plan: RemediationPlanRecord): void;
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
        <PlanStatusChip status={plan.status} />
        <Box flexGrow={1}>
          <Typography variant="body2">
            Created by {plan.createdBy} at {when(plan.createdAt)}
            {plan.dryRun ? ' (dry run)' : ''}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {planSummary(plan)}
            {plan.finishedAt ? ` · finished ${when(plan.finishedAt)}` : ''}
          </Typography>
        </Box>
        {risks.map(r => (
          <PatchRiskChip key={r} risk={r} />
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
          <PlanDetails plan={plan} onReplanned={props.onReplanned} />
        </div>
      </Collapse>
    </Paper>
  );
}

/**
 * Remediation plans of an entity: their SQL, risk, dependants, behaviour
 * checks and status; findings can be left out of a new plan. "Apply" starts
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
  // Bumped when a plan is created here (a plan without some findings).
  const [reloads, setReloads] = useState(0);
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
  }, [api, entityRef, refreshKey, version, reloads]);

  if (loading && !plans) return <Progress />;
  if (error) {
    if (isNotFound(error))
      return (
        <EmptyState
          missing="data"
          title="No remediation plans"
          description={error.message}
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
          onReplanned={() => setReloads(n => n + 1)}
        />
      ))}
    </Box>
  );
}
