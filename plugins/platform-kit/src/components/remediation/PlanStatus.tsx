import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { PlanStatus } from '@platform-kit/plugin-platform-kit-common';

/** A plan's status for people. */
export const PLAN_STATUS_LABEL: Record<PlanStatus, string> = {
  pending: 'Pending',
  applying: 'Applying',
  applied: 'Applied',
  partial: 'Partially applied',
  failed: 'Failed',
};

const CHIP_COLOR: Record<PlanStatus, 'default' | 'primary' | 'secondary'> = {
  pending: 'default',
  applying: 'primary',
  applied: 'primary',
  partial: 'default',
  failed: 'secondary',
};

const useStyles = makeStyles(theme => ({
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.getContrastText(theme.palette.warning.main),
  },
  warningIcon: { color: 'inherit' },
}));

/** A plan's status as a chip (partial: warning colour and icon; the label always says it). */
export function PlanStatusChip(props: { status: PlanStatus }) {
  const classes = useStyles();
  const label = PLAN_STATUS_LABEL[props.status];
  const partial = props.status === 'partial';
  return (
    <Chip
      color={CHIP_COLOR[props.status]}
      className={partial ? classes.warning : undefined}
      icon={
        partial ? <WarningIcon className={classes.warningIcon} /> : undefined
      }
      label={label}
      aria-label={`Status: ${label}`}
    />
  );
}

/** Backstage's status components hide themselves from screen readers: spread this to undo it, the text is the status. */
export const READABLE = {
  'aria-hidden': false,
  'aria-label': undefined,
} as const;

/** A plan's status as an icon and its name (the Jobs page's lower-case words, e.g. `partial`). */
export function PlanStatusText(props: { status: PlanStatus }) {
  const { status } = props;
  switch (status) {
    case 'applied':
      return <StatusOK {...READABLE}>{status}</StatusOK>;
    case 'partial':
      return <StatusWarning {...READABLE}>{status}</StatusWarning>;
    case 'failed':
      return <StatusError {...READABLE}>{status}</StatusError>;
    case 'applying':
      return <StatusRunning {...READABLE}>{status}</StatusRunning>;
    default:
      return <StatusPending {...READABLE}>{status}</StatusPending>;
  }
}
