/**
 * Benchmark of `platform-kit db lint` on a large Supabase-like project against
 * the floor: the same catalog queries run by psql in the same run.
 *
 *   ./kit bench:db-lint            (needs psql on PATH; apt-get install postgresql-client)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applySupabaseFixture,
  createDatabase,
  ensurePostgres,
  withClient,
} from '@platform-kit/devtools';
import * as queries from '../../plugins/platform-kit-node/src/introspection/queries';
import { generateLargeProject, SIZE } from './generate';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(__dirname, '../..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall seconds and peak RSS (MB) of a command, from GNU time. */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  if (!Number.isFinite(seconds))
    throw new Error(`could not time ${command}: ${result.stderr.slice(-500)}`);
  return { seconds, rssMb: kb / 1024, status: result.status };
}

function floorSql(): string {
  const kinds = [
    queries.SERVER_SQL,
    queries.SCHEMAS_SQL,
    queries.RELATIONS_SQL,
    queries.COLUMNS_SQL,
    queries.INDEXES_SQL,
    queries.CONSTRAINTS_SQL,
    queries.POLICIES_SQL,
    queries.FUNCTIONS_SQL,
    queries.EXTENSIONS_SQL,
    queries.ROLES_SQL,
    queries.TABLE_PRIVILEGES_SQL,
    queries.COLUMN_PRIVILEGES_SQL,
    queries.FUNCTION_PRIVILEGES_SQL,
    queries.VIEW_DEPENDENCIES_SQL,
    queries.STORAGE_BUCKETS_SQL,
  ];
  return [
    'BEGIN TRANSACTION READ ONLY;',
    'SET LOCAL statement_timeout = 30000;',
    "SET LOCAL search_path = '';",
    ...kinds.map(q => `${q.trim()};`),
    'COMMIT;',
  ].join('\n');
}

async function main() {
  if (spawnSync('psql', ['--version']).status !== 0) {
    throw new Error(
      'psql is needed for the floor measurement: apt-get install postgresql-client',
    );
  }
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const pg = await ensurePostgres({
    dataDir: path.join(root, '.data', 'bench-pg'),
  });
  try {
    log(
      `PostgreSQL ${pg.majorVersion}; generating ${
        SIZE.schemas * SIZE.tablesPerSchema
      } tables...`,
    );
    const t0 = Date.now();
    const url = await createDatabase(pg.adminUrl, `bench_${process.pid}`);
    await applySupabaseFixture(url);
    await generateLargeProject(url, log);
    const counts = await withClient(
      url,
      async c =>
        (
          await c.query(`select
          (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname like 'app\\_%' and c.relkind = 'r')::int as tables,
          (select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname like 'app\\_%' and c.relkind = 'r' and a.attnum > 0)::int as columns,
          (select count(*) from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname like 'app\\_%')::int as indexes,
          (select count(*) from pg_policy)::int as policies,
          (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname like 'app\\_%')::int as functions,
          (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname like 'app\\_%' and c.relkind = 'v')::int as views`)
        ).rows[0],
    );
    log(
      `generated in ${((Date.now() - t0) / 1000).toFixed(
        1,
      )} s: ${JSON.stringify(counts)}`,
    );

    const sqlFile = path.join(os.tmpdir(), `pk-bench-floor-${process.pid}.sql`);
    fs.writeFileSync(sqlFile, floorSql());
    const cli = path.join(root, 'packages', 'cli', 'bin', 'platform-kit');
    const floor: number[] = [];
    const ours: number[] = [];
    const rss: number[] = [];
    const startup: number[] = [];
    let findings = 0;
    for (let i = 0; i < RUNS; i++) {
      floor.push(
        timed('psql', [
          '-X',
          '-q',
          '-A',
          '-t',
          '-o',
          '/dev/null',
          '-v',
          'ON_ERROR_STOP=1',
          '-f',
          sqlFile,
          url,
        ]).seconds,
      );
      const run = timed(process.execPath, [
        cli,
        'db',
        'lint',
        '--db',
        url,
        '--format',
        'json',
        '--fail-on',
        'none',
      ]);
      if (run.status !== 0)
        throw new Error(`platform-kit db lint exited ${run.status}`);
      ours.push(run.seconds);
      rss.push(run.rssMb);
      startup.push(timed(process.execPath, [cli, '--version']).seconds);
    }
    findings = JSON.parse(
      execFileSync(
        process.execPath,
        [
          cli,
          'db',
          'lint',
          '--db',
          url,
          '--format',
          'json',
          '--fail-on',
          'none',
        ],
        {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
        },
      ),
    ).length;
    const result = {
      size: counts,
      runs: RUNS,
      floorPsqlSeconds: median(floor),
      dbLintSeconds: median(ours),
      ratio: median(ours) / median(floor),
      cliStartupSeconds: median(startup),
      ratioWithoutStartup: (median(ours) - median(startup)) / median(floor),
      peakRssMb: Math.max(...rss),
      findings,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    log(
      `db lint ${result.dbLintSeconds.toFixed(
        2,
      )} s vs psql floor ${result.floorPsqlSeconds.toFixed(
        2,
      )} s: ratio ${result.ratio.toFixed(2)}x ` +
        `(${result.ratioWithoutStartup.toFixed(
          2,
        )}x without ${result.cliStartupSeconds.toFixed(
          2,
        )} s CLI start-up); peak RSS ${result.peakRssMb.toFixed(
          0,
        )} MB; ${findings} findings`,
    );
    await withClient(pg.adminUrl, c =>
      c.query(`DROP DATABASE bench_${process.pid} WITH (FORCE)`),
    );
  } finally {
    await pg.stop();
  }
}

main().catch(error => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
