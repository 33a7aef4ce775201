import {
  ApplyOutcome,
  RemediationJob as ApiRemediationJob,
} from '@platform-kit/plugin-platform-kit-common';
import { Knex } from 'knex';
import { ScanRecord, ScanStatus } from './OpsStore';
import { iso, isoOrNull } from './rowValues';

export type JobType = 'scan' | 'remediation';

/** A remediation plan whose apply was started, seen as a job (the REST contract's type, with the engine's outcome). */
export type RemediationJob = Omit<ApiRemediationJob, 'outcome'> & {
  outcome: ApplyOutcome | null;
};

export type Job = ({ type: 'scan' } & ScanRecord) | RemediationJob;

export interface JobFilter {
  type?: JobType;
  status?: ScanStatus;
  /** Entity refs the caller may see; undefined for all. */
  visible?: string[];
  limit: number;
  offset: number;
}

/** Plan statuses that make a plan a job, by job status. */
const PLAN_STATUSES_OF_JOB: Record<ScanStatus, string[] | null> = {
  queued: null, // an apply starts right away: never queued
  running: ['applying'],
  succeeded: ['applied'],
  // A partial apply did not do all it was asked to: it failed, with some findings committed.
  failed: ['failed', 'partial'],
};

const JOB_STATUS_OF_PLAN: Record<
  RemediationJob['planStatus'],
  RemediationJob['status']
> = {
  applying: 'running',
  applied: 'succeeded',
  partial: 'failed',
  failed: 'failed',
};

// Both kinds as (type, id, at, row): one ordered, paged list across scans and applies.
const SCANS = `
  SELECT 'scan' AS type, s.id, s.queued_at AS at,
         jsonb_build_object('id', s.id, 'target_id', s.target_id, 'entity_ref', t.entity_ref,
           'status', s.status, 'attempts', s.attempts, 'requested_by', s.requested_by,
           'queued_at', s.queued_at, 'started_at', s.started_at, 'finished_at', s.finished_at,
           'error', s.error, 'logs', s.logs) AS row
    FROM ops.scans s JOIN ops.targets t ON t.id = s.target_id
   WHERE (?::text IS NULL OR s.status = ?)
     AND (?::text[] IS NULL OR t.entity_ref = ANY(?::text[]))`;
const APPLIES = `
  SELECT 'remediation' AS type, p.id, p.started_at AS at,
         jsonb_build_object('id', p.id, 'entity_ref', p.entity_ref, 'status', p.status,
           'attempts', p.apply_attempts, 'applied_by', p.applied_by, 'started_at', p.started_at,
           'finished_at', p.finished_at, 'error', p.error, 'logs', p.logs, 'dry_run', p.dry_run,
           'patches', coalesce(jsonb_array_length(p.plan->'patches'), 0), 'sql', p.sql,
           'outcome', p.outcome) AS row
    FROM ops.remediation_plans p
   WHERE p.status IN ('applying', 'applied', 'partial', 'failed') AND p.started_at IS NOT NULL
     AND (?::text[] IS NULL OR p.status = ANY(?::text[]))
     AND (?::text[] IS NULL OR p.entity_ref = ANY(?::text[]))`;

function toJob(type: JobType, r: Record<string, any>): Job {
  if (type === 'scan') {
    return {
      type,
      id: r.id,
      targetId: r.target_id,
      entityRef: r.entity_ref,
      status: r.status,
      attempts: r.attempts,
      requestedBy: r.requested_by,
      queuedAt: iso(r.queued_at),
      startedAt: isoOrNull(r.started_at),
      finishedAt: isoOrNull(r.finished_at),
      error: r.error,
      logs: r.logs,
    };
  }
  const planStatus = r.status as RemediationJob['planStatus'];
  return {
    type,
    id: r.id,
    entityRef: r.entity_ref,
    status: JOB_STATUS_OF_PLAN[planStatus],
    planStatus,
    attempts: r.attempts,
    requestedBy: r.applied_by,
    queuedAt: iso(r.started_at),
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
    error: r.error,
    logs: r.logs,
    dryRun: r.dry_run,
    patches: r.patches,
    sql: r.sql ?? '',
    outcome: r.outcome,
  };
}

/** Scans and remediation applies, newest first, in one query for the page (with the total). */
export async function listJobs(
  knex: Knex,
  filter: JobFilter,
): Promise<{ items: Job[]; total: number }> {
  const visible = filter.visible ?? null;
  const scanStatus = filter.status ?? null;
  const planStatus = filter.status ? PLAN_STATUSES_OF_JOB[filter.status] : null;
  const parts: string[] = [];
  const params: Knex.RawBinding[] = [];
  if (filter.type !== 'remediation') {
    parts.push(SCANS);
    params.push(scanStatus, scanStatus, visible, visible);
  }
  // Applies are never queued: a queued filter leaves them out.
  if (filter.type !== 'scan' && !(filter.status && !planStatus)) {
    parts.push(APPLIES);
    params.push(planStatus, planStatus, visible, visible);
  }
  if (!parts.length) return { items: [], total: 0 };
  const jobs = `(${parts.join(' UNION ALL ')}) jobs`;
  const { rows } = await knex.raw(
    `SELECT type, row, count(*) OVER () AS total FROM ${jobs}
      ORDER BY at DESC, id LIMIT ? OFFSET ?`,
    [...params, filter.limit, filter.offset],
  );
  const items = rows.map((r: { type: JobType; row: Record<string, any> }) =>
    toJob(r.type, r.row),
  );
  if (rows.length > 0 || filter.offset === 0)
    return { items, total: rows.length ? Number(rows[0].total) : 0 };
  // A page past the end still reports how many jobs there are.
  const count = await knex.raw(
    `SELECT count(*)::int AS n FROM ${jobs}`,
    params,
  );
  return { items, total: count.rows[0].n as number };
}
