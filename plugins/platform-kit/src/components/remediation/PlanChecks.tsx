import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { PlanContent } from '@platform-kit/plugin-platform-kit-common';

/**
 * What the plan checked before anything runs: whether the application's
 * source was searched for callers, the steps the applying role may lack the
 * privileges for, how many patches need a human, and what the control plane
 * could not do when it built the plan.
 */
export function PlanChecks(props: {
  plan: PlanContent;
  /** What the control plane could not do when it built the plan. */
  warnings?: string[];
}) {
  const { plan, warnings = [] } = props;
  const titles = new Map(plan.patches.map(p => [p.findingKey, p.title]));
  const manual = plan.patches.filter(p => p.manual).length;
  return (
    <Box mb={2}>
      <Typography variant="body2">
        {plan.appSource
          ? `Application source searched for callers: ${
              plan.appSource.origin
            } (${plan.appSource.files} file${
              plan.appSource.files === 1 ? '' : 's'
            }).`
          : 'Application source not searched: calls from the application (supabase.rpc, /rest/v1/rpc, .from) are unknown. Link the repository to the entity to find them.'}
      </Typography>
      {manual > 0 && (
        <Typography variant="body2">
          {manual} of {plan.patches.length} patch
          {plan.patches.length === 1 ? '' : 'es'}{' '}
          {manual === 1 ? 'needs' : 'need'} a human (see below); the others have
          SQL.
        </Typography>
      )}
      {warnings.length > 0 && (
        <Box mt={1}>
          <Alert severity="info">
            <Box component="ul" m={0} aria-label="Plan warnings">
              {warnings.map(w => (
                <li key={w}>{w}</li>
              ))}
            </Box>
          </Alert>
        </Box>
      )}
      {plan.preflight.length > 0 && (
        <Box mt={1}>
          <Alert severity="warning">
            <Typography variant="body2">
              Before anything runs: the applying role may lack the privileges
              for {plan.preflight.length} step
              {plan.preflight.length === 1 ? '' : 's'}. Their findings will not
              be applied.
            </Typography>
            <Box component="ul" m={0} aria-label="Pre-flight problems">
              {plan.preflight.map(p => (
                <li key={`${p.findingKey}-${p.stepId}`}>
                  {titles.get(p.findingKey) ?? p.findingKey} (step{' '}
                  <code>{p.stepId}</code>): {p.problem}
                </li>
              ))}
            </Box>
          </Alert>
        </Box>
      )}
    </Box>
  );
}
