import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { PlanPatch } from '@platform-kit/plugin-platform-kit-common';

/**
 * The behaviour checks the apply runs for a patch inside its transaction,
 * before its steps and after them, as the role that uses each dependant.
 */
export function PatchProbes(props: { patch: PlanPatch }) {
  const { patch } = props;
  if (patch.steps.length === 0) return null;
  if (patch.probes.length === 0)
    return (
      <Typography variant="body2" color="textSecondary">
        No behaviour checks run for it: nothing found that a role uses.
      </Typography>
    );
  return (
    <Box mt={1}>
      <Typography variant="body2" style={{ fontWeight: 600 }}>
        Behaviour checks before commit ({patch.probes.length})
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Run as each role before and after the steps: a check that worked before
        and fails after rolls this finding back.
      </Typography>
      <Box
        component="ul"
        mt={0.5}
        mb={0}
        aria-label={`Behaviour checks: ${patch.title}`}
      >
        {patch.probes.map(p => (
          <li key={p.id}>
            <Typography variant="body2" component="span">
              <strong>{p.role}</strong> · {p.description}
            </Typography>{' '}
            <Typography variant="caption" component="code">
              {p.sql}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
