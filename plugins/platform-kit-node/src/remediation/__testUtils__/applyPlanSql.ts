import { RemediationPlan } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { planSteps } from '../buildPlan';

/**
 * Runs a plan's SQL plainly (builder tests): transactional steps in one
 * transaction, then each CONCURRENTLY step on its own. The guarded applier
 * (locks, timeouts, retries, verification) is tested separately.
 */
export async function applyPlanSql(
  url: string,
  plan: RemediationPlan,
): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const steps = planSteps(plan);
    await client.query('BEGIN');
    try {
      for (const step of steps.filter(s => s.transactional))
        await client.query(step.sql);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    for (const step of steps.filter(s => !s.transactional))
      await client.query(step.sql);
  } finally {
    await client.end();
  }
}
