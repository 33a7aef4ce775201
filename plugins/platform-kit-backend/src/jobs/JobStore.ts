import { Knex } from 'knex';
import { EndWrite, JobNext, JobRecord, NewJob, TargetSession } from './types';
import { isoOrNull } from '../store/rowValues';

function toJob(r: Record<string, any>): JobRecord {
  return {
    id: r.id,
    projectId: r.project_id,
    type: r.type,
    subjectId: r.subject_id,
    targetId: r.target_id,
    serialKey: r.serial_key,
    status: r.status,
    payload: r.payload ?? {},
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    leaseOwner: r.lease_owner,
    leaseToken: r.lease_token,
    leaseExpiresAt: isoOrNull(r.lease_expires_at),
    targetSession: r.target_session,
    error: r.error,
  };
}

/** A job taken over by a reaper, with the lease that ran out. */
export interface ExpiredJob extends JobRecord {
  previousOwner: string | null;
}

const SERIAL_CONFLICT = '23505';

/**
 * `ops.jobs`: enqueue, claim due jobs (`FOR UPDATE SKIP LOCKED`, one running
 * job per serial key), renew leases, take over expired ones, and end runs
 * fenced by their lease token: a run that lost its lease writes nothing.
 */
export class JobStore {
  constructor(private readonly knex: Knex) {}

  async enqueue(job: NewJob, trx: Knex | Knex.Transaction = this.knex) {
    const { rows } = await trx.raw(
      `INSERT INTO ops.jobs (project_id, type, subject_id, target_id, serial_key, payload, max_attempts)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        job.projectId,
        job.type,
        job.subjectId ?? null,
        job.targetId ?? null,
        job.serialKey ?? null,
        JSON.stringify(job.payload ?? {}),
        job.maxAttempts ?? 1,
      ],
    );
    return rows[0].id as string;
  }

  /**
   * Enqueues many jobs in one statement (the planner's batches);
   * `skipPending` leaves out jobs whose serial key has one queued or running.
   */
  async enqueueMany(
    jobs: NewJob[],
    trx: Knex | Knex.Transaction = this.knex,
    options: { skipPending?: boolean } = {},
  ): Promise<void> {
    if (!jobs.length) return;
    await trx.raw(
      `INSERT INTO ops.jobs (project_id, type, subject_id, target_id, serial_key, max_attempts, payload)
       SELECT * FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::jsonb[])
           AS n(project_id, type, subject_id, target_id, serial_key, max_attempts, payload)
        WHERE NOT ?::boolean OR NOT EXISTS (
          SELECT 1 FROM ops.jobs p WHERE p.serial_key = n.serial_key AND p.status IN ('queued', 'running'))`,
      [
        jobs.map(j => j.projectId),
        jobs.map(j => j.type),
        jobs.map(j => j.subjectId ?? null),
        jobs.map(j => j.targetId ?? null),
        jobs.map(j => j.serialKey ?? null),
        jobs.map(j => j.maxAttempts ?? 1),
        jobs.map(j => JSON.stringify(j.payload ?? {})),
        options.skipPending ?? false,
      ] as Knex.RawBinding[],
    );
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const { rows } = await this.knex.raw(
      'SELECT * FROM ops.jobs WHERE id = ?',
      [id],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** The latest job of a subject (a scan, a plan). */
  async ofSubject(subjectId: string): Promise<JobRecord | undefined> {
    const { rows } = await this.knex.raw(
      'SELECT * FROM ops.jobs WHERE subject_id = ? ORDER BY created_at DESC LIMIT 1',
      [subjectId],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /**
   * Claims up to `limit` due jobs of these types for `owner`, oldest first,
   * skipping rows other replicas are claiming and jobs whose serial key has a
   * running job. Each claim counts an attempt and gets a fresh lease token.
   */
  async claim(
    owner: string,
    types: string[],
    limit: number,
    leaseMs: number,
  ): Promise<JobRecord[]> {
    if (!types.length || limit < 1) return [];
    try {
      const { rows } = await this.knex.raw(
        `WITH candidates AS (
           SELECT j.id, j.serial_key, j.run_at, j.created_at FROM ops.jobs j
            WHERE j.status = 'queued' AND j.run_at <= now() AND j.type = ANY(?::text[])
              AND (j.serial_key IS NULL OR NOT EXISTS (
                    SELECT 1 FROM ops.jobs r WHERE r.serial_key = j.serial_key AND r.status = 'running'))
            ORDER BY j.run_at, j.created_at
            LIMIT ? FOR UPDATE OF j SKIP LOCKED
         ), one_per_key AS (
           SELECT DISTINCT ON (coalesce(serial_key, id::text)) id, run_at, created_at FROM candidates
            ORDER BY coalesce(serial_key, id::text), run_at, created_at
         ), picked AS (
           SELECT id FROM one_per_key ORDER BY run_at, created_at LIMIT ?
         )
         UPDATE ops.jobs j
            SET status = 'running', attempts = j.attempts + 1, lease_owner = ?,
                lease_token = gen_random_uuid(), lease_expires_at = now() + make_interval(secs => ?),
                heartbeat_at = now(), started_at = now(), target_session = NULL
           FROM picked WHERE j.id = picked.id
         RETURNING j.*`,
        [types, limit, limit, owner, leaseMs / 1000],
      );
      return rows.map(toJob);
    } catch (error) {
      // Another replica claimed a job of the same serial key at the same moment: next round.
      if ((error as { code?: string }).code === SERIAL_CONFLICT) return [];
      throw error;
    }
  }

  /** Extends the leases still held by these runs; resolves to the tokens that still hold. */
  async renew(
    runs: { id: string; token: string }[],
    leaseMs: number,
  ): Promise<Set<string>> {
    if (!runs.length) return new Set();
    const { rows } = await this.knex.raw(
      `UPDATE ops.jobs j SET lease_expires_at = now() + make_interval(secs => ?), heartbeat_at = now()
         FROM unnest(?::uuid[], ?::uuid[]) AS r(id, token)
        WHERE j.id = r.id AND j.lease_token = r.token AND j.status = 'running'
        RETURNING j.lease_token`,
      [leaseMs / 1000, runs.map(r => r.id), runs.map(r => r.token)],
    );
    return new Set(rows.map((r: { lease_token: string }) => r.lease_token));
  }

  /** Takes over running jobs whose lease ran out (skipping ones another reaper holds). */
  async takeOverExpired(
    owner: string,
    types: string[],
    limit: number,
    leaseMs: number,
  ): Promise<ExpiredJob[]> {
    if (!types.length) return [];
    const { rows } = await this.knex.raw(
      `WITH expired AS (
         SELECT id, lease_owner AS previous_owner FROM ops.jobs
          WHERE status = 'running' AND lease_expires_at < now() AND type = ANY(?::text[])
          ORDER BY lease_expires_at LIMIT ? FOR UPDATE SKIP LOCKED
       )
       UPDATE ops.jobs j
          SET lease_owner = ?, lease_token = gen_random_uuid(),
              lease_expires_at = now() + make_interval(secs => ?), heartbeat_at = now()
         FROM expired WHERE j.id = expired.id
       RETURNING j.*, expired.previous_owner`,
      [types, limit, owner, leaseMs / 1000],
    );
    return rows.map((r: Record<string, any>) => ({
      ...toJob(r),
      previousOwner: r.previous_owner,
    }));
  }

  /**
   * Ends a run holding `token`: locks the job, checks the token, runs `write`
   * and moves the job to `next` in one transaction. False (nothing written)
   * when the token no longer holds the job.
   */
  async end(
    jobId: string,
    token: string,
    outcome: { next: JobNext; error?: string; retryDelayMs?: number },
    write?: EndWrite,
  ): Promise<boolean> {
    const queued = outcome.next === 'queued';
    const update = (db: Knex | Knex.Transaction) =>
      db.raw(
        `UPDATE ops.jobs
            SET status = ?, error = ?, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                run_at = CASE WHEN ? THEN now() + make_interval(secs => ?) ELSE run_at END,
                finished_at = CASE WHEN ? THEN NULL ELSE now() END
          WHERE id = ? AND lease_token = ? AND status = 'running'`,
        [
          outcome.next,
          outcome.error ?? null,
          queued,
          (outcome.retryDelayMs ?? 0) / 1000,
          queued,
          jobId,
          token,
        ],
      );
    // Nothing else to write: the fenced UPDATE alone.
    if (!write) return (await update(this.knex)).rowCount > 0;
    return this.knex.transaction(async trx => {
      // The job first (the reaper locks it first too), then the handler's rows.
      const { rows } = await trx.raw(
        `SELECT 1 FROM ops.jobs WHERE id = ? AND lease_token = ? AND status = 'running' FOR UPDATE`,
        [jobId, token],
      );
      if (!rows.length) return false;
      await write(trx, outcome.next);
      await update(trx);
      return true;
    });
  }

  /** Records a run's target session; false when its token no longer holds the job. */
  async recordSession(
    jobId: string,
    token: string,
    session: TargetSession,
  ): Promise<boolean> {
    const { rowCount } = await this.knex.raw(
      `UPDATE ops.jobs SET target_session = ? WHERE id = ? AND lease_token = ? AND status = 'running'`,
      [JSON.stringify(session), jobId, token],
    );
    return rowCount > 0;
  }

  /** Lets a run's lease run out now (its runner crashed): the next reaper round handles it. */
  async expire(jobId: string, token: string): Promise<void> {
    await this.knex.raw(
      `UPDATE ops.jobs SET lease_expires_at = now() - interval '1 second'
        WHERE id = ? AND lease_token = ? AND status = 'running'`,
      [jobId, token],
    );
  }

  /** Deletes jobs finished more than `days` ago (their scans and plans stay); resolves to how many. */
  async prune(days: number, limit = 10_000): Promise<number> {
    const { rowCount } = await this.knex.raw(
      `DELETE FROM ops.jobs WHERE id IN (
         SELECT id FROM ops.jobs WHERE status IN ('succeeded', 'failed')
            AND finished_at < now() - make_interval(secs => ?) LIMIT ?)`,
      [days * 86_400, limit],
    );
    return rowCount;
  }
}
