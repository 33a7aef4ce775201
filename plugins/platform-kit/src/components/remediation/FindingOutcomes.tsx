import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { ApplyReport } from '@platform-kit/plugin-platform-kit-common';

type FindingOutcome = ApplyReport['findings'][number];
import { READABLE } from './PlanStatus';

type Status = FindingOutcome['status'];
type ProbeOutcome = FindingOutcome['probes'][number];

/** A finding's outcome for people. */
export const FINDING_STATUS_LABEL: Record<Status, string> = {
  applied: 'Applied',
  'rolled-back': 'Rolled back',
  'not-run': 'Not run',
  'needs-human': 'Needs a human',
};

function FindingStatus(props: { status: Status }) {
  const label = FINDING_STATUS_LABEL[props.status];
  switch (props.status) {
    case 'applied':
      return <StatusOK {...READABLE}>{label}</StatusOK>;
    case 'rolled-back':
      return <StatusError {...READABLE}>{label}</StatusError>;
    case 'needs-human':
      return <StatusWarning {...READABLE}>{label}</StatusWarning>;
    default:
      return <StatusAborted {...READABLE}>{label}</StatusAborted>;
  }
}

/** `ok`, `not run`, or the error. */
function result(value: string): string {
  return value === 'not-run' ? 'not run' : value;
}

function ProbeTable(props: { title: string; probes: ProbeOutcome[] }) {
  return (
    <Table size="small" aria-label={`Behaviour checks of ${props.title}`}>
      <TableHead>
        <TableRow>
          <TableCell>Role</TableCell>
          <TableCell>Check</TableCell>
          <TableCell>Before → after</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.probes.map(p => (
          <TableRow key={p.probeId}>
            <TableCell>{p.role}</TableCell>
            <TableCell>{p.description}</TableCell>
            <TableCell style={{ wordBreak: 'break-word' }}>
              {result(p.before)} → {result(p.after)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** "2 applied, 1 rolled back". */
export function outcomeCounts(findings: FindingOutcome[]): string {
  const order: Status[] = ['applied', 'rolled-back', 'not-run', 'needs-human'];
  return order
    .map(s => [s, findings.filter(f => f.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${FINDING_STATUS_LABEL[s].toLowerCase()}`)
    .join(', ');
}

/**
 * What happened to each finding of an applied plan: applied, rolled back (with
 * the error), not run or needing a human, and the behaviour checks that ran
 * for it (as which role, before → after).
 */
export function FindingOutcomes(props: {
  findings: FindingOutcome[];
  /** Finding titles by key (the plan's patches), when known. */
  titles?: ReadonlyMap<string, string>;
}) {
  const { findings, titles } = props;
  if (findings.length === 0) return null;
  return (
    <Box mt={1}>
      <Typography variant="body2">
        Per finding: {outcomeCounts(findings)}.
      </Typography>
      {findings.map(f => {
        const title = titles?.get(f.findingKey) ?? f.findingKey;
        return (
          <Box
            key={f.findingKey}
            component="section"
            aria-label={`Outcome of ${title}`}
            mt={1}
          >
            <Box display="flex" alignItems="baseline" style={{ gap: 8 }}>
              <FindingStatus status={f.status} />
              <Typography variant="body2">
                {title}
                {title !== f.findingKey && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="span"
                  >
                    {' '}
                    ({f.findingKey})
                  </Typography>
                )}
              </Typography>
            </Box>
            {f.reason && (
              <Typography
                variant="body2"
                color={f.status === 'rolled-back' ? 'error' : 'textPrimary'}
              >
                {f.reason}
              </Typography>
            )}
            {f.probes.length > 0 && (
              <ProbeTable title={title} probes={f.probes} />
            )}
          </Box>
        );
      })}
    </Box>
  );
}
