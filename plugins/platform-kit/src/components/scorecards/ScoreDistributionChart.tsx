import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  XAxis,
  YAxis,
  Tooltip,
} from 'recharts';
import { BucketCount, describeDistribution } from './distribution';

/** A bar chart of entity counts per score bucket, with a text summary. */
export function ScoreDistributionChart(props: {
  counts: BucketCount[];
  truncated?: boolean;
  /** Pixels; default 220. */
  height?: number;
}) {
  const summary = describeDistribution(props.counts);
  return (
    <figure style={{ margin: 0 }} aria-label="Score distribution">
      <div aria-hidden="true">
        {/* Fits the card it is in; no animation, so a screenshot shows the real bars. */}
        <ResponsiveContainer width="100%" height={props.height ?? 220}>
          <BarChart data={props.counts}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="bucket" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar
              dataKey="count"
              name="Entities"
              fill="#3f51b5"
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Typography component="figcaption" variant="body2">
        {summary}
        {props.truncated ? ' Only the first 10,000 entities are counted.' : ''}
      </Typography>
    </figure>
  );
}
