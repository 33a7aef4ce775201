import { z } from 'zod';
import { contractResultSchema } from '../types';

/**
 * Zod schema of a {@link ContractReport}.
 *
 * @public
 */
export const contractReportSchema = z.object({
  /** The connector as it names itself (not validated: a bad kind is a finding, not a crash). */
  connector: z.object({ id: z.string(), kind: z.string() }),
  /** ISO date-time the run started. */
  startedAt: z.string().datetime(),
  durationMs: z.number().nonnegative(),
  /** True when no result failed (skipped results do not fail a run). */
  passed: z.boolean(),
  results: z.array(contractResultSchema),
});

/**
 * What {@link runContractSuite} reports: every check with its evidence.
 *
 * @public
 */
export type ContractReport = z.infer<typeof contractReportSchema>;

/**
 * The facts the control plane derives from a connector run.
 *
 * @public
 */
export interface ConnectorFacts {
  /** `health()` answered with a valid result saying `up`. */
  'connector.healthy': boolean;
  /** Every SDK check and contract test passed (or was skipped). */
  'connector.contract-tests': boolean;
}

/**
 * Turns a contract report into the facts the control plane stores
 * (`connector.healthy`, `connector.contract-tests`) and a one-line summary,
 * e.g. `n8n/n8n-prod: 11 passed, 1 failed (sdk.inventory.idempotent), 1 skipped; health up`.
 *
 * @public
 */
export function reportToFacts(report: ContractReport): {
  facts: ConnectorFacts;
  summary: string;
} {
  const parsed = contractReportSchema.parse(report);
  const health = parsed.results.find(r => r.id === 'sdk.health');
  const healthStatus =
    health?.status === 'pass' && typeof health.evidence.status === 'string'
      ? health.evidence.status
      : 'unknown';
  const failed = parsed.results.filter(r => r.status === 'fail');
  const count = (status: string) =>
    parsed.results.filter(r => r.status === status).length;
  const parts = [`${count('pass')} passed`];
  parts.push(
    failed.length > 0
      ? `${failed.length} failed (${failed.map(r => r.id).join(', ')})`
      : '0 failed',
  );
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  return {
    facts: {
      'connector.healthy': healthStatus === 'up',
      'connector.contract-tests': parsed.passed,
    },
    summary: `${parsed.connector.kind}/${parsed.connector.id}: ${parts.join(
      ', ',
    )}; health ${healthStatus}`,
  };
}
