import { RemediationPlan } from '@platform-kit/plugin-platform-kit-common';
import { planSteps } from './buildPlan';

/** @public */
export interface GuardSettings {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
}

/** @public */
export const DEFAULT_GUARDS: GuardSettings = {
  lockTimeoutMs: 3_000,
  statementTimeoutMs: 60_000,
};

/** SQL comment lines; PostgreSQL ends a `--` comment at CR as well as LF, so both split. */
const comment = (text: string) =>
  text
    .split(/\r\n|\r|\n/)
    .map(line => `-- ${line}`)
    .join('\n');

/**
 * The plan as one SQL script, as the guarded apply runs it: the transactional
 * steps in one transaction with local lock and statement timeouts, then each
 * non-transactional step on its own with session timeouts.
 *
 * @public
 */
export function renderPlanSql(
  plan: RemediationPlan,
  guards: GuardSettings = DEFAULT_GUARDS,
): string {
  const steps = planSteps(plan);
  const transactional = steps.filter(s => s.transactional);
  const separate = steps.filter(s => !s.transactional);
  const out: string[] = [
    comment(
      `Platform Kit remediation plan for ${plan.targetRef} (${plan.createdAt})\n${plan.patches.length} patch(es), ${plan.skipped.length} finding(s) without a patch`,
    ),
  ];
  const render = (s: (typeof steps)[number]) =>
    `${comment(`[${s.risk}] ${s.rationale}`)}\n${s.sql
      .trim()
      .replace(/;?$/, ';')}`;
  if (transactional.length) {
    out.push(
      'BEGIN;',
      `SET LOCAL lock_timeout = '${guards.lockTimeoutMs}ms';`,
      `SET LOCAL statement_timeout = '${guards.statementTimeoutMs}ms';`,
      ...transactional.map(render),
      'COMMIT;',
    );
  }
  if (separate.length) {
    out.push(
      comment('Outside a transaction (CONCURRENTLY), each on its own:'),
      `SET lock_timeout = '${guards.lockTimeoutMs}ms';`,
      `SET statement_timeout = '${guards.statementTimeoutMs}ms';`,
      ...separate.map(render),
    );
  }
  return `${out.join('\n\n')}\n`;
}
