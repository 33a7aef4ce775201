import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { RemediationPlanRecord } from '../../api/types';
import { PatchDetails } from './PatchDetails';
import { PlanChecks } from './PlanChecks';
import { PlanOutcome } from './PlanOutcome';
import { ReplanWithout } from './ReplanWithout';

const FINISHED: RemediationPlanRecord['status'][] = [
  'applied',
  'partial',
  'failed',
];

function PlanLog(props: { logs: RemediationPlanRecord['logs'] }) {
  return (
    <Box>
      <Typography variant="subtitle1">Log</Typography>
      <Box
        component="pre"
        aria-label="Log"
        style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}
      >
        {props.logs
          .map(l => `${l.at} ${l.level.toUpperCase()} ${l.message}`)
          .join('\n')}
      </Box>
    </Box>
  );
}

/**
 * A plan's patches (what uses what they change, behaviour checks, SQL, or
 * why they need a human), its pre-flight, skipped findings, and once applied
 * its outcome and log. Findings can be left out of a new plan.
 */
export function PlanDetails(props: {
  plan: RemediationPlanRecord;
  onReplanned(plan: RemediationPlanRecord): void;
}) {
  const { plan } = props;
  const { patches, skipped, appSource } = plan.plan;
  const finished = FINISHED.includes(plan.status);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const editable = plan.status !== 'applying' && patches.length > 0;
  const toggle = (key: string) =>
    setExcluded(prev => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <Box p={2} pt={0}>
      <PlanChecks plan={plan.plan} warnings={plan.warnings} />
      {editable && (
        <Typography variant="body2" color="textSecondary">
          Untick a finding to leave it out: a new plan is created without it.
        </Typography>
      )}
      {patches.map(patch => (
        <PatchDetails
          key={patch.findingKey}
          patch={patch}
          appSource={appSource}
          included={editable ? !excluded.has(patch.findingKey) : undefined}
          onToggle={() => toggle(patch.findingKey)}
        />
      ))}
      <ReplanWithout
        plan={plan}
        excluded={excluded}
        onCreated={created => {
          setExcluded(new Set());
          props.onReplanned(created);
        }}
      />
      {skipped.length > 0 && (
        <Box mb={2}>
          <Typography variant="subtitle1">Skipped findings</Typography>
          <ul>
            {skipped.map(s => (
              <li key={s.findingKey}>
                <code>{s.findingKey}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </Box>
      )}
      {finished && (
        <Box mb={2}>
          <Typography variant="subtitle1">Outcome</Typography>
          {plan.error && (
            <Typography variant="body2" color="error">
              {plan.error}
            </Typography>
          )}
          {plan.allOrNothing && (
            <Typography variant="body2">
              Applied all or nothing: one failure rolls back every finding.
            </Typography>
          )}
          <PlanOutcome
            outcome={plan.outcome}
            finished
            titles={new Map(patches.map(p => [p.findingKey, p.title]))}
          />
        </Box>
      )}
      {finished && plan.logs.length > 0 && <PlanLog logs={plan.logs} />}
    </Box>
  );
}
