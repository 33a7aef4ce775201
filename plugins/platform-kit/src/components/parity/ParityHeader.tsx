import { useCallback, useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Gauge, InfoCard } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  entitySignalChannel,
  scanCreatePermission,
} from '@platform-kit/plugin-platform-kit-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { ParityResponse, ScanRecord } from '../../api/types';
import { errorMessage, relativeTime, weeklyChange } from './parityUtils';

export interface ParityHeaderProps {
  entityRef: string;
  parity: ParityResponse;
  /** Called when the requested scan(s) finished, so the parent reloads. */
  onScanned?: () => void;
  /** How often a running scan is polled (ms). */
  pollIntervalMs?: number;
}

function trendSummary(history: ParityResponse['history']): string {
  const scored = history.filter(h => h.score !== null);
  if (!scored.length) return 'Score trend over 90 days: no scores yet';
  const first = scored[0];
  const last = scored[scored.length - 1];
  return `Score trend over 90 days: from ${first.score} on ${first.day} to ${last.score} on ${last.day}`;
}

function TrendChart(props: { history: ParityResponse['history'] }) {
  const theme = useTheme();
  const summary = trendSummary(props.history);
  return (
    <div role="img" aria-label={summary} style={{ width: '100%', height: 160 }}>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart
          data={props.history}
          margin={{ top: 8, right: 16, bottom: 0, left: -16 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" tick={{ fontSize: 10 }} minTickGap={24} />
          <YAxis domain={[0, 100]} tick={{ fontSize: 10 }} />
          <ChartTooltip />
          <Line
            type="monotone"
            dataKey="score"
            name="Score"
            stroke={theme.palette.primary.main}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

type ScanState =
  | { phase: 'idle' }
  | { phase: 'requesting' }
  | { phase: 'running'; ids: string[]; done: number }
  | { phase: 'finished'; failed: number; total: number }
  | { phase: 'error'; message: string };

const FINISHED: ScanRecord['status'][] = ['succeeded', 'failed'];

function useScan(
  entityRef: string,
  pollIntervalMs: number,
  onScanned?: () => void,
) {
  const api = useApi(platformKitApiRef);
  const signals = useApiHolder().get(signalApiRef);
  const [state, setState] = useState<ScanState>({ phase: 'idle' });
  const alive = useRef(true);
  // Resolves the current wait between polls early when a scan of this entity finishes.
  const wake = useRef<() => void>();
  useEffect(() => {
    if (!signals) return undefined;
    const subscription = signals.subscribe(
      entitySignalChannel(entityRef),
      message => {
        if (message.type === 'scan') wake.current?.();
      },
    );
    return () => subscription.unsubscribe();
  }, [signals, entityRef]);
  const onScannedRef = useRef(onScanned);
  onScannedRef.current = onScanned;
  useEffect(() => {
    // set again on remount (React strict mode mounts twice)
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const start = useCallback(async () => {
    setState({ phase: 'requesting' });
    try {
      const { scanId, scanIds } = await api.requestScan({ entityRef });
      const ids = scanIds?.length ? scanIds : [scanId];
      const status = new Map<string, ScanRecord['status']>();
      if (!alive.current) return;
      setState({ phase: 'running', ids, done: 0 });
      for (;;) {
        // With signals, polling is only a safety net for lost messages.
        const interval = signals ? pollIntervalMs * 10 : pollIntervalMs;
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, interval);
          wake.current = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (!alive.current) return;
        const pending = ids.filter(id => !FINISHED.includes(status.get(id)!));
        const scans = await Promise.all(pending.map(id => api.getScan(id)));
        for (const scan of scans) status.set(scan.id, scan.status);
        const done = ids.filter(id => FINISHED.includes(status.get(id)!));
        if (!alive.current) return;
        if (done.length === ids.length) {
          const failed = ids.filter(id => status.get(id) === 'failed').length;
          setState({ phase: 'finished', failed, total: ids.length });
          onScannedRef.current?.();
          return;
        }
        setState({ phase: 'running', ids, done: done.length });
      }
    } catch (e) {
      if (alive.current) setState({ phase: 'error', message: errorMessage(e) });
    }
  }, [api, entityRef, pollIntervalMs, signals]);

  return { state, start };
}

function ScanStatus(props: { state: ScanState }) {
  const { state } = props;
  switch (state.phase) {
    case 'requesting':
      return (
        <Box role="status" mt={1}>
          <LinearProgress aria-label="Requesting scan" />
          <Typography variant="caption">Requesting scan…</Typography>
        </Box>
      );
    case 'running':
      return (
        <Box role="status" mt={1}>
          <LinearProgress aria-label="Scan in progress" />
          <Typography variant="caption">
            Scanning… {state.done} of {state.ids.length}{' '}
            {state.ids.length === 1 ? 'scan' : 'scans'} finished
          </Typography>
        </Box>
      );
    case 'finished':
      return (
        <Box role="status" mt={1}>
          <Typography
            variant="caption"
            color={state.failed ? 'error' : 'textSecondary'}
          >
            {state.failed
              ? `Scan finished: ${state.failed} of ${state.total} failed`
              : 'Scan finished'}
          </Typography>
        </Box>
      );
    case 'error':
      return (
        <Box role="alert" mt={1}>
          <Typography variant="caption" color="error">
            Could not scan: {state.message}
          </Typography>
        </Box>
      );
    default:
      return null;
  }
}

/** Score gauge, weekly change, 90-day trend, last scan and "Scan now". */
export function ParityHeader(props: ParityHeaderProps) {
  const { parity, entityRef, onScanned, pollIntervalMs = 2000 } = props;
  const { allowed, loading: permissionLoading } = usePermission({
    permission: scanCreatePermission,
  });
  const { state, start } = useScan(entityRef, pollIntervalMs, onScanned);
  const busy = state.phase === 'requesting' || state.phase === 'running';
  const change = weeklyChange(parity.history);

  const button = (
    <Button
      variant="contained"
      color="primary"
      onClick={start}
      disabled={!allowed || permissionLoading || busy}
    >
      {busy ? 'Scanning…' : 'Scan now'}
    </Button>
  );

  return (
    <InfoCard title="Parity score">
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={3}>
          {parity.score === null ? (
            <Typography variant="h5" aria-label="Score: not evaluated">
              Not evaluated
            </Typography>
          ) : (
            <Box
              aria-label={`Score: ${Math.round(parity.score)} of 100`}
              role="group"
            >
              <Gauge value={parity.score} fractional={false} max={100} />
            </Box>
          )}
          <Typography variant="body2" color="textSecondary" align="center">
            {change.text}
          </Typography>
        </Grid>
        <Grid item xs={12} sm={6}>
          <TrendChart history={parity.history} />
        </Grid>
        <Grid item xs={12} sm={3}>
          <Typography variant="body2">
            Last evaluated {relativeTime(parity.evaluatedAt)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {parity.scan?.finishedAt
              ? `Last scan ${relativeTime(parity.scan.finishedAt)}`
              : 'No finished scan yet'}
          </Typography>
          <Box mt={1}>
            {allowed || permissionLoading ? (
              button
            ) : (
              <Tooltip title="You are not allowed to start scans">
                {/* a disabled button fires no events: the span carries the tooltip */}
                <span>{button}</span>
              </Tooltip>
            )}
          </Box>
          <ScanStatus state={state} />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
