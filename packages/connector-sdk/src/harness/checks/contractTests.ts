import { ContractResult, ContractTest } from '../../types';
import { ContractTestError } from '../ContractTestError';
import { SuiteContext } from '../suiteContext';

/** Prefix of the SDK's own check ids; connectors' tests may not use it. */
const RESERVED_PREFIX = 'sdk.';

function describeProblems(tests: unknown): string[] {
  if (!Array.isArray(tests)) return ['contractTests() did not return an array'];
  const problems: string[] = [];
  const ids = new Set<string>();
  tests.forEach((test: Partial<ContractTest> | null, index) => {
    const where = `test ${index}`;
    if (typeof test?.id !== 'string' || test.id === '') {
      problems.push(`${where} has no id`);
      return;
    }
    if (test.id.startsWith(RESERVED_PREFIX)) {
      problems.push(
        `${test.id}: ids starting with "${RESERVED_PREFIX}" are the SDK's`,
      );
    }
    if (ids.has(test.id)) problems.push(`${test.id}: id used twice`);
    ids.add(test.id);
    if (typeof test.title !== 'string' || test.title === '') {
      problems.push(`${test.id}: no title`);
    }
    if (typeof test.run !== 'function') problems.push(`${test.id}: no run()`);
  });
  return problems;
}

/**
 * `sdk.contract-tests` (the list is well-formed: ids unique, titles, `run`)
 * followed by one result per contract test of the connector, each run within
 * the budget. A test passes when `run()` resolves, is skipped when it throws
 * `ContractTestSkip` and fails otherwise.
 */
export async function contractTestChecks(
  ctx: SuiteContext,
): Promise<ContractResult[]> {
  let tests: ContractTest[] = [];
  const listResult = await ctx.check(
    'sdk.contract-tests',
    'contractTests() lists well-formed tests',
    async () => {
      const outcome = await ctx.call('contractTests()', () =>
        ctx.connector.contractTests(),
      );
      const value = ctx.valueOf(outcome, 'contractTests()');
      const problems = describeProblems(value);
      if (problems.length > 0) {
        throw new ContractTestError(problems.join('; '), { problems });
      }
      tests = value;
      return { count: tests.length, ids: tests.map(t => t.id) };
    },
  );
  const results = [listResult];
  for (const test of tests) {
    results.push(
      await ctx.check(test.id, test.title, async () => {
        const controller = new AbortController();
        const outcome = await ctx.call(`contract test ${test.id}`, () =>
          test.run({ signal: controller.signal, timeBudgetMs: ctx.budgetMs }),
        );
        if (outcome.kind === 'timeout') controller.abort();
        // Thrown ContractTestError / ContractTestSkip keep their evidence and status.
        if (outcome.kind === 'error') throw outcome.error;
        const evidence = ctx.valueOf(outcome, `contract test ${test.id}`);
        return ctx.cleanEvidence(evidence);
      }),
    );
  }
  return results;
}
