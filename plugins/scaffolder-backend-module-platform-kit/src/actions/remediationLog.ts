import type {
  ApplyReport,
  RemediationPlanRecord,
} from '@platform-kit/plugin-platform-kit-common';

/** What happened to one finding of an apply. */
type FindingOutcome = ApplyReport['findings'][number];

/**
 * One task log entry. The scaffolder stores log lines without waiting for
 * each other, so lines whose order matters go into one entry.
 */
export interface LogEntry {
  level: 'info' | 'warn';
  message: string;
}

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
export function planChecksEntry(plan: RemediationPlanRecord): LogEntry {
  const lines = ['Before applying, per patch: its dependants and probes'];
  let attention = false;
  for (const patch of plan.plan.patches) {
    const { dependants, probes } = patch;
    lines.push(
      `${patch.findingKey}: ${patch.title} (${dependants.length} dependant(s), ${probes.length} probe(s))`,
    );
    for (const d of dependants) {
      attention ||= d.effect === 'blocks';
      lines.push(
        `  dependant ${d.kind}: ${d.description}${
          d.roles.length ? ` as ${d.roles.join(', ')}` : ''
        }${d.location ? ` at ${d.location}` : ''}: ${effectText[d.effect]}`,
      );
    }
    for (const p of probes)
      lines.push(`  probe ${p.id} as ${p.role}: ${p.description}`);
    if (patch.manual) {
      attention = true;
      lines.push(`  needs a human: ${patch.manual.reason}`);
    }
  }
  for (const p of plan.plan.preflight) {
    attention = true;
    lines.push(
      `pre-flight: ${p.findingKey} step ${p.stepId}: ${p.problem} (not applied)`,
    );
  }
  return { level: attention ? 'warn' : 'info', message: lines.join('\n') };
}

/** After applying: each finding's outcome and the probes that ran for it. */
export function findingOutcomesEntry(findings: FindingOutcome[]): LogEntry {
  const lines = ['Outcome per finding, with the probes that ran'];
  for (const f of findings) {
    lines.push(
      `${f.findingKey}: ${f.status}${f.reason ? ` (${f.reason})` : ''}`,
    );
    for (const p of f.probes)
      lines.push(
        `  probe ${p.probeId} as ${p.role}: ${p.description}: before ${p.before}, after ${p.after}`,
      );
  }
  return {
    level: findings.every(f => f.status === 'applied') ? 'info' : 'warn',
    message: lines.join('\n'),
  };
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
      // The reasons of a roll-back are short errors; the others are in the log above.
      .map(f =>
        f.reason && status === 'rolled-back'
          ? `${f.findingKey} (${f.reason})`
          : f.findingKey,
      );
    return keys.length ? [`${label}: ${keys.join('; ')}`] : [];
  });
  return parts.length ? parts.join('. ') : undefined;
}
