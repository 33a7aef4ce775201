import { useState } from 'react';
import { useApiHolder, useRouteRef } from '@backstage/core-plugin-api';
import { Link, LinkButton } from '@backstage/core-components';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Tooltip,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { RemediationPlanRecord } from '../../api/types';
import { errorMessage } from '../../api/errors';
import { scaffolderTaskRouteRef } from '../../routes';
import {
  ApplyOptions,
  REMEDIATION_TEMPLATE_REF,
  remediationTaskLink,
  remediationTaskValues,
  startedTasks,
} from './remediationTemplate';

export interface ApplyPlanButtonProps {
  plan: RemediationPlanRecord;
  allowed: boolean;
  loading: boolean;
  /** The scaffolder task that applies the plan was created. */
  onStarted?: (taskId: string) => void;
}

/** Link to the scaffolder's live log of a task, or its id when the app has no scaffolder page bound. */
export function TaskLogLink(props: { taskId: string }) {
  const taskRoute = useRouteRef(scaffolderTaskRouteRef);
  if (!taskRoute)
    return (
      <Typography variant="body2">Scaffolder task {props.taskId}</Typography>
    );
  return <Link to={taskRoute({ taskId: props.taskId })}>Open live log</Link>;
}

function ConfirmApplyDialog(props: {
  plan: RemediationPlanRecord;
  open: boolean;
  busy: boolean;
  error?: string;
  onCancel(): void;
  onConfirm(options: ApplyOptions): void;
}) {
  const { plan, open, busy, error } = props;
  const [allOrNothing, setAllOrNothing] = useState(false);
  const steps = plan.plan.patches.reduce((n, p) => n + p.steps.length, 0);
  const titleId = `platform-kit-apply-${plan.id}`;
  const hintId = `${titleId}-all-or-nothing`;
  const { preflight } = plan.plan;
  return (
    <Dialog open={open} onClose={props.onCancel} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Apply this remediation plan?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {plan.plan.patches.length} patch
          {plan.plan.patches.length === 1 ? '' : 'es'} ({steps} SQL step
          {steps === 1 ? '' : 's'}) on {plan.entityRef}. They run in one
          transaction with lock and statement timeouts, each finding under its
          own savepoint with its behaviour checks; a re-scan verifies them. The
          scaffolder task shows every step in its log.
        </DialogContentText>
        {preflight.length > 0 && (
          <Alert severity="warning">
            The applying role may lack the privileges for {preflight.length}{' '}
            step{preflight.length === 1 ? '' : 's'}: their findings will not be
            applied.
          </Alert>
        )}
        <FormControlLabel
          control={
            <Checkbox
              checked={allOrNothing}
              onChange={e => setAllOrNothing(e.target.checked)}
              inputProps={{ 'aria-describedby': hintId }}
            />
          }
          label="All or nothing"
        />
        <Typography variant="body2" color="textSecondary" id={hintId}>
          Off: a finding whose step or behaviour check fails is rolled back on
          its own and the others commit. On: any failure rolls back the whole
          plan.
        </Typography>
        {plan.plan.includeDestructive && (
          <Alert severity="warning">
            This plan includes destructive steps.
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert">
            Could not start the remediation task: {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button
          component="a"
          href={remediationTaskLink(plan, { allOrNothing })}
        >
          Open in template form
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          onClick={() => props.onConfirm({ allOrNothing })}
          color="primary"
          variant="contained"
          disabled={busy}
        >
          {busy ? 'Starting…' : 'Apply now'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * "Apply": confirms, then starts the remediation scaffolder task for the plan
 * and hands back its task id. Without a scaffolder in the app it opens the
 * template instead.
 */
export function ApplyPlanButton(props: ApplyPlanButtonProps) {
  const { plan, allowed, loading, onStarted } = props;
  const scaffolder = useApiHolder().get(scaffolderApiRef);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (plan.status !== 'pending' && plan.status !== 'failed') return null;
  const label = plan.status === 'failed' ? 'Apply again' : 'Apply';
  if (!allowed) {
    const title = loading
      ? 'Checking your permissions…'
      : 'You are not allowed to apply remediation plans';
    return (
      <Tooltip title={title}>
        <span>
          <Button variant="contained" color="primary" disabled>
            {label}
          </Button>
        </span>
      </Tooltip>
    );
  }
  if (!scaffolder)
    return (
      <LinkButton
        to={remediationTaskLink(plan)}
        variant="contained"
        color="primary"
      >
        {label}
      </LinkButton>
    );

  const start = async (options: ApplyOptions) => {
    setBusy(true);
    setError(undefined);
    try {
      const { taskId } = await scaffolder.scaffold({
        templateRef: REMEDIATION_TEMPLATE_REF,
        values: remediationTaskValues(plan, options),
      });
      startedTasks.set(plan.id, taskId);
      setOpen(false);
      onStarted?.(taskId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        variant="contained"
        color="primary"
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <ConfirmApplyDialog
        plan={plan}
        open={open}
        busy={busy}
        error={error}
        onCancel={() => setOpen(false)}
        onConfirm={start}
      />
    </>
  );
}
