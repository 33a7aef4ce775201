import { z } from 'zod';
import { ConnectorBase } from '../ConnectorBase';
import { parseOptions } from '../http/options';
import { ContractResult } from '../types';
import { boundedTimeCheck } from './checks/boundedTime';
import { capabilitiesCheck } from './checks/capabilities';
import { contractTestChecks } from './checks/contractTests';
import { healthChecks } from './checks/health';
import { inventoryChecks } from './checks/inventory';
import { ContractReport, contractReportSchema } from './report';
import { SuiteContext } from './suiteContext';

/**
 * Default time budget of each call (each check, each contract test).
 *
 * @public
 */
export const DEFAULT_TIME_BUDGET_MS = 60_000;

const isConnector = (value: unknown): value is ConnectorBase => {
  const c = value as Partial<ConnectorBase> | null;
  return (
    typeof c?.id === 'string' &&
    typeof c.kind === 'string' &&
    ['inventory', 'health', 'capabilities', 'contractTests'].every(
      method => typeof (c as Record<string, unknown>)[method] === 'function',
    )
  );
};

const connectorSchema = z.custom<ConnectorBase>(
  isConnector,
  'a connector (id, kind, inventory, health, capabilities, contractTests)',
);

/**
 * Zod schema of {@link ContractSuiteOptions}.
 *
 * @public
 */
export const contractSuiteOptionsSchema = z.object({
  connector: connectorSchema,
  deadConnector: connectorSchema.optional(),
  timeBudgetMs: z.number().int().positive().optional(),
  secrets: z.array(z.string()).optional(),
  stableSource: z.boolean().optional(),
});

/**
 * What {@link runContractSuite} runs.
 *
 * @public
 */
export interface ContractSuiteOptions {
  /** The connector under test, configured against its live source. */
  connector: ConnectorBase;
  /**
   * The same kind of connector pointed at a dead endpoint (e.g. a closed
   * port), configured with dummy credentials; its `health()` must resolve
   * with `down`. Without it that check is skipped; when its options hold one
   * of `secrets` the check fails without calling it.
   */
  deadConnector?: ConnectorBase;
  /** Time each call may take; default 60 000 ms. */
  timeBudgetMs?: number;
  /** Values redacted from errors and evidence (the connector's secrets). */
  secrets?: string[];
  /**
   * True when nothing changes the source during the run (a test's stand-in):
   * then `inventory()` is called a second time and must list the same items
   * (`sdk.inventory.idempotent`). Leave it unset against a live source, whose
   * items may change between two calls; the check is then skipped.
   */
  stableSource?: boolean;
}

/**
 * Runs the SDK's interface checks and the connector's own contract tests and
 * reports pass / fail with evidence for each. Never throws for a misbehaving
 * connector: every problem becomes a failed result.
 *
 * Checks, in order: `sdk.capabilities`, `sdk.inventory.shape`,
 * `sdk.inventory.unique-ids`, `sdk.inventory.relations`,
 * `sdk.inventory.idempotent` (only with `stableSource`), `sdk.health`,
 * `sdk.health.dead-endpoint`, `sdk.contract-tests`, each contract test of the
 * connector, and `sdk.bounded-time` (every call finished within the budget).
 * Against a live source it calls `inventory()` and `health()` once each.
 *
 * @throws TypeError when the options themselves are invalid.
 *
 * @example
 * ```ts
 * const report = await runContractSuite({
 *   connector: new N8nConnector({ id: 'n8n-prod', baseUrl, apiKey }),
 *   deadConnector: new N8nConnector({ id: 'n8n-dead', baseUrl: 'http://127.0.0.1:9', apiKey: 'dummy-key' }),
 *   secrets: [apiKey],
 * });
 * const { facts, summary } = reportToFacts(report);
 * ```
 *
 * @public
 */
export async function runContractSuite(
  options: ContractSuiteOptions,
): Promise<ContractReport> {
  const opts = parseOptions(
    contractSuiteOptionsSchema,
    options,
    'contract suite options',
  );
  const startedAt = new Date();
  const started = performance.now();
  const ctx = new SuiteContext(
    opts.connector,
    opts.deadConnector,
    opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
    opts.secrets ?? [],
    opts.stableSource ?? false,
  );
  const results: ContractResult[] = [
    await capabilitiesCheck(ctx),
    ...(await inventoryChecks(ctx)),
    ...(await healthChecks(ctx)),
    ...(await contractTestChecks(ctx)),
  ];
  results.push(await boundedTimeCheck(ctx));
  return contractReportSchema.parse({
    connector: { id: opts.connector.id, kind: opts.connector.kind },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    passed: results.every(r => r.status !== 'fail'),
    results,
  });
}
