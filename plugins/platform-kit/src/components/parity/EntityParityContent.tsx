import { ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { CapabilityMatrix } from './CapabilityMatrix';
import { ParityHeader } from './ParityHeader';
import { notFoundMessage } from './parityUtils';
import { useEntityParity } from './useEntityParity';

export interface EntityParityContentProps {
  /** Further panels (findings, inventory, remediation, exemptions) below the matrix. */
  extra?: ReactNode;
  /** How often a running scan is polled (ms). */
  pollIntervalMs?: number;
}

/** The "Parity" entity tab: score header and capability matrix. */
export function EntityParityContent(props: EntityParityContentProps) {
  const { entityRef, value, loading, error, retry } = useEntityParity();

  if (loading && !value) return <Progress />;
  if (error && !value) {
    const missing = notFoundMessage(error);
    if (missing !== undefined) {
      return (
        <EmptyState
          missing="info"
          title="No parity for this entity yet"
          description={missing}
        />
      );
    }
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) return null;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ParityHeader
          entityRef={entityRef}
          parity={value}
          onScanned={retry}
          pollIntervalMs={props.pollIntervalMs}
        />
      </Grid>
      <Grid item xs={12}>
        <CapabilityMatrix
          results={value.results}
          entityRef={entityRef}
          onChanged={retry}
        />
      </Grid>
      {props.extra && (
        <Grid item xs={12}>
          {props.extra}
        </Grid>
      )}
    </Grid>
  );
}
