import { CronTime } from 'cron';
import { Knex } from 'knex';
import { Duration } from 'luxon';
import { DueSchedule } from './types';

/**
 * When a schedule (a cron expression, or an ISO-8601 duration such as
 * `PT6H`) runs next after `from`. Cron expressions are read as Backstage's
 * scheduler reads them (the `cron` package, the backend's time zone).
 */
export function nextRunAt(schedule: string, from: Date): Date {
  if (schedule.startsWith('P')) {
    const ms = Duration.fromISO(schedule).as('milliseconds');
    if (!(ms >= 1000)) throw new Error(`invalid schedule ${schedule}`);
    return new Date(from.getTime() + ms);
  }
  return new CronTime(schedule).getNextDateFrom(from).toJSDate();
}

/** The first run of a new schedule: at once for a duration (as Backstage's scheduler does), else its next time. */
export function firstRunAt(schedule: string, now: Date): Date {
  return schedule.startsWith('P') ? now : nextRunAt(schedule, now);
}

/**
 * `ops.job_schedules`: when each target's scheduled work of a type is due.
 * One planner (any replica) enqueues what is due; no task per target.
 */
export class JobSchedules {
  constructor(private readonly knex: Knex) {}

  /**
   * Schedules a target's work; a changed schedule starts over from now, an
   * unchanged one keeps its time. `runNow` makes a new schedule's first run
   * due at once whatever the schedule (e.g. a first contract run).
   */
  async set(s: {
    projectId: string;
    type: string;
    targetId: string;
    schedule: string;
    runNow?: boolean;
  }): Promise<void> {
    const now = new Date();
    await this.knex.raw(
      `INSERT INTO ops.job_schedules (project_id, type, target_id, schedule, next_run_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (type, target_id) DO UPDATE
         SET schedule = EXCLUDED.schedule, next_run_at = EXCLUDED.next_run_at, updated_at = now()
         WHERE ops.job_schedules.schedule IS DISTINCT FROM EXCLUDED.schedule`,
      [
        s.projectId,
        s.type,
        s.targetId,
        s.schedule,
        s.runNow ? now : firstRunAt(s.schedule, now),
      ],
    );
  }

  async remove(type: string, targetId: string): Promise<void> {
    await this.knex.raw(
      'DELETE FROM ops.job_schedules WHERE type = ? AND target_id = ?',
      [type, targetId],
    );
  }

  /** Removes the schedule of a type of the target of an entity in a project. */
  async removeOfEntity(
    projectId: string,
    type: string,
    entityRef: string,
  ): Promise<void> {
    await this.knex.raw(
      `DELETE FROM ops.job_schedules s USING ops.targets t
        WHERE s.target_id = t.id AND t.project_id = ? AND t.entity_ref = ? AND s.type = ?`,
      [projectId, entityRef, type],
    );
  }

  /**
   * Removes a type's schedules of configured targets (not discovered ones)
   * of a project other than `keep`: targets taken out of the config.
   */
  async removeConfiguredExcept(
    projectId: string,
    type: string,
    keep: string[],
  ): Promise<number> {
    const { rowCount } = await this.knex.raw(
      `DELETE FROM ops.job_schedules s USING ops.targets t
        WHERE s.target_id = t.id AND s.project_id = ? AND s.type = ?
          AND NOT (s.target_id = ANY(?::uuid[]))
          AND NOT coalesce((t.settings->>'discovered')::boolean, false)`,
      [projectId, type, keep],
    );
    return rowCount;
  }

  /**
   * Takes up to `limit` due schedules of a type (skipping ones another
   * planner holds), hands them to `enqueue` and moves each on to its next
   * time, in one transaction. Resolves to how many were due.
   */
  async planDue(
    type: string,
    limit: number,
    enqueue: (
      trx: Knex.Transaction,
      due: DueSchedule[],
    ) => Promise<void | (() => void)>,
  ): Promise<number> {
    const after: { committed?: void | (() => void) } = {};
    const n = await this.knex.transaction(async trx => {
      const { rows } = await trx.raw(
        `SELECT project_id, target_id, schedule FROM ops.job_schedules
          WHERE type = ? AND next_run_at <= now()
          ORDER BY next_run_at LIMIT ? FOR UPDATE SKIP LOCKED`,
        [type, limit],
      );
      if (!rows.length) return 0;
      const now = new Date();
      const next = rows.map((r: { schedule: string }) => {
        try {
          return nextRunAt(r.schedule, now);
        } catch {
          // Not a schedule this release reads: looked at again in a day.
          return new Date(now.getTime() + 86_400_000);
        }
      });
      after.committed = await enqueue(
        trx,
        rows.map((r: { project_id: string; target_id: string }) => ({
          projectId: r.project_id,
          targetId: r.target_id,
        })),
      );
      await trx.raw(
        `UPDATE ops.job_schedules s SET next_run_at = n.next_run_at
           FROM unnest(?::uuid[], ?::timestamptz[]) AS n(target_id, next_run_at)
          WHERE s.type = ? AND s.target_id = n.target_id`,
        [rows.map((r: { target_id: string }) => r.target_id), next, type],
      );
      return rows.length as number;
    });
    if (after.committed) after.committed();
    return n;
  }
}
