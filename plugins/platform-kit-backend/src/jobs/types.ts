import { Knex } from 'knex';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where a job goes when a run ends: done, failed for good, or queued for another attempt. */
export type JobNext = 'succeeded' | 'failed' | 'queued';

/** A session on a target database (see `endApplySession` of the engine). */
export interface TargetSession {
  pid: number;
  backendStart: string;
}

/** A row of `ops.jobs`. */
export interface JobRecord {
  id: string;
  projectId: string;
  type: string;
  subjectId: string | null;
  targetId: string | null;
  serialKey: string | null;
  status: JobStatus;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseToken: string | null;
  leaseExpiresAt: string | null;
  targetSession: TargetSession | null;
  error: string | null;
}

/** A job to enqueue. */
export interface NewJob {
  projectId: string;
  type: string;
  subjectId?: string;
  targetId?: string;
  /** Jobs with the same key never run at once. */
  serialKey?: string;
  payload?: Record<string, unknown>;
  /** Runs before the job fails for good (default 1). */
  maxAttempts?: number;
}

/** How a run ended; a retryable failure is queued again while attempts are left. */
export type JobEnd =
  | { status: 'succeeded' }
  | {
      status: 'failed';
      error: string;
      retryable?: boolean;
      /** Wait before the next attempt (default 0). */
      retryDelayMs?: number;
    };

/** Writes of a handler, in the transaction that ends the job (the lease checked first). */
export type EndWrite = (trx: Knex.Transaction, next: JobNext) => Promise<void>;

/** One run of a claimed job, as its handler sees it. */
export interface JobRun {
  /** The job as claimed: `attempts` counts this run. */
  job: JobRecord;
  /**
   * Ends the run: `write` and the job's new state in one transaction, only
   * while this run still holds the job's lease. Resolves to false (nothing
   * written) when the lease was lost, e.g. reaped after a missed heartbeat.
   */
  end(result: JobEnd, write?: EndWrite): Promise<boolean>;
  /** Records the run's session on a target database; rejects when the lease was lost. */
  recordSession(session: TargetSession): Promise<void>;
  /** Whether this replica still holds the lease as far as it knows (false once a renewal is overdue). */
  holdsLease(): boolean;
}

/** A run whose lease ran out, taken over by a reaper. */
export interface AbandonedJob {
  /** The job as it was left: its session, how many attempts it had. */
  job: JobRecord;
  /** Queued for another attempt, or failed for good. */
  next: Exclude<JobNext, 'succeeded'>;
  /** Ends the job as `next` with `error`, `write` in the same transaction (the reaper's lease checked). */
  end(error: string, write?: EndWrite): Promise<boolean>;
}

/** A scheduled target whose time has come. */
export interface DueSchedule {
  projectId: string;
  targetId: string;
}

/** A job type: how its runs run, and what is done when one is abandoned. */
export interface JobHandler {
  readonly type: string;
  /**
   * How long a run may take before its lease is no longer renewed (the
   * reaper then takes it over as abandoned); default: no limit.
   */
  readonly maxRunMs?: number;
  /** Runs one attempt; ends it with `run.end`. A rejection is treated as an abandoned run. */
  run(run: JobRun): Promise<void>;
  /**
   * Makes an abandoned run harmless (e.g. ends its database session), then
   * ends it with `abandoned.end`. Rejects when it cannot yet: the reaper
   * tries again after another lease.
   */
  abandon(abandoned: AbandonedJob): Promise<void>;
  /**
   * Enqueues the work of due schedules of this type, in the planner's
   * transaction; may resolve to what to do once it is committed.
   */
  enqueueScheduled?(
    trx: Knex.Transaction,
    due: DueSchedule[],
  ): Promise<void | (() => void)>;
}
