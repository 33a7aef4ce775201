import { parseSql, squawkLint } from '@platform-kit/devtools';
import { RemediationPlan } from '@platform-kit/plugin-platform-kit-common';
import { planSteps } from '../../buildPlan';
import { renderPlanSql } from '../../renderPlan';

/**
 * The plan's script parses with PostgreSQL's parser into the statements it
 * should hold, and squawk finds nothing in it (`exclude`: rules that do not
 * apply, each justified where it is used).
 */
export async function expectCleanPlanSql(
  plan: RemediationPlan,
  exclude: string[] = [],
): Promise<string> {
  const sql = renderPlanSql(plan);
  const steps = planSteps(plan);
  const inTransaction = steps.filter(s => s.transactional).length;
  const outside = steps.length - inTransaction;
  // BEGIN, two SET LOCAL and COMMIT around the transaction; two SETs before the rest.
  expect(await parseSql(sql)).toBe(
    (inTransaction ? inTransaction + 4 : 0) + (outside ? outside + 2 : 0),
  );
  expect(squawkLint(sql, { exclude })).toEqual([]);
  return sql;
}
