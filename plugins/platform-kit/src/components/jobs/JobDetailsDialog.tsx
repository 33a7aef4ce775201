import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet } from '@backstage/core-components';
import { Job } from '../../api/types';
import { EntityLink } from '../scorecards/EntityLink';
import { PlanOutcome } from '../remediation/PlanOutcome';
import { PlanStatusText } from '../remediation/PlanStatus';
import { JobStatus, jobName, patchCount } from './JobStatus';
import { formatDuration, jobDuration } from './duration';

function time(value: string | null): string {
  return value ? new Date(value).toLocaleString() : '—';
}

const dd = { margin: 0 };

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/**
 * A job's error, attempts, times and structured logs, with Retry for failed
 * jobs; for remediation jobs also the plan's status, SQL and outcome.
 */
export function JobDetailsDialog(props: {
  job: Job;
  onClose: () => void;
  retryButton?: ReactNode;
}) {
  const { job } = props;
  const remediation = job.type === 'remediation' ? job : undefined;
  const duration = jobDuration(job);
  const titleId = `platform-kit-job-${job.id}-title`;
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>
        {remediation ? `Remediation plan ${job.id}` : `Scan ${job.id}`}
      </DialogTitle>
      <DialogContent dividers>
        <Box
          component="dl"
          display="grid"
          style={{
            gridTemplateColumns: 'max-content 1fr',
            gap: '4px 16px',
            margin: 0,
          }}
        >
          <dt>Entity</dt>
          <dd style={dd}>
            <EntityLink entityRef={job.entityRef} />
          </dd>
          <dt>Status</dt>
          <dd style={dd}>
            <JobStatus status={job.status} />
          </dd>
          {remediation && (
            <>
              <dt>Plan status</dt>
              <dd style={dd}>
                <PlanStatusText status={remediation.planStatus} />
              </dd>
              <dt>Patches</dt>
              <dd style={dd}>{patchCount(remediation.patches)}</dd>
              <dt>Dry run</dt>
              <dd style={dd}>
                {remediation.dryRun
                  ? 'yes (the SQL was logged, nothing was changed)'
                  : 'no'}
              </dd>
            </>
          )}
          <dt>Attempts</dt>
          <dd style={dd}>{job.attempts}</dd>
          <dt>Requested by</dt>
          <dd style={dd}>{job.requestedBy ?? 'schedule'}</dd>
          <dt>Queued</dt>
          <dd style={dd}>{time(job.queuedAt)}</dd>
          <dt>Started</dt>
          <dd style={dd}>{time(job.startedAt)}</dd>
          <dt>Finished</dt>
          <dd style={dd}>{time(job.finishedAt)}</dd>
          <dt>Duration</dt>
          <dd style={dd}>
            {duration === undefined ? '—' : formatDuration(duration)}
          </dd>
        </Box>
        {job.error && (
          <Section title="Error">
            <Box component="pre" whiteSpace="pre-wrap" m={0} role="alert">
              {job.error}
            </Box>
          </Section>
        )}
        {remediation && (
          <>
            <Section title="Outcome">
              <PlanOutcome
                outcome={remediation.outcome}
                finished={remediation.status !== 'running'}
              />
            </Section>
            <Section title="SQL">
              {remediation.sql ? (
                <CodeSnippet
                  language="sql"
                  text={remediation.sql}
                  showCopyCodeButton
                />
              ) : (
                <Typography variant="body2">No SQL.</Typography>
              )}
            </Section>
          </>
        )}
        <Section title="Logs">
          {job.logs.length === 0 ? (
            <Typography variant="body2">No log entries.</Typography>
          ) : (
            <MuiTable size="small" aria-label={`Logs of ${jobName(job)}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Time</TableCell>
                  <TableCell>Level</TableCell>
                  <TableCell>Message</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {job.logs.map((log, i) => (
                  <TableRow key={i}>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      {time(log.at)}
                    </TableCell>
                    <TableCell>{log.level}</TableCell>
                    <TableCell
                      style={{
                        whiteSpace: 'pre-wrap',
                        wordBreak: 'break-word',
                      }}
                    >
                      {log.message}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </MuiTable>
          )}
        </Section>
      </DialogContent>
      <DialogActions>
        {props.retryButton}
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
