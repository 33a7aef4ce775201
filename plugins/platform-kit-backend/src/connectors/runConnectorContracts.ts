import { reportToFacts, runContractSuite } from '@platform-kit/connector-sdk';
import {
  ContractRun,
  ContractRunStore,
  NewContractRun,
} from '../store/contractRuns';
import { ConnectorRegistry, ResolvedConnector } from './ConnectorRegistry';

/** A configured connector target: its stored record and its validated connector. */
export interface ContractRunTarget {
  record: { id: string; projectId: string };
  connector: ResolvedConnector;
}

export interface RunConnectorContractsOptions {
  registry: ConnectorRegistry;
  store: ContractRunStore;
  /** A connector target (a `ScanTarget` of kind `connector` fits). */
  target: ContractRunTarget;
  /** The job that runs it, stored with the run. */
  jobId?: string;
  /** Time each call may take (the SDK's default: 60 000 ms). */
  timeBudgetMs?: number;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Runs a connector's contract suite (the SDK's checks and the connector's own
 * contract tests) against its live source and records the run. The dead
 * endpoint check uses dummy credentials, never the configured ones; errors
 * and evidence are redacted of the connector's secrets. Resolves with the
 * recorded run: a failing contract is a result (`status: 'failed'`), not an
 * error. Rejects only when the run cannot be recorded.
 */
export async function runConnectorContracts(
  options: RunConnectorContractsOptions,
): Promise<ContractRun> {
  const { registry, store, target, jobId, timeBudgetMs } = options;
  const resolved = target.connector;
  const redact = (text: string) => registry.redact(resolved, text);
  const startedAt = new Date();
  const base = {
    projectId: target.record.projectId,
    targetId: target.record.id,
    jobId,
    startedAt: startedAt.toISOString(),
  };
  let run: NewContractRun;
  try {
    const report = await runContractSuite({
      connector: registry.create(resolved),
      deadConnector: registry.createDead(resolved),
      secrets: resolved.secrets,
      timeBudgetMs,
    });
    run = {
      ...base,
      status: report.passed ? 'passed' : 'failed',
      finishedAt: new Date().toISOString(),
      durationMs: report.durationMs,
      summary: redact(reportToFacts(report).summary),
      // The suite redacts too; this pass covers every form the registry knows.
      results: JSON.parse(redact(JSON.stringify(report.results))),
    };
  } catch (error) {
    // The connector could not be built or the suite refused it: a failed run, said why.
    const finishedAt = new Date();
    const message = redact(
      `${resolved.config.connector} connector ${
        resolved.config.id
      }: the contract suite could not run: ${messageOf(error)}`,
    );
    run = {
      ...base,
      status: 'failed',
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      summary: message,
      results: [],
      error: message,
    };
  }
  return store.record(run);
}
