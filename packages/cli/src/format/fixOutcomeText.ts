import {
  ApplyOutcome,
  PatchStep,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';
import { count, probeLine } from './fixDependants';
import { planNotes } from './fixPlanText';

/** The first line: applied and verified, PARTIAL with how many findings, or FAILED. */
function headline(outcome: ApplyOutcome, target: string): string {
  const findings = outcome.findings ?? [];
  const human = findings.filter(f => f.status === 'needs-human').length;
  if (
    outcome.status === 'applied' &&
    findings.length &&
    human === findings.length
  )
    return `Nothing applied to ${target}: ${count(human, 'finding')} ${
      human === 1 ? 'needs' : 'need'
    } a human (see below).`;
  if (outcome.status === 'applied')
    return `Applied to ${target} and verified by a re-scan${
      human
        ? `; ${count(human, 'finding')} ${
            human === 1 ? 'needs' : 'need'
          } a human`
        : ''
    }.`;
  const reason = outcome.reason ? `: ${outcome.reason}` : '';
  if (outcome.status === 'partial') {
    const applied = findings.filter(f => f.status === 'applied');
    return `PARTIAL on ${target}: ${applied.length} of ${count(
      findings.length,
      'finding',
    )} applied${reason}`;
  }
  return `FAILED on ${target}${reason || ': see the steps'}`;
}

/** Per finding: its status and reason, and under it the probes that ran. */
function findingLines(outcome: ApplyOutcome): string[] {
  // An outcome from an engine without per-finding results has none.
  const findings = outcome.findings ?? [];
  if (!findings.length) return [];
  const width = Math.max(...findings.map(f => f.status.length));
  return [
    '',
    'Findings:',
    ...findings.flatMap(f => [
      `  ${f.status.padEnd(width)}  ${f.findingKey}${
        f.reason ? `: ${f.reason}` : ''
      }`,
      ...f.probes.map(p => `  ${' '.repeat(width)}    ${probeLine(p)}`),
    ]),
  ];
}

function stepLines(steps: PatchStep[], outcome: ApplyOutcome): string[] {
  if (!steps.length) return ['', 'The plan has no steps: nothing to apply.'];
  const width = Math.max(...steps.map(s => s.id.length));
  const byId = new Map(steps.map(s => [s.id, s]));
  return [
    '',
    'Steps:',
    ...outcome.steps.map(s => {
      const step = byId.get(s.stepId);
      return `  ${s.status.padEnd(7)}  ${s.stepId.padEnd(width)}  [${
        step?.risk ?? '?'
      }] ${step?.transactional === false ? 'on its own' : 'transaction'}, ${
        s.attempts
      } attempt(s), ${s.durationMs} ms${
        s.error ? `\n           ${s.error}` : ''
      }`;
    }),
  ];
}

/**
 * The outcome of `db fix --apply` for people: the headline, each finding
 * with the probes that ran for it, the steps, the row counts, what the
 * re-scan still finds, and what the plan left alone.
 */
export function formatOutcome(
  plan: RemediationPlan,
  steps: PatchStep[],
  outcome: ApplyOutcome,
  target: string,
): string {
  const out = [
    headline(outcome, target),
    ...findingLines(outcome),
    ...stepLines(steps, outcome),
  ];
  const counts = Object.entries(outcome.rowCounts);
  if (counts.length) {
    out.push('', 'Rows (before -> after):');
    for (const [table, c] of counts)
      out.push(`  ${table}: ${c.before} -> ${c.after}`);
  }
  out.push(
    '',
    `Still found: ${
      outcome.remaining.length ? outcome.remaining.join(', ') : 'none'
    }`,
    ...planNotes(plan),
  );
  return `${out.join('\n')}\n`;
}
