import { ApplyOutcome } from '@platform-kit/plugin-platform-kit-common';

/** The last line of an apply's log: how it ended, and per finding what did not apply. */
export function outcomeSummary(outcome: ApplyOutcome): {
  level: 'info' | 'warn' | 'error';
  message: string;
} {
  if (outcome.status === 'applied')
    return { level: 'info', message: 'applied and verified by a re-scan' };
  const notApplied = outcome.findings
    .filter(f => f.status !== 'applied')
    .map(
      f => `${f.findingKey} (${f.status}${f.reason ? `: ${f.reason}` : ''})`,
    );
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
