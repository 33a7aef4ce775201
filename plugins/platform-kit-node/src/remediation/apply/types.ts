import {
  Finding,
  PatchStep,
  RemediationPlan,
  StepOutcome,
} from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { GuardSettings } from '../renderPlan';

/** @public */
export type ApplyLogLevel = 'info' | 'warn' | 'error';

/** @public */
export interface ApplyPlanOptions {
  /** A read-write connection string to the target (never logged). */
  connectionString: string;
  plan: RemediationPlan;
  /** lock_timeout and statement_timeout of every statement (default DEFAULT_GUARDS). */
  guards?: GuardSettings;
  /** Retries after a lock timeout, of the transaction or of one CONCURRENTLY step (default 3). */
  lockRetries?: number;
  /** Wait before the first retry, doubled for each next one (default 500 ms). */
  backoffMs?: number;
  /** The target as a string (e.g. its entity ref): applies with the same key never run at once. */
  advisoryLockKey: string;
  /** How long to wait for another apply on the target (default 0: fail at once). */
  waitForLockMs?: number;
  /**
   * Run every finding's steps in one transaction that commits all or nothing
   * (default false: each finding in its own savepoint, so that one failing
   * finding is rolled back and reported while the others commit).
   */
  allOrNothing?: boolean;
  /** The caller's read-only re-scan of the target, for the verification. */
  rescan: () => Promise<Finding[]>;
  /** Progress: a line per step (id, risk, duration), lock waits, retries, the verification. */
  onLog?: (level: ApplyLogLevel, message: string) => void;
  /**
   * The apply's session on the target, told once it is connected and before
   * anything runs; awaited. A caller that runs applies for others records it,
   * so that it can end the session (`pg_terminate_backend`, when pid and
   * start still match) if it loses track of the apply. When it rejects,
   * nothing runs and the apply fails.
   */
  onSession?: (session: ApplySession) => Promise<void>;
}

/**
 * A session on the target database: `pg_backend_pid()` and its
 * `pg_stat_activity.backend_start` (UTC, microseconds, ISO 8601). A pid is
 * reused by later sessions; the two together name one session.
 *
 * @public
 */
export interface ApplySession {
  pid: number;
  backendStart: string;
}

/** @public */
export const DEFAULT_LOCK_RETRIES = 3;
/** @public */
export const DEFAULT_BACKOFF_MS = 500;

/** What the phases of an apply share (internal). */
export interface ApplyContext {
  /** The dedicated read-write connection, holding the advisory lock. */
  client: Client;
  guards: GuardSettings;
  lockRetries: number;
  backoffMs: number;
  /** An error as one secret-free line. */
  message: (error: unknown) => string;
  log: (level: ApplyLogLevel, message: string) => void;
}

/** A step of the plan with its outcome so far (internal). */
export interface StepRun {
  step: PatchStep;
  outcome: StepOutcome;
}

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));
