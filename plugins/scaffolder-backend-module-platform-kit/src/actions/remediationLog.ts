import { FindingOutcome } from '@platform-kit/plugin-platform-kit-common';
import { RemediationPlanResponse } from './platformKitClient';

type Log = (level: 'info' | 'warn', message: string) => void;

const effectText = {
  kept: 'kept working',
  blocks: 'why this needs a human',
  unaffected: 'unaffected',
} as const;

/**
 * Before applying, per patch in run order: what uses the objects it changes
 * (and whether the fix keeps it working) and the behaviour checks that will
 * run as each role before COMMIT; then what the pre-flight found.
 */
export function logPlanChecks(plan: RemediationPlanResponse, log: Log) {
  for (const warning of plan.warnings ?? []) log('warn', warning);
  for (const patch of plan.plan.patches) {
    const dependants = patch.dependants ?? [];
    const probes = patch.probes ?? [];
    log(
      'info',
      `${patch.findingKey}: ${patch.title} (${dependants.length} dependant(s), ${probes.length} probe(s))`,
    );
    for (const d of dependants)
      log(
        d.effect === 'blocks' ? 'warn' : 'info',
        `  dependant ${d.kind}: ${d.description}${
          d.roles.length ? ` as ${d.roles.join(', ')}` : ''
        }${d.location ? ` at ${d.location}` : ''}: ${effectText[d.effect]}`,
      );
    for (const p of probes)
      log('info', `  probe ${p.id} as ${p.role}: ${p.description}`);
    if (patch.manual) log('warn', `  needs a human: ${patch.manual.reason}`);
  }
  for (const p of plan.plan.preflight ?? [])
    log(
      'warn',
      `pre-flight: ${p.findingKey} step ${p.stepId}: ${p.problem} (not applied)`,
    );
}

/** After applying: each finding's outcome and the probes that ran for it. */
export function logFindingOutcomes(findings: FindingOutcome[], log: Log) {
  for (const f of findings) {
    log(
      f.status === 'applied' ? 'info' : 'warn',
      `${f.findingKey}: ${f.status}${f.reason ? ` (${f.reason})` : ''}`,
    );
    for (const p of f.probes ?? [])
      log(
        p.after === 'ok' || p.after === 'not-run' ? 'info' : 'warn',
        `  probe ${p.probeId} as ${p.role}: ${p.description}: before ${p.before}, after ${p.after}`,
      );
  }
}

/** Findings that did not apply, by what happened to them, for the task's failure message. */
export function notApplied(findings: FindingOutcome[]): string | undefined {
  const groups: [FindingOutcome['status'], string][] = [
    ['rolled-back', 'rolled back'],
    ['not-run', 'not run'],
    ['needs-human', 'needs a human'],
  ];
  const parts = groups.flatMap(([status, label]) => {
    const keys = findings
      .filter(f => f.status === status)
      .map(f => (f.reason ? `${f.findingKey} (${f.reason})` : f.findingKey));
    return keys.length ? [`${label}: ${keys.join('; ')}`] : [];
  });
  return parts.length ? parts.join('. ') : undefined;
}
