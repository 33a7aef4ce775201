import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { platformKitApiRef } from '../../api/PlatformKitApi';
import { RemediationPlanRecord } from '../../api/types';
import { errorMessage } from '../../api/errors';

const EXCLUDED_BY_USER = /excluded by the user/i;

/** The request that builds the plan again for the same findings, leaving `excluded` out. */
export function replanRequest(
  record: RemediationPlanRecord,
  excluded: ReadonlySet<string>,
) {
  const { plan } = record;
  const previouslyExcluded = plan.skipped
    .filter(s => EXCLUDED_BY_USER.test(s.reason))
    .map(s => s.findingKey);
  const findingKeys = [
    ...new Set([
      ...plan.patches.map(p => p.findingKey),
      ...plan.skipped.map(s => s.findingKey),
    ]),
  ];
  return {
    entityRef: record.entityRef,
    findingKeys,
    excludeFindingKeys: [...new Set([...previouslyExcluded, ...excluded])],
    includeDestructive: plan.includeDestructive,
  };
}

/** "Create a plan without …": a new plan for the same findings minus the ones left out. */
export function ReplanWithout(props: {
  plan: RemediationPlanRecord;
  excluded: ReadonlySet<string>;
  onCreated(plan: RemediationPlanRecord): void;
}) {
  const { plan, excluded, onCreated } = props;
  const api = useApi(platformKitApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (excluded.size === 0) return null;

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await api.createRemediationPlan(replanRequest(plan, excluded)));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const n = excluded.size;
  return (
    <Box mb={2}>
      <Button
        variant="outlined"
        color="primary"
        disabled={busy}
        onClick={create}
      >
        {busy
          ? 'Creating plan…'
          : `Create a plan without ${n} finding${n === 1 ? '' : 's'}`}
      </Button>
      {error && (
        <Box mt={1}>
          <Alert severity="error" role="alert">
            Could not create the plan: {error}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
