import { z } from 'zod';
import { capabilityDeclarationSchema } from '../../types';
import { ContractTestError } from '../ContractTestError';
import { SuiteContext } from '../suiteContext';
import { issuesEvidence } from '../zodIssues';

/** `sdk.capabilities`: `capabilities()` returns at least one valid declaration, ids unique. */
export function capabilitiesCheck(ctx: SuiteContext) {
  return ctx.check(
    'sdk.capabilities',
    'capabilities() declares valid, unique capabilities',
    async () => {
      const outcome = await ctx.call('capabilities()', () =>
        ctx.connector.capabilities(),
      );
      const value = ctx.valueOf(outcome, 'capabilities()');
      const parsed = z.array(capabilityDeclarationSchema).safeParse(value);
      if (!parsed.success) {
        throw new ContractTestError(
          'capabilities() does not match the capability schema',
          { durationMs: outcome.durationMs, ...issuesEvidence(parsed.error) },
        );
      }
      const ids = parsed.data.map(c => c.id);
      const duplicates = [
        ...new Set(ids.filter((id, i) => ids.indexOf(id) !== i)),
      ];
      const evidence = {
        count: ids.length,
        ids,
        durationMs: outcome.durationMs,
      };
      if (ids.length === 0) {
        throw new ContractTestError(
          'capabilities() declares nothing: a connector must declare what it can prove',
          evidence,
        );
      }
      if (duplicates.length > 0) {
        throw new ContractTestError(
          `capabilities() declares the same id more than once: ${duplicates.join(
            ', ',
          )}`,
          { ...evidence, duplicates },
        );
      }
      return evidence;
    },
  );
}
