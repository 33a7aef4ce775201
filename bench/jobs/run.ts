/**
 * Benchmark of the job mechanism (docs/jobs.md) at 10,000 targets, against a
 * floor measured in the same run:
 *
 *   ./kit tsx bench/jobs/run.ts
 *
 * 1. `plan`: 10,000 scan schedules due at once; the planner (the real scan
 *    handler) queues a scan and its job for each, in batches of 500.
 * 2. `drain`: the 10,000 queued jobs claimed and ended by BENCH_REPLICAS job
 *    workers (each its own knex pool of 10, concurrency BENCH_CONCURRENCY, a
 *    handler that ends each run at once): claim with FOR UPDATE SKIP LOCKED,
 *    lease, heartbeat, fenced end in a transaction. Floor: the same number of
 *    concurrent `pg` clients running a bare `UPDATE … FOR UPDATE SKIP LOCKED
 *    LIMIT n` claim and one `UPDATE … = ANY($1)` end per batch, on a fresh
 *    copy of the 10,000 jobs.
 * 3. `claim`: latency of one claim of 8 jobs with 10,000 queued (serial).
 *
 * Environment: BENCH_TARGETS (10000), BENCH_REPLICAS (4), BENCH_CONCURRENCY
 * (8), PLATFORM_KIT_PG_URL (an existing server instead of the embedded one).
 * Prints a table and a final JSON line.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  createDatabase,
  ensurePostgres,
  withClient,
} from '@platform-kit/devtools';
import { applyOpsMigrations } from '@platform-kit/plugin-platform-kit-node';
import { knex as createKnex, Knex } from 'knex';
import { Pool } from 'pg';
import { JobWorkers } from '../../plugins/platform-kit-backend/src/jobs/JobWorkers';
import { DEFAULT_JOB_SETTINGS } from '../../plugins/platform-kit-backend/src/jobs/jobSettings';
import { scanJobHandler } from '../../plugins/platform-kit-backend/src/jobs/scanJobs';
import { ParityService } from '../../plugins/platform-kit-backend/src/parity/ParityService';
import { ScanService } from '../../plugins/platform-kit-backend/src/scan/ScanService';
import { OpsStore } from '../../plugins/platform-kit-backend/src/store/OpsStore';

const root = path.resolve(__dirname, '../..');
const TARGETS = Number(process.env.BENCH_TARGETS ?? 10_000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** Warnings and errors are printed: a healthy run has none. */
const logger: LoggerService = {
  info: () => undefined,
  debug: () => undefined,
  warn: message => process.stderr.write(`warn: ${message}\n`),
  error: message => process.stderr.write(`error: ${message}\n`),
  child: () => logger,
};
const log = (s: string) => process.stderr.write(`${s}\n`);

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

async function count(knex: Knex, status: string) {
  const { rows } = await knex.raw(
    'SELECT count(*)::int AS n FROM ops.jobs WHERE status = ?',
    [status],
  );
  return rows[0].n as number;
}

async function seed(knex: Knex) {
  const { rows } = await knex.raw(
    `INSERT INTO ops.projects (slug, name) VALUES ('bench', 'bench') RETURNING id`,
  );
  const projectId = rows[0].id;
  await knex.raw(
    `INSERT INTO ops.targets (project_id, entity_ref, kind, name, schedule)
     SELECT ?, 'resource:default/db-' || g, 'supabase-project', 'db-' || g, '0 3 * * *'
       FROM generate_series(1, ?) g`,
    [projectId, TARGETS],
  );
  await knex.raw(
    `INSERT INTO ops.job_schedules (project_id, type, target_id, schedule, next_run_at)
     SELECT project_id, 'scan', id, '0 3 * * *', now() - interval '1 minute' FROM ops.targets`,
  );
  return projectId as string;
}

/** The planner with the real scan handler (its enqueue only needs the store and the attempts). */
async function plan(knex: Knex) {
  const workers = new JobWorkers({
    knex,
    logger,
    settings: DEFAULT_JOB_SETTINGS,
    ownerId: 'planner',
  });
  const store = new OpsStore(knex);
  workers.register(
    scanJobHandler({
      store,
      scans: new ScanService({
        store,
        logger,
        parity: {} as ParityService,
      }),
      jobs: workers.store,
      targetOf: async () => undefined,
    }),
  );
  const started = performance.now();
  const planned = await workers.plan();
  const ms = performance.now() - started;
  await workers.stop();
  return { planned, ms, queued: await count(knex, 'queued') };
}

/** Replicas of job workers drain the queue with a handler that ends each run at once. */
async function drain(url: string, knex: Knex) {
  const pools = Array.from({ length: REPLICAS }, () =>
    createKnex({ client: 'pg', connection: url, pool: { min: 0, max: 10 } }),
  );
  await knex.raw(`UPDATE ops.jobs SET type = 'bench'`);
  const workers = pools.map((pool, i) => {
    const w = new JobWorkers({
      knex: pool,
      logger,
      ownerId: `replica-${i}`,
      settings: {
        ...DEFAULT_JOB_SETTINGS,
        concurrency: CONCURRENCY,
        heartbeatMs: 1000,
      },
    });
    w.register({
      type: 'bench',
      run: async run => {
        await run.end({ status: 'succeeded' });
      },
      abandon: async () => undefined,
    });
    return w;
  });
  const started = performance.now();
  workers.forEach(w => w.wake());
  const total = await count(knex, 'queued');
  for (;;) {
    await new Promise(r => setTimeout(r, 100));
    // Rounds end when nothing is claimable: wake them as a poll would.
    workers.forEach(w => w.wake());
    if ((await count(knex, 'succeeded')) >= total) break;
  }
  const ms = performance.now() - started;
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS jobs, count(DISTINCT id)::int AS distinct_jobs,
            max(attempts)::int AS max_attempts FROM ops.jobs`,
  );
  for (const w of workers) await w.stop();
  for (const p of pools) await p.destroy();
  return { jobs: total, ms, perSecond: (total / ms) * 1000, ...rows[0] };
}

/** The floor: bare claim and end statements from as many concurrent pg clients. */
async function floor(url: string, knex: Knex) {
  await knex.raw(
    `UPDATE ops.jobs SET status = 'queued', attempts = 0, finished_at = NULL, lease_token = NULL, lease_owner = NULL`,
  );
  const pool = new Pool({ connectionString: url, max: REPLICAS * 10 });
  const total = await count(knex, 'queued');
  const started = performance.now();
  await Promise.all(
    Array.from({ length: REPLICAS * CONCURRENCY }, async () => {
      for (;;) {
        const { rows } = await pool.query(
          `UPDATE ops.jobs SET status = 'running' WHERE id IN (
             SELECT id FROM ops.jobs WHERE status = 'queued' ORDER BY run_at
              LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id`,
        );
        if (!rows.length) return;
        await pool.query(
          `UPDATE ops.jobs SET status = 'succeeded' WHERE id = ANY($1)`,
          [rows.map(r => r.id)],
        );
      }
    }),
  );
  const ms = performance.now() - started;
  await pool.end();
  return { jobs: total, ms, perSecond: (total / ms) * 1000 };
}

/**
 * One claim of 8 with the whole queue waiting, claimed and put back,
 * serially, on a vacuumed table (what autovacuum keeps it close to).
 */
async function claimLatency(knex: Knex) {
  await knex.raw(
    `UPDATE ops.jobs SET status = 'queued', attempts = 0, finished_at = NULL, lease_token = NULL, lease_owner = NULL`,
  );
  await knex.raw('VACUUM (ANALYZE) ops.jobs');
  const workers = new JobWorkers({
    knex,
    logger,
    settings: DEFAULT_JOB_SETTINGS,
    ownerId: 'latency',
  });
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    const claimed = await workers.store.claim('latency', ['bench'], 8, 60_000);
    times.push(performance.now() - started);
    await knex.raw(
      `UPDATE ops.jobs SET status = 'queued', lease_token = NULL WHERE id = ANY(?::uuid[])`,
      [claimed.map(j => j.id)],
    );
  }
  const renew: number[] = [];
  const held = await workers.store.claim('latency', ['bench'], 8, 60_000);
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await workers.store.renew(
      held.map(j => ({ id: j.id, token: j.leaseToken! })),
      60_000,
    );
    renew.push(performance.now() - started);
  }
  return {
    claimP50: pct(times, 0.5),
    claimP95: pct(times, 0.95),
    renewP50: pct(renew, 0.5),
    renewP95: pct(renew, 0.95),
  };
}

async function main() {
  const pg = await ensurePostgres({
    dataDir: path.join(root, '.data', 'bench-jobs-pg'),
  });
  const database = `bench_jobs_${process.pid}`;
  let knex: Knex | undefined;
  try {
    log(
      `PostgreSQL ${pg.majorVersion}${
        pg.embedded ? ' (embedded)' : ''
      }; ${TARGETS} targets, ${REPLICAS} replicas x ${CONCURRENCY}`,
    );
    const url = await createDatabase(pg.adminUrl, database);
    await withClient(url, c =>
      applyOpsMigrations(
        c,
        path.join(root, 'plugins', 'platform-kit-backend', 'migrations'),
      ),
    );
    knex = createKnex({
      client: 'pg',
      connection: url,
      pool: { min: 0, max: 10 },
    });
    await seed(knex);
    const planned = await plan(knex);
    log(
      `plan:  ${planned.planned} due schedules -> ${
        planned.queued
      } scans and jobs in ${planned.ms.toFixed(0)} ms`,
    );
    const drained = await drain(url, knex);
    log(
      `drain: ${
        drained.jobs
      } jobs by ${REPLICAS} replicas in ${drained.ms.toFixed(
        0,
      )} ms = ${drained.perSecond.toFixed(0)} jobs/s (each run once: ${
        drained.max_attempts === 1
      })`,
    );
    const bare = await floor(url, knex);
    log(
      `floor: ${bare.jobs} jobs by ${
        REPLICAS * CONCURRENCY
      } pg clients in ${bare.ms.toFixed(0)} ms = ${bare.perSecond.toFixed(
        0,
      )} jobs/s; the job workers reach ${(
        (drained.perSecond / bare.perSecond) *
        100
      ).toFixed(0)} % of it`,
    );
    const latency = await claimLatency(knex);
    log(
      `claim of 8 with ${TARGETS} queued: p50 ${latency.claimP50.toFixed(
        1,
      )} ms, p95 ${latency.claimP95.toFixed(
        1,
      )} ms; heartbeat of 8 leases: p50 ${latency.renewP50.toFixed(
        1,
      )} ms, p95 ${latency.renewP95.toFixed(1)} ms`,
    );
    process.stdout.write(
      `${JSON.stringify({
        postgres: pg.majorVersion,
        targets: TARGETS,
        replicas: REPLICAS,
        concurrency: CONCURRENCY,
        plan: planned,
        drain: drained,
        floor: bare,
        latency,
      })}\n`,
    );
  } finally {
    await knex?.destroy();
    await withClient(pg.adminUrl, c =>
      c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    ).catch(() => undefined);
    await pg.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
