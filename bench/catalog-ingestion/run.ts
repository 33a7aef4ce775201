/**
 * Benchmark of the catalog ingestion of connector inventory: 20,000 items
 * (n8n workflows, Superset datasets/charts/dashboards, Odoo modules/models,
 * with relations) as full mutations through the real catalog on PostgreSQL,
 * against the floor measured in the same run: building the same entity
 * objects with the module's mapping functions only.
 *
 *   ./kit bench:catalog-ingestion
 *
 * Each repetition runs the floor and then the catalog in fresh child
 * processes (so that their memory figures are their own), the catalog on a
 * fresh database. Environment: BENCH_REPETITIONS (3), BENCH_SCALE (1 =
 * 20,000 items), BENCH_TIMEOUT_SECONDS (600, per mutation),
 * PLATFORM_KIT_PG_URL (an existing server instead of the embedded one).
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
} from '@platform-kit/devtools';
import type { CatalogResult } from './catalog';
import type { FloorResult } from './floor';
import { benchInventories, entityCount, itemCount } from './inventory';

const root = path.resolve(__dirname, '../..');
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number`);
  return value;
};
const REPETITIONS = num('BENCH_REPETITIONS', 3);
const SCALE = num('BENCH_SCALE', 1);
const TIMEOUT_MS = num('BENCH_TIMEOUT_SECONDS', 600) * 1000;

type Job =
  | { role: 'floor'; scale: number }
  | { role: 'catalog'; scale: number; dbUrl: string; timeoutMs: number };

/** Runs one measurement in a fresh process (with --expose-gc). */
function inChild<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      env: { ...process.env, BENCH_ROLE: job.role },
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (m: { result?: T; error?: string }) => {
      settled = true;
      if (m.error) reject(new Error(`${job.role} process: ${m.error}`));
      else resolve(m.result as T);
    });
    child.on('exit', code => {
      if (!settled) reject(new Error(`${job.role} process exited ${code}`));
    });
    child.send(job);
  });
}

if (process.env.BENCH_ROLE) {
  process.once('message', async (job: Job) => {
    try {
      const result =
        job.role === 'floor'
          ? await (await import('./floor')).runFloor(job.scale)
          : await (
              await import('./catalog')
            ).runCatalog(job.scale, job.dbUrl, job.timeoutMs);
      process.send!({ result }, () => process.exit(0));
    } catch (error) {
      process.send!({ error: String((error as Error)?.stack ?? error) }, () =>
        process.exit(1),
      );
    }
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (v: number, digits = 1) => v.toFixed(digits);

async function main() {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const inventories = benchInventories(SCALE);
  const items = itemCount(inventories);
  const entities = entityCount(inventories);
  const pg = await ensurePostgres({
    dataDir: path.join(root, '.data', 'bench-catalog-ingestion-pg'),
  });
  log(
    `PostgreSQL ${pg.majorVersion}${
      pg.embedded ? ' (embedded)' : ''
    }; ${items} items -> ${entities} entities; ${REPETITIONS} repetitions`,
  );
  const floors: FloorResult[] = [];
  const catalogs: CatalogResult[] = [];
  try {
    for (let rep = 1; rep <= REPETITIONS; rep++) {
      const floor = await inChild<FloorResult>({ role: 'floor', scale: SCALE });
      if (floor.entities !== entities)
        throw new Error(
          `floor built ${floor.entities} entities, expected ${entities}`,
        );
      floors.push(floor);
      log(
        `#${rep} floor: ${fmt(floor.ms)} ms, max RSS ${
          floor.memory.maxRssMb
        } MB`,
      );
      const database = `bench_catalog_ingestion_${process.pid}_${rep}`;
      const dbUrl = await createDatabase(pg.adminUrl, database, {
        replace: true,
      });
      try {
        const catalog = await inChild<CatalogResult>({
          role: 'catalog',
          scale: SCALE,
          dbUrl,
          timeoutMs: TIMEOUT_MS,
        });
        if (catalog.apiTotal !== entities)
          throw new Error(
            `the catalog API lists ${catalog.apiTotal} entities, expected ${entities}`,
          );
        if (catalog.dashboardDependsOn < 2)
          throw new Error(
            `a dashboard has ${catalog.dashboardDependsOn} dependsOn relations in the catalog`,
          );
        catalogs.push(catalog);
        log(
          `#${rep} catalog: ${catalog.phases
            .map(
              p =>
                `${p.phase} ${fmt(p.processedMs / 1000, 2)} s (apply ${fmt(
                  p.applyMs,
                )} ms)`,
            )
            .join(', ')}; max RSS ${
            catalog.phases[catalog.phases.length - 1].memory.maxRssMb
          } MB`,
        );
      } finally {
        await dropDatabase(pg.adminUrl, database).catch(() => undefined);
      }
    }
  } finally {
    await pg.stop();
  }

  const floorMs = median(floors.map(f => f.ms));
  const floorRss = median(floors.map(f => f.memory.maxRssMb));
  const floorHeap = median(floors.map(f => f.memory.heapGrowthMb));
  const phaseNames = catalogs[0].phases.map(p => p.phase);
  const rows = phaseNames.map(phase => {
    const of = (pick: (p: CatalogResult['phases'][number]) => number) =>
      median(catalogs.map(c => pick(c.phases.find(p => p.phase === phase)!)));
    return {
      phase,
      processedMs: of(p => p.processedMs),
      applyMs: of(p => p.applyMs),
      heapGrowthMb: of(p => p.memory.heapGrowthMb),
      maxRssMb: of(p => p.memory.maxRssMb),
      runsMs: catalogs.map(c =>
        Math.round(c.phases.find(p => p.phase === phase)!.processedMs),
      ),
    };
  });
  const out = [
    '',
    `Catalog ingestion of ${items} connector items (${entities} entities), median of ${REPETITIONS}; ` +
      `times from the providers' refresh until every entity is stitched and readable; ` +
      `memory of the measuring process (PostgreSQL not included)`,
    '',
    '| run | time | vs floor | refresh + applyMutation | heap growth | max RSS | RSS vs floor | runs (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| floor (mapping only) | ${fmt(
      floorMs,
    )} ms | 1x | — | ${floorHeap} MB | ${floorRss} MB | 1x | ${floors
      .map(f => Math.round(f.ms))
      .join(', ')} |`,
    ...rows.map(
      r =>
        `| catalog, ${r.phase} | ${fmt(r.processedMs / 1000, 2)} s | ${fmt(
          r.processedMs / floorMs,
          0,
        )}x | ${fmt(r.applyMs)} ms | ${r.heapGrowthMb} MB | ${
          r.maxRssMb
        } MB | ${fmt(r.maxRssMb / floorRss, 2)}x | ${r.runsMs.join(', ')} |`,
    ),
    '',
  ];
  process.stdout.write(out.join('\n'));
  process.stdout.write(
    `${JSON.stringify({
      bench: 'catalog-ingestion',
      items,
      entities,
      repetitions: REPETITIONS,
      cpus: os.cpus().length,
      postgres: pg.majorVersion,
      floor: {
        ms: floorMs,
        maxRssMb: floorRss,
        heapGrowthMb: floorHeap,
        runs: floors,
      },
      catalog: rows,
    })}\n`,
  );
}

if (!process.env.BENCH_ROLE) {
  main().catch(error => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
