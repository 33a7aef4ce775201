import {
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Heartbeat } from './Heartbeat';
import { JobSchedules } from './JobSchedules';
import { JobSettings } from './jobSettings';
import { ExpiredJob, JobStore } from './JobStore';
import {
  JobEnd,
  JobHandler,
  JobNext,
  JobRecord,
  JobRun,
  NewJob,
} from './types';

/** Expired leases one replica takes over per round. */
const REAP_BATCH = 20;
/** Due schedules one planner transaction enqueues. */
const PLAN_BATCH = 500;

export const WORKER_TASK_ID = 'platform-kit-jobs-worker';
export const PLANNER_TASK_ID = 'platform-kit-jobs-planner';

export interface JobWorkersOptions {
  knex: Knex;
  logger: LoggerService;
  settings: JobSettings;
  /** Shutdown: stop claiming, let running jobs finish (up to a lease). */
  lifecycle?: Pick<LifecycleService, 'addShutdownHook'>;
  /** This replica's name in leases (default host, pid and a random part). */
  ownerId?: string;
}

/**
 * The one job mechanism of the control plane (docs/jobs.md). Every replica
 * runs a worker: each round it takes over jobs whose lease ran out (their
 * handler makes them harmless and ends or requeues them), then claims due
 * jobs up to its concurrency and runs them, renewing their leases by a
 * heartbeat. One planner across replicas enqueues scheduled work. Two
 * scheduler tasks in all, whatever the number of targets.
 */
export class JobWorkers {
  readonly ownerId: string;
  readonly store: JobStore;
  readonly schedules: JobSchedules;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly heartbeat: Heartbeat;
  private readonly timers = new Set<NodeJS.Timeout>();
  private round?: Promise<void>;
  private again = false;
  /** When this replica last looked for expired leases (at most once per poll interval). */
  private reapedAt = 0;
  private stopped = false;

  constructor(private readonly options: JobWorkersOptions) {
    this.ownerId =
      options.ownerId ??
      `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.store = new JobStore(options.knex);
    this.schedules = new JobSchedules(options.knex);
    this.heartbeat = new Heartbeat({
      store: this.store,
      logger: options.logger,
      leaseMs: options.settings.leaseMs,
      intervalMs: options.settings.heartbeatMs,
    });
    options.lifecycle?.addShutdownHook(() => this.stop());
  }

  get settings(): JobSettings {
    return this.options.settings;
  }

  /** Adds a job type; its jobs are claimed from the next round on. */
  register(handler: JobHandler): void {
    if (this.handlers.has(handler.type))
      throw new Error(`job type ${handler.type} is registered twice`);
    this.handlers.set(handler.type, handler);
  }

  /** Enqueues a job (in `trx` when given: call `wake()` once it is committed). */
  enqueue(job: NewJob, trx?: Knex.Transaction): Promise<string> {
    return this.store.enqueue(job, trx);
  }

  /** Runs a worker round soon on this replica (e.g. after enqueueing). */
  wake(): void {
    void this.work();
  }

  /** Schedules the worker (every replica) and the planner (one replica at a time). */
  async start(scheduler: SchedulerService): Promise<void> {
    const { settings } = this.options;
    await scheduler.scheduleTask({
      id: WORKER_TASK_ID,
      frequency: { milliseconds: settings.pollMs },
      timeout: { minutes: 5 },
      scope: 'local',
      fn: () => this.tick(),
    });
    await scheduler.scheduleTask({
      id: PLANNER_TASK_ID,
      frequency: { milliseconds: settings.plannerMs },
      timeout: { minutes: 10 },
      scope: 'global',
      fn: () => this.plan().then(() => undefined),
    });
    this.wake();
  }

  /** Stops claiming; waits for running jobs up to a lease, renewing them meanwhile. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    await this.round?.catch(() => undefined);
    await this.heartbeat.drain(this.options.settings.leaseMs);
  }

  /** How many jobs this replica runs (or reaps) now. */
  get active(): number {
    return this.heartbeat.size;
  }

  /** A scheduled worker round: it always looks for expired leases. */
  tick(): Promise<void> {
    this.reapedAt = 0;
    return this.work();
  }

  /**
   * One worker round (rounds never overlap; a wake during one runs another
   * after it); expired leases are looked for at most once per poll interval.
   */
  work(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.round) {
      this.again = true;
      return this.round;
    }
    this.round = (async () => {
      do {
        this.again = false;
        if (Date.now() - this.reapedAt >= this.options.settings.pollMs) {
          this.reapedAt = Date.now();
          await this.reap().catch(error =>
            this.options.logger.warn(`job reaper round failed: ${error}`),
          );
        }
        await this.claim().catch(error =>
          this.options.logger.warn(`job worker round failed: ${error}`),
        );
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Enqueues the scheduled work that is due; resolves to how many schedules were due. */
  async plan(): Promise<number> {
    let total = 0;
    for (const handler of this.handlers.values()) {
      if (!handler.enqueueScheduled) continue;
      for (;;) {
        const n = await this.schedules.planDue(
          handler.type,
          PLAN_BATCH,
          (trx, due) => handler.enqueueScheduled!(trx, due),
        );
        total += n;
        if (n < PLAN_BATCH) break;
      }
    }
    const pruned = await this.store.prune(this.options.settings.retentionDays);
    if (pruned) this.options.logger.info(`deleted ${pruned} finished job(s)`);
    if (total) this.wake();
    return total;
  }

  private async claim() {
    const free = this.options.settings.concurrency - this.heartbeat.size;
    if (free < 1 || this.stopped) return;
    const jobs = await this.store.claim(
      this.ownerId,
      [...this.handlers.keys()],
      free,
      this.options.settings.leaseMs,
    );
    for (const job of jobs)
      this.track(
        job,
        () => this.runJob(job),
        this.handlers.get(job.type)!.maxRunMs,
      );
  }

  private async reap() {
    const expired = await this.store.takeOverExpired(
      this.ownerId,
      [...this.handlers.keys()],
      REAP_BATCH,
      this.options.settings.leaseMs,
    );
    for (const job of expired) this.track(job, () => this.abandon(job));
  }

  /** Runs `work` under the job's lease (renewed by the heartbeat), then looks for more work. */
  private track(job: JobRecord, work: () => Promise<void>, maxRunMs?: number) {
    const done = this.heartbeat.add(job.id, job.leaseToken!, work, maxRunMs);
    done.finally(() => this.wake());
  }

  private async runJob(job: JobRecord) {
    const handler = this.handlers.get(job.type)!;
    const token = job.leaseToken!;
    const run: JobRun = {
      job,
      end: (result, write) => this.end(job, token, result, write),
      recordSession: async session => {
        if (!(await this.store.recordSession(job.id, token, session)))
          throw new Error(`job ${job.id} is no longer this backend's to run`);
      },
      holdsLease: () => this.heartbeat.holds(job.id, token),
    };
    try {
      await handler.run(run);
    } catch (error) {
      // Its handler cannot say how it ended: the reaper's next round treats it as abandoned.
      this.options.logger.error(
        `${job.type} job ${job.id} crashed, it will be reaped: ${error}`,
      );
      await this.store.expire(job.id, token).catch(() => undefined);
    }
  }

  private async end(
    job: JobRecord,
    token: string,
    result: JobEnd,
    write?: (trx: Knex.Transaction, next: JobNext) => Promise<void>,
  ): Promise<boolean> {
    let next: JobNext = 'succeeded';
    if (result.status === 'failed')
      next =
        result.retryable && job.attempts < job.maxAttempts
          ? 'queued'
          : 'failed';
    const retryDelayMs =
      result.status === 'failed' ? result.retryDelayMs ?? 0 : 0;
    const ended = await this.store.end(
      job.id,
      token,
      {
        next,
        error: result.status === 'failed' ? result.error : undefined,
        retryDelayMs,
      },
      write,
    );
    if (!ended)
      this.options.logger.warn(
        `${job.type} job ${job.id} lost its lease before it ended: its result was not recorded`,
      );
    else if (next === 'queued') this.wakeIn(retryDelayMs);
    return ended;
  }

  private async abandon(job: ExpiredJob) {
    const handler = this.handlers.get(job.type)!;
    const token = job.leaseToken!;
    const next = job.attempts < job.maxAttempts ? 'queued' : 'failed';
    this.options.logger.warn(
      `${job.type} job ${job.id}: the lease of ${
        job.previousOwner ?? 'its runner'
      } ran out; ${next === 'queued' ? 'queued again' : 'failing it'}`,
    );
    try {
      await handler.abandon({
        job,
        next,
        end: (error, write) =>
          this.store.end(job.id, token, { next, error }, write),
      });
    } catch (error) {
      // Not safe to end yet (e.g. the target cannot be reached): this lease runs out, another round retries.
      this.options.logger.warn(
        `${job.type} job ${job.id} could not be reaped yet: ${error}`,
      );
    }
  }

  private wakeIn(ms: number) {
    if (ms <= 0) return this.wake();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, ms);
    timer.unref();
    this.timers.add(timer);
    return undefined;
  }
}
