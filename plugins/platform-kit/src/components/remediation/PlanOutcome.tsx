import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ApplyReport } from '@platform-kit/plugin-platform-kit-common';
import { FindingOutcomes } from './FindingOutcomes';
import { PLAN_STATUS_LABEL } from './PlanStatus';

/**
 * What applying a plan did: its result, per finding what happened and the
 * behaviour checks that ran, findings still reported, row counts.
 */
export function PlanOutcome(props: {
  outcome: ApplyReport | null;
  finished: boolean;
  /** Finding titles by key (the plan's patches), when known. */
  titles?: ReadonlyMap<string, string>;
}) {
  const { outcome } = props;
  if (!outcome) {
    return (
      <Typography variant="body2">
        {props.finished ? 'No outcome was recorded.' : 'Not finished yet.'}
      </Typography>
    );
  }
  const rowCounts = Object.entries(outcome.rowCounts);
  return (
    <>
      <Typography variant="body2">
        {PLAN_STATUS_LABEL[outcome.status]}
        {outcome.reason ? `: ${outcome.reason}` : ''}
      </Typography>
      <FindingOutcomes findings={outcome.findings} titles={props.titles} />
      <Typography variant="body2" component="div">
        Remaining findings:{' '}
        {outcome.remaining.length === 0 ? (
          'none'
        ) : (
          <Box component="ul" m={0} aria-label="Remaining findings">
            {outcome.remaining.map(key => (
              <li key={key}>
                <code>{key}</code>
              </li>
            ))}
          </Box>
        )}
      </Typography>
      {rowCounts.length > 0 && (
        <Table size="small" aria-label="Row counts">
          <TableHead>
            <TableRow>
              <TableCell>Table</TableCell>
              <TableCell align="right">Rows before</TableCell>
              <TableCell align="right">Rows after</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rowCounts.map(([table, c]) => (
              <TableRow key={table}>
                <TableCell>{table}</TableCell>
                <TableCell align="right">{c.before}</TableCell>
                <TableCell align="right">{c.after}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
