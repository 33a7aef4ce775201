import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ParityCapability,
  exemptionManagePermission,
} from '@platform-kit/plugin-platform-kit-common';
import { exemptionDate } from '../exemptions/exemptionUtils';
import { Guarded } from '../exemptions/Guarded';

/** What is shown of an exemption: the parity's or the exemptions list's. */
export type ShownExemption = NonNullable<ParityCapability['exemption']>;

const useStyles = makeStyles({
  reason: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    overflowWrap: 'break-word',
  },
});

/** Failing and partial capabilities can be exempted. */
export function canBeExempted(result: ParityCapability): boolean {
  return result.status === 'fail' || result.status === 'partial';
}

/** "Request exemption" for one capability: disabled with a reason when not allowed. */
export function RequestExemptionButton(props: {
  title: string;
  onClick: () => void;
}) {
  const { allowed, loading } = usePermission({
    permission: exemptionManagePermission,
  });
  return (
    <Guarded allowed={allowed} loading={loading}>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        disabled={!allowed}
        onClick={props.onClick}
        aria-label={`Request exemption for ${props.title}`}
        aria-haspopup="dialog"
      >
        Request exemption
      </Button>
    </Guarded>
  );
}

/**
 * The exemption column of a capability: its active exemption (reason, until,
 * who), else for a failing or partial capability a way to request one.
 */
export function CapabilityExemption(props: {
  result: ParityCapability;
  exemption: ShownExemption | undefined;
  /** Without it (no entity known) nothing can be requested. */
  onRequest?: () => void;
}) {
  const { result, exemption, onRequest } = props;
  const classes = useStyles();
  if (exemption) {
    return (
      <Box
        component="section"
        aria-label={`Exemption for ${result.title}`}
        maxWidth={360}
      >
        <Typography
          variant="body2"
          className={classes.reason}
          title={exemption.reason}
        >
          {exemption.reason}
        </Typography>
        <Typography variant="caption" color="textSecondary" display="block">
          Until {exemptionDate(exemption.expiresAt)} · {exemption.requestedBy}
        </Typography>
        {result.status === 'pass' && (
          <Typography variant="caption" color="textSecondary" display="block">
            Not needed while the capability passes
          </Typography>
        )}
      </Box>
    );
  }
  if (onRequest && canBeExempted(result)) {
    return <RequestExemptionButton title={result.title} onClick={onRequest} />;
  }
  return (
    <Typography variant="body2" color="textSecondary" aria-label="No exemption">
      —
    </Typography>
  );
}
