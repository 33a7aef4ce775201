import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { PlanPatch } from '@platform-kit/plugin-platform-kit-common';
import { EFFECT_LABEL, roleList } from './consequences';

type Dependant = PlanPatch['dependants'][number];

function DependantItem(props: { dependant: Dependant }) {
  const { dependant: d } = props;
  return (
    <li>
      <Typography variant="body2" component="span">
        {d.description}
      </Typography>
      <Typography variant="body2" component="span" color="textSecondary">
        {' · '}
        {d.roles.length ? `as ${roleList(d.roles)}` : 'no API role'}
        {' · '}
      </Typography>
      <Typography
        variant="body2"
        component="span"
        color={d.effect === 'blocks' ? 'error' : 'textPrimary'}
        style={{ fontWeight: d.effect === 'blocks' ? 600 : undefined }}
      >
        {EFFECT_LABEL[d.effect]}
      </Typography>
      {/* The engine's descriptions of app calls usually name the place already. */}
      {d.location && !d.description.includes(d.location) && (
        <Typography variant="body2" component="span" color="textSecondary">
          {' · called at '}
          <code>{d.location}</code>
        </Typography>
      )}
    </li>
  );
}

/**
 * What uses the objects a patch changes (policies, views, triggers, the
 * application's calls ...), as which roles, and whether the fix keeps it
 * working or it is why the fix needs a human.
 */
export function PatchDependants(props: { patch: PlanPatch }) {
  const { patch } = props;
  if (patch.dependants.length === 0) return null;
  return (
    <Box mt={1}>
      <Typography variant="body2" style={{ fontWeight: 600 }}>
        Used by ({patch.dependants.length})
      </Typography>
      <Box
        component="ul"
        mt={0.5}
        mb={0}
        aria-label={`Used by: ${patch.title}`}
      >
        {patch.dependants.map((d, i) => (
          <DependantItem key={`${d.kind}-${i}`} dependant={d} />
        ))}
      </Box>
    </Box>
  );
}
