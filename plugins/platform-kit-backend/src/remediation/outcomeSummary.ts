import { ApplyOutcome } from '@platform-kit/plugin-platform-kit-common';

/** The last line of an apply's log: how it ended, and per finding what did not apply. */
export function outcomeSummary(outcome: ApplyOutcome): {
  level: 'info' | 'warn' | 'error';
  message: string;
} {
  const notApplied = outcome.findings
    .filter(f => f.status !== 'applied')
    .map(
      f => `${f.findingKey} (${f.status}${f.reason ? `: ${f.reason}` : ''})`,
    );
  if (outcome.status === 'applied') {
    // Findings without SQL (needs a human) were shown in the plan; say which are left.
    if (!notApplied.length)
      return { level: 'info', message: 'applied and verified by a re-scan' };
    return {
      level: 'warn',
      message: `applied and verified by a re-scan; not applied: ${notApplied.join(
        '; ',
      )}`,
    };
  }
  if (outcome.status === 'partial') {
    const applied = outcome.findings.length - notApplied.length;
    return {
      level: 'warn',
      message: `partly applied: ${applied} finding(s) committed, ${
        notApplied.length
      } not: ${notApplied.join('; ')}`,
    };
  }
  return {
    level: 'error',
    message: `failed: ${outcome.reason ?? 'see the steps'}`,
  };
}
