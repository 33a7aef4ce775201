import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { ScanRecord } from '../../api/types';

/** A job's status as an icon and its name. */
export function JobStatus(props: { status: ScanRecord['status'] }) {
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
