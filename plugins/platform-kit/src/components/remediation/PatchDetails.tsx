import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { CodeSnippet } from '@backstage/core-components';
import {
  PlanPatch,
  PlanContent,
} from '@platform-kit/plugin-platform-kit-common';
import { patchConsequences } from './consequences';
import { PatchDependants } from './PatchDependants';
import { PatchProbes } from './PatchProbes';

type PatchRisk = PlanPatch['steps'][number]['risk'];

const RISK_LABEL: Record<PatchRisk, string> = {
  safe: 'Safe',
  'behaviour-change': 'Behaviour change',
  destructive: 'Destructive',
};

/** A step's risk as a chip (destructive in the secondary colour; the label says it). */
export function PatchRiskChip({ risk }: { risk: PatchRisk }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={risk === 'destructive' ? 'secondary' : 'default'}
      label={RISK_LABEL[risk]}
    />
  );
}

/**
 * One patch of a plan: its finding (with a box to keep it in the plan or
 * leave it out), what uses what it changes, the behaviour checks, its steps,
 * or why it needs a human.
 */
export function PatchDetails(props: {
  patch: PlanPatch;
  appSource: PlanContent['appSource'];
  /** Whether it stays in the next plan; undefined when the plan cannot be changed. */
  included?: boolean;
  onToggle?: () => void;
}) {
  const { patch, included } = props;
  return (
    <Box mb={2} component="section" aria-label={patch.title}>
      <Box display="flex" alignItems="center">
        {included !== undefined && (
          <Checkbox
            size="small"
            checked={included}
            onChange={props.onToggle}
            inputProps={{ 'aria-label': `Include ${patch.title}` }}
          />
        )}
        <Typography variant="subtitle1">{patch.title}</Typography>
      </Box>
      <Typography variant="caption" color="textSecondary">
        {patch.lint} · {patch.findingKey}
      </Typography>
      <Typography variant="body2">
        {patchConsequences(patch, props.appSource)}
      </Typography>
      {patch.manual && (
        <Box mt={1}>
          <Alert severity="warning">
            <strong>Needs a human:</strong> {patch.manual.reason}
            <Typography variant="body2">{patch.manual.instructions}</Typography>
          </Alert>
        </Box>
      )}
      <PatchDependants patch={patch} />
      <PatchProbes patch={patch} />
      {patch.steps.map((step, i) => (
        <Box key={step.id} mt={1}>
          <Box display="flex" alignItems="center">
            <Typography variant="body2" style={{ marginRight: 8 }}>
              Step {i + 1}: {step.rationale}
            </Typography>
            <PatchRiskChip risk={step.risk} />
          </Box>
          <CodeSnippet language="sql" text={step.sql} showCopyCodeButton />
        </Box>
      ))}
    </Box>
  );
}
