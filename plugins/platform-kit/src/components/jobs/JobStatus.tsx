import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { Job, JobStatus as Status } from '../../api/types';

/** A job's status as an icon and its name. */
export function JobStatus(props: { status: Status }) {
  switch (props.status) {
    case 'succeeded':
      return <StatusOK>succeeded</StatusOK>;
    case 'failed':
      return <StatusError>failed</StatusError>;
    case 'running':
      return <StatusRunning>running</StatusRunning>;
    default:
      return <StatusPending>{props.status}</StatusPending>;
  }
}

/** "Scan" or "Remediation". */
export function jobTypeLabel(job: Pick<Job, 'type'>): string {
  return job.type === 'remediation' ? 'Remediation' : 'Scan';
}

/** How a job is named in labels: "scan <id>" or "remediation <id>". */
export function jobName(job: Pick<Job, 'type' | 'id'>): string {
  return `${job.type === 'remediation' ? 'remediation' : 'scan'} ${job.id}`;
}

/** "1 patch", "3 patches". */
export function patchCount(n: number): string {
  return n === 1 ? '1 patch' : `${n} patches`;
}
