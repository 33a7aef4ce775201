import { Knex } from 'knex';
import { z } from 'zod';

/** How many runs the store keeps per target; older ones are deleted when a run is recorded. */
export const CONTRACT_RUNS_KEPT = 100;

const resultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['pass', 'fail', 'skip']),
  durationMs: z.number().nonnegative(),
  error: z.string().optional(),
  evidence: z.record(z.string(), z.unknown()).default({}),
});

/** What a contract run records; the errors and evidence carry no secret. */
export const newContractRunSchema = z.object({
  projectId: z.uuid(),
  targetId: z.uuid(),
  jobId: z.uuid().optional(),
  status: z.enum(['passed', 'failed']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  summary: z.string(),
  results: z.array(resultSchema),
  error: z.string().optional(),
});
export type NewContractRun = z.input<typeof newContractRunSchema>;

/** One recorded run of a connector's contract suite. */
export interface ContractRun {
  id: string;
  targetId: string;
  jobId: string | null;
  status: 'passed' | 'failed';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: string;
  results: z.output<typeof resultSchema>[];
  error: string | null;
}

const COLUMNS = `id, target_id, job_id, status, started_at, finished_at, duration_ms, summary, results, error`;

const rowSchema = z.object({
  id: z.string(),
  target_id: z.string(),
  job_id: z.string().nullable(),
  status: z.enum(['passed', 'failed']),
  started_at: z.coerce.date(),
  finished_at: z.coerce.date(),
  duration_ms: z.number(),
  summary: z.string(),
  results: z.array(resultSchema),
  error: z.string().nullable(),
});

function toRun(row: unknown): ContractRun {
  const r = rowSchema.parse(row);
  return {
    id: r.id,
    targetId: r.target_id,
    jobId: r.job_id,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    durationMs: r.duration_ms,
    summary: r.summary,
    results: r.results,
    error: r.error,
  };
}

/** The recorded contract runs of connector targets (`ops.contract_runs`). */
export class ContractRunStore {
  constructor(private readonly knex: Knex) {}

  /** Records a run and keeps the newest {@link CONTRACT_RUNS_KEPT} of its target. */
  async record(input: NewContractRun): Promise<ContractRun> {
    const run = newContractRunSchema.parse(input);
    return this.knex.transaction(async trx => {
      const { rows } = await trx.raw(
        `INSERT INTO ops.contract_runs
           (project_id, target_id, job_id, status, started_at, finished_at, duration_ms, summary, results, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
         RETURNING ${COLUMNS}`,
        [
          run.projectId,
          run.targetId,
          run.jobId ?? null,
          run.status,
          run.startedAt,
          run.finishedAt,
          run.durationMs,
          run.summary,
          JSON.stringify(run.results),
          run.error ?? null,
        ],
      );
      await trx.raw(
        `DELETE FROM ops.contract_runs WHERE id IN (
           SELECT id FROM ops.contract_runs WHERE target_id = ?
            ORDER BY finished_at DESC, id DESC OFFSET ?)`,
        [run.targetId, CONTRACT_RUNS_KEPT],
      );
      return toRun(rows[0]);
    });
  }

  /** The target's latest run (by the time it finished), if it ever had one. */
  async latest(targetId: string): Promise<ContractRun | undefined> {
    return (await this.list(targetId, 1))[0];
  }

  /** The target's runs, newest first. */
  async list(targetId: string, limit = 20): Promise<ContractRun[]> {
    const { rows } = await this.knex.raw(
      `SELECT ${COLUMNS} FROM ops.contract_runs WHERE target_id = ?
        ORDER BY finished_at DESC, id DESC LIMIT ?`,
      [targetId, Math.max(1, Math.min(limit, CONTRACT_RUNS_KEPT))],
    );
    return rows.map(toRun);
  }
}
