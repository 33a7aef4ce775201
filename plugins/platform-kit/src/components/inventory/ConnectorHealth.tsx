import {
  Box,
  List as MuiList,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { ConnectorHealth, ConnectorInventoryResponse } from '../../api/types';
import { StatusText } from './StatusText';
import { CONTRACT_STATUS, formatTime, HEALTH_STATUS } from './connectorItems';

/** The source's health: overall and per check, with latency and why. */
export function HealthSummary(props: { health: ConnectorHealth | null }) {
  const { health } = props;
  if (!health)
    return (
      <Box>
        <Typography variant="subtitle1" component="h3">
          Health
        </Typography>
        <Typography variant="body2" color="textSecondary">
          No health check recorded yet.
        </Typography>
      </Box>
    );
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        Health:{' '}
        <StatusText status={HEALTH_STATUS[health.status] ?? 'warning'}>
          {health.status}
        </StatusText>
      </Typography>
      {health.checkedAt && (
        <Typography variant="caption" color="textSecondary" component="p">
          Checked {formatTime(health.checkedAt)}
        </Typography>
      )}
      <MuiList dense aria-label="Health checks">
        {(health.checks ?? []).map(check => (
          <ListItem key={check.name} disableGutters>
            <ListItemText
              primary={
                <>
                  {check.name}:{' '}
                  <StatusText status={HEALTH_STATUS[check.status] ?? 'warning'}>
                    {check.status}
                  </StatusText>{' '}
                  · {Math.round(check.latencyMs)} ms
                </>
              }
              secondary={check.detail}
            />
          </ListItem>
        ))}
      </MuiList>
    </Box>
  );
}

type Contracts = NonNullable<ConnectorInventoryResponse['contracts']>;

/** Contract test results, failures first, with their errors. */
export function ContractResults(props: { contracts: Contracts | undefined }) {
  const { contracts } = props;
  if (!contracts) return null;
  const order = { fail: 0, pass: 1, skip: 2 } as const;
  const results = [...(contracts.results ?? [])].sort(
    (a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3),
  );
  const failed = results.filter(r => r.status === 'fail').length;
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        Contract tests:{' '}
        {contracts.passed ? (
          <StatusText status="ok">passed</StatusText>
        ) : (
          <StatusText status="error">
            {failed ? `${failed} failed` : 'failed'}
          </StatusText>
        )}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        {results.length} tests in {Math.round(contracts.durationMs)} ms
      </Typography>
      <MuiList dense aria-label="Contract tests">
        {results.map(result => (
          <ListItem key={result.id} disableGutters>
            <ListItemText
              primary={
                <>
                  <StatusText
                    status={CONTRACT_STATUS[result.status] ?? 'pending'}
                  >
                    {result.status}
                  </StatusText>{' '}
                  {result.title}
                </>
              }
              secondary={
                <>
                  <code>{result.id}</code>
                  {result.error ? ` — ${result.error}` : ''}
                </>
              }
            />
          </ListItem>
        ))}
      </MuiList>
    </Box>
  );
}
