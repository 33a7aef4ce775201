import { ContractTestError } from '../ContractTestError';
import { SuiteContext } from '../suiteContext';

/** `sdk.bounded-time`: every call the suite made finished within the budget. */
export function boundedTimeCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.bounded-time',
    'every call finishes within the time budget',
    async () => {
      const late = ctx.calls.filter(c => !c.withinBudget).map(c => c.call);
      const evidence = { budgetMs: ctx.budgetMs, calls: ctx.calls };
      if (late.length > 0) {
        throw new ContractTestError(
          `${late.join(', ')} did not finish within ${ctx.budgetMs} ms`,
          { ...evidence, late },
        );
      }
      return evidence;
    },
  );
}
