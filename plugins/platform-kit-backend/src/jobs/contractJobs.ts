import { Config } from '@backstage/config';
import { ConnectorRegistry } from '../connectors/ConnectorRegistry';
import { runConnectorContracts } from '../connectors/runConnectorContracts';
import { ScanTarget } from '../scan/ScanService';
import { ContractRunStore } from '../store/contractRuns';
import { ABANDONED } from '../store/OpsStore';
import { nextRunAt } from './JobSchedules';
import { JobStore } from './JobStore';
import { JobHandler, NewJob } from './types';

export const CONTRACT_JOB = 'contract';

/** Nightly, half an hour after the default scan schedule. */
export const DEFAULT_CONTRACT_SCHEDULE = '30 3 * * *';

/** A failed recording (the ops store) is tried once more, a minute later. */
const RETRY_DELAY_MS = 60_000;

/** `platformKit.contracts.schedule`: when connector contract suites run (cron or ISO-8601 duration). */
export function readContractSchedule(config: Config): string {
  const schedule =
    config.getOptionalString('platformKit.contracts.schedule') ??
    DEFAULT_CONTRACT_SCHEDULE;
  try {
    nextRunAt(schedule, new Date());
  } catch {
    throw new Error(
      `platformKit.contracts.schedule: must be a cron expression (e.g. "30 3 * * *") or an ISO-8601 duration (e.g. "PT12H"), got "${schedule}"`,
    );
  }
  return schedule;
}

/** The job that runs a connector's contract suite (two attempts, one run of a target at a time). */
export function contractJob(target: { id: string; projectId: string }): NewJob {
  return {
    projectId: target.projectId,
    type: CONTRACT_JOB,
    targetId: target.id,
    serialKey: `${CONTRACT_JOB}:${target.id}`,
    maxAttempts: 2,
  };
}

export interface ContractJobsDeps {
  registry: ConnectorRegistry;
  runs: ContractRunStore;
  jobs: JobStore;
  /** A target by its id; undefined when it is no longer configured. */
  targetOf(targetId: string): Promise<ScanTarget | undefined>;
}

/**
 * Connector contract suites as their own job type, on their own schedule
 * (never on the scan path): each run is recorded by `runConnectorContracts`
 * with its result; a failing contract is a result, not a failed job.
 */
export function contractJobHandler(deps: ContractJobsDeps): JobHandler {
  return {
    type: CONTRACT_JOB,
    maxRunMs: 15 * 60_000,
    async run(run) {
      const target = await deps.targetOf(run.job.targetId!);
      if (!target?.connector) {
        await run.end({
          status: 'failed',
          error: 'its target is no longer a configured connector',
        });
        return;
      }
      try {
        await runConnectorContracts({
          registry: deps.registry,
          store: deps.runs,
          target: { record: target.record, connector: target.connector },
          jobId: run.job.id,
        });
      } catch (error) {
        await run.end({
          status: 'failed',
          error: `the contract run could not be recorded: ${
            (error as Error).message ?? error
          }`,
          retryable: true,
          retryDelayMs: RETRY_DELAY_MS,
        });
        return;
      }
      await run.end({ status: 'succeeded' });
    },
    async abandon(abandoned) {
      // A contract run only reads the source: nothing to make safe.
      await abandoned.end(
        abandoned.next === 'queued'
          ? `attempt ${abandoned.job.attempts} abandoned: the backend running it stopped before it finished`
          : ABANDONED,
      );
    },
    async enqueueScheduled(trx, due) {
      await deps.jobs.enqueueMany(
        due.map(d => contractJob({ id: d.targetId, projectId: d.projectId })),
        trx,
        { skipPending: true },
      );
    },
  };
}
