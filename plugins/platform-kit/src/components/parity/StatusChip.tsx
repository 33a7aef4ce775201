import Chip from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';
import {
  SEVERITY_LABELS,
  STATUS_LABELS,
  severityColor,
  statusColor,
} from './parityUtils';

/** A capability's or contract's status, coloured, with an accessible label. */
export function StatusChip(props: {
  status: string;
  size?: 'small' | 'medium';
}) {
  const theme = useTheme();
  const label =
    STATUS_LABELS[props.status as keyof typeof STATUS_LABELS] ?? props.status;
  const color = statusColor(theme, props.status);
  return (
    <Chip
      size={props.size ?? 'small'}
      label={label}
      aria-label={`Status: ${label}`}
      variant="outlined"
      style={{ borderColor: color, color }}
    />
  );
}

/** Severity 1-5, coloured from grey (1) to error red (5). */
export function SeverityChip(props: { severity: number }) {
  const theme = useTheme();
  const color = severityColor(theme, props.severity);
  const label = `${props.severity} ${
    SEVERITY_LABELS[props.severity] ?? ''
  }`.trim();
  return (
    <Chip
      size="small"
      label={label}
      aria-label={`Severity ${props.severity} of 5 (${
        SEVERITY_LABELS[props.severity] ?? 'unknown'
      })`}
      style={{
        backgroundColor: color,
        color: theme.palette.getContrastText(color),
      }}
    />
  );
}
