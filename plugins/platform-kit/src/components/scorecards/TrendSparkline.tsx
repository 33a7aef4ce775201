import { useTheme } from '@material-ui/core/styles';
import { Line, LineChart, YAxis } from 'recharts';
import { EntityScorecard } from '@platform-kit/plugin-platform-kit-common';

export type TrendPoint = EntityScorecard['trend'][number];

/** "Score trend over 30 days: 41 → 72" (what the sparkline shows, for screen readers). */
export function describeTrend(trend: TrendPoint[]): string {
  const first = Math.round(trend[0].score);
  const last = Math.round(trend[trend.length - 1].score);
  const days = trend.length === 1 ? '1 day' : `${trend.length} days`;
  return `Score trend over ${days}: ${first} → ${last}`;
}

/**
 * A small line of an entity's daily scores (0–100, oldest first), or an em dash
 * when there is none. Drawn without animation; labelled with first → last score.
 */
export function TrendSparkline(props: {
  trend?: TrendPoint[];
  width?: number;
  height?: number;
}) {
  const theme = useTheme();
  const { trend, width = 96, height = 28 } = props;
  if (!trend || trend.length === 0) {
    return <span title="No score trend">—</span>;
  }
  const label = describeTrend(trend);
  const title = `${label} (${trend[0].day} to ${trend[trend.length - 1].day})`;
  return (
    <span
      role="img"
      aria-label={label}
      title={title}
      style={{ display: 'inline-block', width, height, lineHeight: 0 }}
    >
      <LineChart
        width={width}
        height={height}
        data={trend}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        aria-hidden="true"
      >
        <YAxis hide domain={[0, 100]} />
        <Line
          type="monotone"
          dataKey="score"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
          dot={trend.length === 1 ? { r: 2 } : false}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}
