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
import { ScanRecord } from '../../api/types';
import { EntityLink } from '../scorecards/EntityLink';
import { JobStatus } from './JobStatus';
import { formatDuration, jobDuration } from './duration';

export type Job = ScanRecord & { type?: string };

function time(value: string | null): string {
  return value ? new Date(value).toLocaleString() : '—';
}

/** A job's error, attempts, times and structured logs, with Retry for failed jobs. */
export function JobDetailsDialog(props: {
  job: Job;
  onClose: () => void;
  retryButton?: ReactNode;
}) {
  const { job } = props;
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
      <DialogTitle id={titleId}>Scan {job.id}</DialogTitle>
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
          <dd style={{ margin: 0 }}>
            <EntityLink entityRef={job.entityRef} />
          </dd>
          <dt>Status</dt>
          <dd style={{ margin: 0 }}>
            <JobStatus status={job.status} />
          </dd>
          <dt>Attempts</dt>
          <dd style={{ margin: 0 }}>{job.attempts}</dd>
          <dt>Requested by</dt>
          <dd style={{ margin: 0 }}>{job.requestedBy ?? 'schedule'}</dd>
          <dt>Queued</dt>
          <dd style={{ margin: 0 }}>{time(job.queuedAt)}</dd>
          <dt>Started</dt>
          <dd style={{ margin: 0 }}>{time(job.startedAt)}</dd>
          <dt>Finished</dt>
          <dd style={{ margin: 0 }}>{time(job.finishedAt)}</dd>
          <dt>Duration</dt>
          <dd style={{ margin: 0 }}>
            {duration === undefined ? '—' : formatDuration(duration)}
          </dd>
        </Box>
        {job.error && (
          <Box mt={2}>
            <Typography variant="h6" component="h3">
              Error
            </Typography>
            <Box component="pre" whiteSpace="pre-wrap" m={0} role="alert">
              {job.error}
            </Box>
          </Box>
        )}
        <Box mt={2}>
          <Typography variant="h6" component="h3">
            Logs
          </Typography>
          {job.logs.length === 0 ? (
            <Typography variant="body2">No log entries.</Typography>
          ) : (
            <MuiTable size="small" aria-label={`Logs of scan ${job.id}`}>
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
        </Box>
      </DialogContent>
      <DialogActions>
        {props.retryButton}
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
