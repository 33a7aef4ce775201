import { ScanService, ScanTarget } from '../scan/ScanService';
import {
  ABANDONED,
  OpsStore,
  ScanStatusChange,
  TargetRecord,
} from '../store/OpsStore';
import { JobStore } from './JobStore';
import { JobHandler, NewJob } from './types';

export const SCAN_JOB = 'scan';

/** The job that runs a scan: its attempts are the job's, one scan of a target at a time. */
export function scanJob(
  target: Pick<TargetRecord, 'id' | 'projectId'>,
  scanId: string,
  maxAttempts: number,
): NewJob {
  return {
    projectId: target.projectId,
    type: SCAN_JOB,
    subjectId: scanId,
    targetId: target.id,
    serialKey: `${SCAN_JOB}:${target.id}`,
    maxAttempts,
  };
}

export interface ScanJobsDeps {
  store: OpsStore;
  scans: ScanService;
  jobs: JobStore;
  /** A target by its id (`ops.targets.id`); undefined when it is no longer scanned. */
  targetOf(targetId: string): Promise<ScanTarget | undefined>;
}

/**
 * Scans as jobs: requested and scheduled scans are queued in `ops.scans`
 * with a job each; any replica claims and runs an attempt; an attempt whose
 * replica stopped is queued again (or fails once attempts are spent).
 */
export function scanJobHandler(deps: ScanJobsDeps): JobHandler {
  const { store } = deps;
  return {
    type: SCAN_JOB,
    // As Backstage's scheduler timed out the per-target scan tasks before jobs.
    maxRunMs: 15 * 60_000,
    async run(run) {
      const scanId = run.job.subjectId!;
      const target = run.job.targetId
        ? await deps.targetOf(run.job.targetId)
        : undefined;
      if (target) {
        await deps.scans.runAttempt(run, target);
        return;
      }
      const error =
        'its target is no longer scanned (taken out of the config, or no longer discovered)';
      const changes: ScanStatusChange[] = [];
      const ended = await run.end({ status: 'failed', error }, async trx => {
        changes.push(...(await store.failScanIn(trx, scanId, error, false)));
      });
      if (ended) store.announce(changes);
    },
    async abandon(abandoned) {
      const { job, next } = abandoned;
      const scanId = job.subjectId!;
      const error =
        next === 'queued'
          ? `attempt ${job.attempts} abandoned: the backend running it stopped before it finished`
          : ABANDONED;
      const changes: ScanStatusChange[] = [];
      const ended = await abandoned.end(error, async trx => {
        await store.appendLog(
          scanId,
          'error',
          `attempt ${
            job.attempts
          }: the backend running it stopped (its lease ran out)${
            next === 'queued' ? '; queued again' : ''
          }`,
          trx,
        );
        changes.push(
          ...(await store.failScanIn(trx, scanId, error, next === 'queued')),
        );
      });
      if (ended) store.announce(changes);
    },
    async enqueueScheduled(trx, due) {
      const queued = await store.queueScans(
        trx,
        due.map(d => d.targetId),
        'scheduler',
      );
      await deps.jobs.enqueueMany(
        queued.map(q =>
          scanJob(
            { id: q.targetId, projectId: q.projectId },
            q.id,
            deps.scans.maxAttempts,
          ),
        ),
        trx,
      );
      return () => store.announce(queued);
    },
  };
}
