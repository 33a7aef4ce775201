import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ScorecardSummary as Summary } from './summary';

function Stat(props: { label: string; value: string }) {
  return (
    // dt before dd (valid markup), the number shown on top.
    <Box minWidth={0} display="flex" flexDirection="column-reverse">
      <Typography component="dt" variant="body2" color="textSecondary">
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="h4"
        style={{ margin: 0, whiteSpace: 'nowrap' }}
      >
        {props.value}
      </Typography>
    </Box>
  );
}

/** Headline numbers of the current filter: entities, evaluated, average, failing. */
export function ScorecardSummary(props: { summary: Summary }) {
  const { summary } = props;
  const format = (n: number) => n.toLocaleString('en-US');
  return (
    <Box
      component="dl"
      aria-label="Scorecard summary"
      display="grid"
      style={{
        gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
        gap: 16,
        margin: 0,
      }}
    >
      <Stat label="Entities" value={format(summary.entities)} />
      <Stat label="Evaluated" value={format(summary.evaluated)} />
      <Stat
        label="Average score"
        value={
          summary.averageScore === null
            ? '—'
            : String(Math.round(summary.averageScore))
        }
      />
      <Stat label="With failing capabilities" value={format(summary.failing)} />
    </Box>
  );
}
