import { LoggerService } from '@backstage/backend-plugin-api';
import {
  applyPlan,
  connectionStringSecrets,
  endApplySession,
  introspect,
  PgExecutor,
  planSteps,
  redactSecrets,
  runLints,
} from '@platform-kit/plugin-platform-kit-node';
import { outcomeSummary } from '../remediation/outcomeSummary';
import { ScanTarget } from '../scan/ScanService';
import { DatabaseTargetConfig } from '../service/targetsConfig';
import { TargetRecord } from '../store/OpsStore';
import {
  ApplyEnd,
  PlanStatusChange,
  RemediationPlanRecord,
  RemediationStore,
} from '../store/remediationStore';
import { AbandonedJob, JobHandler, JobRun, NewJob } from './types';

export const REMEDIATION_JOB = 'remediation';

interface ApplyPayload {
  dryRun: boolean;
  allOrNothing: boolean;
}

/** The job that applies a plan: never retried by itself, one apply of a target at a time. */
export function applyJob(
  planId: string,
  target: Pick<TargetRecord, 'id' | 'projectId'>,
  payload: ApplyPayload,
): NewJob {
  return {
    projectId: target.projectId,
    type: REMEDIATION_JOB,
    subjectId: planId,
    targetId: target.id,
    serialKey: `${REMEDIATION_JOB}:${target.id}`,
    payload: { ...payload },
  };
}

export interface ApplyJobsDeps {
  plans: RemediationStore;
  logger: LoggerService;
  targets: { get(entityRef: string): ScanTarget | undefined };
  /** Queues a scan so that findings, parity and scores reflect what was applied. */
  requestScan(entityRef: string, requestedBy: string): Promise<string>;
  /** How long an apply waits for another one on the target (e.g. from the CLI). */
  waitForLockMs: number;
}

/**
 * Remediation applies as jobs: the apply runs under the job's lease and
 * records its database session before anything runs; when the lease runs
 * out, the reaper ends that session (`pg_terminate_backend`, pid and start
 * matched) before it marks the plan failed, so that a stalled replica can
 * never commit afterwards, and requests a re-scan.
 */
export function applyJobHandler(deps: ApplyJobsDeps): JobHandler {
  const { plans } = deps;
  const configOf = (entityRef: string): DatabaseTargetConfig | undefined => {
    const config = deps.targets.get(entityRef)?.config;
    return config?.kind === 'supabase-project' ? config : undefined;
  };
  const rescan = (plan: RemediationPlanRecord) =>
    deps
      .requestScan(plan.entityRef, `remediation:${plan.id}`)
      .catch(error =>
        deps.logger.warn(`scan after remediation ${plan.id} failed: ${error}`),
      );

  async function run(job: JobRun) {
    const plan = await plans.get(job.job.subjectId!);
    const payload = job.job.payload as unknown as ApplyPayload;
    const config = plan && configOf(plan.entityRef);
    if (!plan) {
      await job.end({ status: 'failed', error: 'the plan no longer exists' });
      return;
    }
    const end = async (result: ApplyEnd) => {
      let changes: PlanStatusChange[] = [];
      const ended = await job.end(
        result.kind === 'error' ||
          (result.kind === 'outcome' && result.outcome.status !== 'applied')
          ? {
              status: 'failed',
              error:
                result.kind === 'error'
                  ? result.error
                  : result.outcome.reason ?? result.outcome.status,
            }
          : { status: 'succeeded' },
        async trx => {
          changes = await plans.finishIn(trx, plan.id, result);
        },
      );
      if (ended) plans.announce(changes);
      return ended;
    };
    if (!config || (!payload.dryRun && !config.connectionString)) {
      const error = `${plan.entityRef} is no longer a database target this backend can apply to`;
      await plans.log(plan.id, 'error', error);
      await end({ kind: 'error', error });
      return;
    }
    const connectionString = config.connectionString;
    const secrets = connectionString
      ? connectionStringSecrets(connectionString)
      : [];
    const log = (level: string, message: string) =>
      plans.log(plan.id, level, redactSecrets(message, secrets));
    if (payload.dryRun) {
      for (const step of planSteps(plan.plan))
        await log('info', `[dry run] [${step.risk}] ${step.sql}`);
      await log('info', 'dry run: nothing was changed');
      await end({ kind: 'dry-run' });
      return;
    }
    let written: Promise<void> = Promise.resolve();
    let ended: boolean;
    try {
      const outcome = await applyPlan({
        connectionString: connectionString!,
        plan: plan.plan,
        advisoryLockKey: plan.entityRef,
        allOrNothing: payload.allOrNothing,
        waitForLockMs: deps.waitForLockMs,
        // Recorded under the job's lease before anything runs: a reaper can end it.
        onSession: session => job.recordSession(session),
        rescan: async () => {
          const executor = new PgExecutor(connectionString!);
          try {
            return runLints(
              await introspect(executor, {
                exposedSchemas: config.exposedSchemas,
              }),
            ).findings;
          } finally {
            await executor.close();
          }
        },
        onLog: (level, message) => {
          // One write after the other: concurrent UPDATEs would store the lines out of order.
          written = written
            .then(() => log(level, message))
            .catch(error =>
              deps.logger.warn(`could not log plan ${plan.id}: ${error}`),
            );
        },
      });
      await written;
      const summary = outcomeSummary(outcome);
      await log(summary.level, summary.message);
      ended = await end({ kind: 'outcome', outcome });
    } catch (error) {
      await written;
      const message = redactSecrets(String((error as Error).message), secrets);
      await log('error', message);
      ended = await end({ kind: 'error', error: message });
    }
    // Findings, parity and scores follow from a regular scan of the target.
    if (ended) await rescan(plan);
  }

  async function abandon(abandoned: AbandonedJob) {
    const { job } = abandoned;
    const plan = await plans.get(job.subjectId!);
    if (!plan) {
      await abandoned.end('the plan no longer exists');
      return;
    }
    const dryRun = Boolean((job.payload as Partial<ApplyPayload>).dryRun);
    const session = job.targetSession;
    let error: string;
    if (dryRun)
      error = 'The backend doing this dry run stopped; nothing was changed.';
    else if (!session)
      error =
        'The backend applying this plan stopped before it started on the database: nothing was applied.';
    else {
      const connectionString = configOf(plan.entityRef)?.connectionString;
      // Rejects while the target cannot be reached: the plan stays applying until the session is known to be gone.
      const result = connectionString
        ? await endApplySession(connectionString, session)
        : undefined;
      error = `The backend applying this plan stopped responding; ${
        {
          terminated:
            'its database session was ended, so it cannot commit anything more',
          gone: 'its database session had already ended',
          unknown:
            'its database session could not be checked (the target is no longer configured here)',
        }[result ?? 'unknown']
      }. Changes it committed before that stay; a re-scan shows what is left.`;
    }
    let changes: PlanStatusChange[] = [];
    const ended = await abandoned.end(error, async trx => {
      await plans.log(plan.id, 'error', error, trx);
      changes = await plans.finishIn(
        trx,
        plan.id,
        dryRun ? { kind: 'dry-run' } : { kind: 'error', error },
      );
    });
    if (!ended) return;
    plans.announce(changes);
    deps.logger.warn(`remediation plan ${plan.id}: ${error}`);
    if (!dryRun) await rescan(plan);
  }

  return { type: REMEDIATION_JOB, run, abandon };
}
