/**
 * Benchmark of `GET /api/platform-kit/scorecards` on 10,000 entities with 90
 * days of scores, with 50 concurrent clients, against the floor: the same SQL
 * (every statement queryScorecards sends for a request, captured from knex)
 * replayed directly through `pg` by 50 concurrent clients, uncached, in the
 * same run.
 *
 *   ./kit bench:scorecards
 *
 * Phases, one after the other: `floor` (the SQL through pg), then the API
 * `cached` (the router's scorecard cache warm, nothing written), `churn` (the
 * same while one ops.entities row is updated every BENCH_WRITE_INTERVAL_MS,
 * which invalidates the cache) and `uncached` (a router built with
 * `scorecardCache: false`: every request computes). The targets are judged on
 * `churn`: a cache that is never invalidated would pass them without saying
 * anything about the queries, and writes do land on ops.entities in use.
 *
 * Environment: BENCH_SECONDS (measured seconds per phase, default 15),
 * BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (50), BENCH_KNEX_POOL (knex pool of
 * the API, default 10 as Backstage's default), BENCH_SERIAL_RUNS (single-client
 * runs per request, 5), BENCH_WRITE_INTERVAL_MS (1000, the churn phase's
 * writes), PLATFORM_KIT_PG_URL (an existing server instead of the embedded one).
 *
 * The server (and the churn writer, on its own pg connection) runs in this
 * process; the load of each phase (HTTP or floor) runs in a child process so
 * that the clients do not compete with the server's event loop.
 */
import { ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createDatabase,
  ensurePostgres,
  findFreePort,
  withClient,
} from '@platform-kit/devtools';
import { CORE_CAPABILITIES } from '@platform-kit/plugin-platform-kit-common';
import { applyOpsMigrations } from '@platform-kit/plugin-platform-kit-node';
import express from 'express';
import { knex as createKnex, Knex } from 'knex';
import { Client, Pool, QueryResult } from 'pg';
import { ParityService } from '../../plugins/platform-kit-backend/src/parity/ParityService';
import { createRouter } from '../../plugins/platform-kit-backend/src/service/router';
import { OpsStore } from '../../plugins/platform-kit-backend/src/store/OpsStore';
import {
  queryScorecards,
  ScorecardQuery,
} from '../../plugins/platform-kit-backend/src/store/scorecards';
import {
  domainRef,
  ownerRef,
  SEARCH_TERMS,
  seedScorecards,
  SIZE,
} from './seed';

const root = path.resolve(__dirname, '../..');
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number`);
  return value;
};
const SECONDS = num('BENCH_SECONDS', 15);
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 3);
const CLIENTS = num('BENCH_CLIENTS', 50);
const KNEX_POOL = num('BENCH_KNEX_POOL', 10);
const SERIAL_RUNS = num('BENCH_SERIAL_RUNS', 5);
const WRITE_INTERVAL_MS = num('BENCH_WRITE_INTERVAL_MS', 1000);
const TARGET_P95_MS = 200;
const TARGET_RATIO = 3;
const LOAD_ROLE = 'scorecards-load';

/** API phases, in the order they run; the targets are judged on JUDGED. */
const API_PHASES = ['cached', 'churn', 'uncached'] as const;
type ApiPhase = (typeof API_PHASES)[number];
const JUDGED: ApiPhase = 'churn';
const PHASE_DESCRIPTIONS: Record<ApiPhase, string> = {
  cached: 'cache warm, no writes',
  churn: `one ops.entities row updated every ${WRITE_INTERVAL_MS} ms (invalidates the cache)`,
  uncached: 'router built with scorecardCache: false, every request computes',
};
/** The query mix: what the scorecards page asks for. */
const KINDS = [
  'list',
  'page-5000',
  'search',
  'owner',
  'by-owner',
  'by-system',
  'by-domain',
] as const;
type Kind = (typeof KINDS)[number];

interface Variant {
  kind: Kind;
  /** URL query string sent to the API. */
  query: Record<string, string>;
}

/** Request variants, interleaved by kind so that the rotation spreads every kind over time. */
function variants(): Variant[] {
  const byKind: Record<Kind, Record<string, string>[]> = {
    list: [
      { groupBy: 'none', sort: 'score', order: 'asc' },
      { groupBy: 'none', sort: 'score', order: 'desc' },
      { groupBy: 'none', sort: 'name', order: 'asc' },
    ],
    'page-5000': [
      { groupBy: 'none', sort: 'score', offset: '5000' },
      { groupBy: 'none', sort: 'name', offset: '5000' },
    ],
    search: SEARCH_TERMS.map(q => ({ groupBy: 'none', q })),
    owner: [7, 42, 99, 150, 199].map(i => ({
      groupBy: 'none',
      owner: ownerRef(i),
    })),
    'by-owner': [{ groupBy: 'owner' }, { groupBy: 'owner', sort: 'name' }],
    'by-system': [
      { groupBy: 'system' },
      { groupBy: 'system', domain: domainRef(3) },
    ],
    'by-domain': [{ groupBy: 'domain' }, { groupBy: 'domain', order: 'desc' }],
  };
  const out: Variant[] = [];
  const rounds = Math.max(...KINDS.map(k => byKind[k].length));
  for (let i = 0; i < rounds; i++)
    for (const kind of KINDS)
      out.push({ kind, query: byKind[kind][i % byKind[kind].length] });
  return out;
}

/** The query the router passes to queryScorecards for these URL parameters (its defaults). */
function scorecardQuery(
  projectId: string,
  q: Record<string, string>,
): ScorecardQuery {
  return {
    projectId,
    groupBy: (q.groupBy ?? 'none') as ScorecardQuery['groupBy'],
    sort: (q.sort ?? 'score') as ScorecardQuery['sort'],
    order: (q.order ?? 'asc') as ScorecardQuery['order'],
    q: q.q,
    owner: q.owner,
    system: q.system,
    domain: q.domain,
    kind: q.kind,
    offset: Number(q.offset ?? 0),
    limit: Number(q.limit ?? 50),
    visible: undefined,
  };
}

/** One SQL statement as sent to PostgreSQL. */
interface Statement {
  sql: string;
  bindings: unknown[];
}

/**
 * What the load process gets: the URL of a request and the SQL it runs, as
 * queryScorecards runs it: waves one after the other, the statements of a
 * wave concurrently (each on its own connection).
 */
interface Request {
  kind: Kind;
  path: string;
  waves: Statement[][];
}

type Target =
  | { type: 'floor'; dbUrl: string; poolSize: number }
  | { type: 'api'; port: number };

interface LoadConfig {
  target: Target;
  requests: Request[];
  seconds: number;
  warmupSeconds: number;
  clients: number;
  serialRuns: number;
}

/** Latencies (ms) per request index, requests started in the measured window. */
interface Phase {
  latencies: number[][];
  serial: number[][];
  count: number;
  /** Requests issued in the phase: first pass (totals), warm-up, measured and single-client. */
  issued: number;
  errors: number;
  firstError?: string;
  seconds: number;
}

interface LoadResult {
  phase: Phase;
  /** The total each request answers (API and floor must agree). */
  totals: (number | null)[];
}

// ---------------------------------------------------------------- load process

/**
 * Runs `issue` with `clients` concurrent loops for warm-up + measured seconds,
 * rotating over the requests; records latencies of requests started after warm-up.
 */
async function drive(
  issue: (index: number) => Promise<void>,
  requests: number,
  config: LoadConfig,
): Promise<Phase> {
  const latencies: number[][] = Array.from({ length: requests }, () => []);
  let next = 0;
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  const begin = performance.now();
  const measureFrom = begin + config.warmupSeconds * 1000;
  const end = measureFrom + config.seconds * 1000;
  await Promise.all(
    Array.from({ length: config.clients }, async () => {
      for (;;) {
        const start = performance.now();
        if (start >= end) return;
        const index = next++ % requests;
        issued++;
        try {
          await issue(index);
        } catch (error) {
          errors++;
          firstError ??= String((error as Error).message ?? error);
          continue;
        }
        if (start >= measureFrom)
          latencies[index].push(performance.now() - start);
      }
    }),
  );
  // Single client, one request at a time: service time without queueing.
  const serial: number[][] = Array.from({ length: requests }, () => []);
  for (let run = 0; run < config.serialRuns; run++) {
    for (let i = 0; i < requests; i++) {
      const start = performance.now();
      issued++;
      await issue(i);
      serial[i].push(performance.now() - start);
    }
  }
  return {
    latencies,
    serial,
    count: latencies.reduce((n, l) => n + l.length, 0),
    issued,
    errors,
    firstError,
    seconds: config.seconds,
  };
}

/** The request's total: from the statement that returns a `total` column. */
function totalOf(results: QueryResult[]): number | null {
  const counted = results.find(r => r.fields.some(f => f.name === 'total'));
  if (!counted) return null;
  return counted.rows.length ? Number(counted.rows[0].total) : 0;
}

async function loadFloor(
  config: LoadConfig,
  target: Extract<Target, { type: 'floor' }>,
): Promise<LoadResult> {
  const { requests } = config;
  const pool = new Pool({
    connectionString: target.dbUrl,
    max: target.poolSize,
  });
  // As queryScorecards runs them: the statements of a wave concurrently on
  // their own pool clients (the wave lasts as long as the slower one).
  const run = async (r: Request) => {
    const results: QueryResult[] = [];
    for (const wave of r.waves)
      results.push(
        ...(await Promise.all(wave.map(s => pool.query(s.sql, s.bindings)))),
      );
    return results;
  };
  try {
    const totals: (number | null)[] = [];
    for (const r of requests) totals.push(totalOf(await run(r)));
    const phase = await drive(
      async i => {
        await run(requests[i]);
      },
      requests.length,
      config,
    );
    phase.issued += requests.length; // the first pass, for the totals
    return { phase, totals };
  } finally {
    await pool.end();
  }
}

async function loadApi(
  config: LoadConfig,
  target: Extract<Target, { type: 'api' }>,
): Promise<LoadResult> {
  const { requests } = config;
  // Keep-alive, up to `clients` sockets.
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.clients });
  const get = (p: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: target.port,
          path: p,
          agent,
          headers: { authorization: 'Bearer bench' },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
    });
  try {
    const totals: (number | null)[] = [];
    for (const r of requests) {
      const res = await get(r.path);
      if (res.status !== 200)
        throw new Error(
          `GET ${r.path}: ${res.status} ${res.body.slice(0, 500)}`,
        );
      totals.push(JSON.parse(res.body).total);
    }
    const phase = await drive(
      async i => {
        const res = await get(requests[i].path);
        if (res.status !== 200)
          throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
      },
      requests.length,
      config,
    );
    phase.issued += requests.length; // the first pass, for the totals
    return { phase, totals };
  } finally {
    agent.destroy();
  }
}

if (process.env.BENCH_ROLE === LOAD_ROLE) {
  process.once('message', (config: LoadConfig) => {
    const { target } = config;
    (target.type === 'floor'
      ? loadFloor(config, target)
      : loadApi(config, target)
    ).then(
      result => process.send!({ result }, () => process.exit(0)),
      error =>
        process.send!({ error: String(error?.stack ?? error) }, () =>
          process.exit(1),
        ),
    );
  });
}

// ---------------------------------------------------------------- figures

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ]
    : NaN;

function stats(latencies: number[], seconds: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    n: sorted.length,
    rps: round(sorted.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
  };
}

const median = (values: number[]) =>
  Math.round(
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    ) * 10,
  ) / 10;

/** One API phase against the floor, per query kind and overall. */
function report(requests: Request[], api: Phase, floor: Phase) {
  return [...KINDS, 'overall'].map(kind => {
    const pick = (phase: Phase, key: 'latencies' | 'serial') =>
      phase[key].flatMap((l, i) =>
        kind === 'overall' || requests[i].kind === kind ? l : [],
      );
    const a = stats(pick(api, 'latencies'), api.seconds);
    const f = stats(pick(floor, 'latencies'), floor.seconds);
    return {
      kind,
      api: a,
      floor: f,
      ratioP95: Math.round((a.p95 / f.p95) * 100) / 100,
      serialApiMs: median(pick(api, 'serial')),
      serialFloorMs: median(pick(floor, 'serial')),
    };
  });
}

function table(rows: ReturnType<typeof report>): string {
  const header = [
    'query',
    'API p50',
    'p95',
    'p99',
    'req/s',
    'floor p50',
    'p95',
    'p99',
    'req/s',
    'p95 ratio',
    '1-client API/floor',
  ];
  const fmt = (v: number) => v.toFixed(1);
  const lines = rows.map(r => [
    r.kind,
    fmt(r.api.p50),
    fmt(r.api.p95),
    fmt(r.api.p99),
    fmt(r.api.rps),
    fmt(r.floor.p50),
    fmt(r.floor.p95),
    fmt(r.floor.p99),
    fmt(r.floor.rps),
    `${r.ratioP95.toFixed(2)}x`,
    `${fmt(r.serialApiMs)}/${fmt(r.serialFloorMs)}`,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(l => l[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  return [
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...lines.map(line),
  ].join('\n');
}

// ---------------------------------------------------------------- main process

/** Permissions and auth that allow everything: the benchmark measures the query path. */
const credentials = {
  $$type: '@backstage/BackstageCredentials' as const,
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
};
const httpAuth = {
  credentials: async () => credentials,
} as unknown as HttpAuthService;
const permissions = {
  authorize: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
} as unknown as PermissionsService;

function benchLogger(): LoggerService {
  const write = (level: string) => (message: string, meta?: unknown) => {
    if (level === 'error' || level === 'warn')
      process.stderr.write(
        `${level}: ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}\n`,
      );
  };
  const logger: LoggerService = {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: () => logger,
  };
  return logger;
}

interface KnexQueryEvent {
  sql: string;
  bindings?: unknown[];
  __knexQueryUid?: string;
}

/**
 * Every statement queryScorecards sends for a query, in waves: a statement
 * that starts while another is still running joins the running wave (they run
 * concurrently); one that starts when none is running opens the next wave.
 * The knex pool must have idle connections (see warmPool): knex emits `query`
 * once a connection is acquired, so a connection being opened would look like
 * statements run one after the other.
 */
async function captureWaves(
  knex: Knex,
  query: ScorecardQuery,
): Promise<Statement[][]> {
  const waves: Statement[][] = [];
  const running = new Set<string>();
  const onQuery = (q: KnexQueryEvent) => {
    if (!running.size) waves.push([]);
    waves[waves.length - 1].push({ sql: q.sql, bindings: q.bindings ?? [] });
    running.add(q.__knexQueryUid ?? q.sql);
  };
  const onDone = (_response: unknown, q: KnexQueryEvent) =>
    running.delete(q.__knexQueryUid ?? q.sql);
  const onError = (_error: unknown, q: KnexQueryEvent) =>
    running.delete(q.__knexQueryUid ?? q.sql);
  knex.on('query', onQuery);
  knex.on('query-response', onDone);
  knex.on('query-error', onError);
  try {
    await queryScorecards(knex, query);
  } finally {
    knex.removeListener('query', onQuery);
    knex.removeListener('query-response', onDone);
    knex.removeListener('query-error', onError);
  }
  if (!waves.length) throw new Error('queryScorecards ran no query');
  return waves;
}

/** Opens `size` connections of the knex pool (left idle). */
async function warmPool(knex: Knex, size: number) {
  const trxs = await Promise.all(
    Array.from({ length: size }, () => knex.transaction()),
  );
  await Promise.all(trxs.map(t => t.rollback()));
}

function runLoadProcess(config: LoadConfig): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(__filename, [], {
      env: { ...process.env, BENCH_ROLE: LOAD_ROLE },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (m: { result?: LoadResult; error?: string }) => {
      settled = true;
      if (m.result) resolve(m.result);
      else reject(new Error(`load process: ${m.error}`));
    });
    child.on('exit', code => {
      if (!settled) reject(new Error(`load process exited ${code}`));
    });
    child.send(config);
  });
}

/**
 * Updates one random ops.entities row every `intervalMs` on its own
 * connection (a scan or sync landing), skipping a tick while the previous
 * update still runs.
 */
async function startWriter(url: string, refs: string[], intervalMs: number) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const stats = { updates: 0, skipped: 0, failed: 0, maxMs: 0 };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) {
      stats.skipped++;
      return;
    }
    busy = true;
    const start = performance.now();
    client
      .query(
        'UPDATE ops.entities SET synced_at = now() WHERE entity_ref = $1',
        [refs[Math.floor(Math.random() * refs.length)]],
      )
      .then(
        () => {
          stats.updates++;
          stats.maxMs = Math.max(stats.maxMs, performance.now() - start);
        },
        () => stats.failed++,
      )
      .finally(() => (busy = false));
  }, intervalMs);
  return {
    stats,
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise(r => setTimeout(r, 10));
      await client.end();
    },
  };
}

async function main() {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const pg = await ensurePostgres({
    dataDir: path.join(root, '.data', 'bench-scorecards-pg'),
  });
  const database = `bench_scorecards_${process.pid}`;
  let knex: Knex | undefined;
  const servers: http.Server[] = [];
  try {
    log(
      `PostgreSQL ${pg.majorVersion}${
        pg.embedded ? ' (embedded)' : ''
      }; seeding ${SIZE.entities} entities x ${SIZE.days} days...`,
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
      pool: { min: 0, max: KNEX_POOL },
    });
    const db = knex;
    const store = new OpsStore(db);
    await store.syncCapabilities(CORE_CAPABILITIES.capabilities);
    const projectId = await store.ensureProject('bench');
    const t0 = Date.now();
    const size = await withClient(url, c => seedScorecards(c, projectId, log));
    log(
      `seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(
        size,
      )}`,
    );
    if (size.inconsistent || size.dependsOnMissing)
      throw new Error(
        `seed is inconsistent: ${size.inconsistent} entities' current score differs from their latest daily score, ` +
          `${size.dependsOnMissing} depend on a missing entity`,
      );

    await warmPool(db, Math.min(KNEX_POOL, 4));
    const requests: Request[] = [];
    for (const v of variants()) {
      requests.push({
        kind: v.kind,
        path: `/api/platform-kit/scorecards?${new URLSearchParams(v.query)}`,
        waves: await captureWaves(db, scorecardQuery(projectId, v.query)),
      });
    }
    const shapes = new Map<string, Set<string>>();
    for (const r of requests) {
      const shape = r.waves.map(w => w.length).join(' then ');
      shapes.set(r.kind, (shapes.get(r.kind) ?? new Set()).add(shape));
    }
    log(
      `statements per request (concurrent in a wave; waves in sequence): ${[
        ...shapes,
      ]
        .map(([kind, s]) => `${kind} ${[...s].join('|')}`)
        .join('; ')}`,
    );
    const widestWave = Math.max(
      ...requests.flatMap(r => r.waves.map(w => w.length)),
    );
    // Scorecard statements the server runs: a request's computation counts 1
    // (each of its n statements 1/n); version lookups of the cache apart.
    const statementShare = new Map<string, number>();
    for (const r of requests) {
      const n = r.waves.flat().length;
      for (const s of r.waves.flat()) statementShare.set(s.sql, 1 / n);
    }
    const serverQueries = { computations: 0, versionReads: 0, other: 0 };
    db.on('query', (q: KnexQueryEvent) => {
      const share = statementShare.get(q.sql);
      if (share !== undefined) serverQueries.computations += share;
      else if (/ops\.entities_version/.test(q.sql))
        serverQueries.versionReads++;
      else serverQueries.other++;
    });

    const logger = benchLogger();
    const parity = new ParityService({
      knex: db,
      store,
      logger,
      capabilities: CORE_CAPABILITIES.capabilities,
      projectId,
    });
    const serve = async (scorecardCache: boolean) => {
      const app = express();
      app.use(
        '/api/platform-kit',
        await createRouter({
          store,
          httpAuth,
          permissions,
          targetIdsByEntity: new Map(),
          knex: db,
          canReadEntity: async () => true,
          projectId,
          capabilityIds: new Set(CORE_CAPABILITIES.capabilities.map(c => c.id)),
          pushResults: async () => {
            throw new Error('not part of the benchmark');
          },
          requestScan: async () => {
            throw new Error('not part of the benchmark');
          },
          parity,
          visibleEntities: async () => 'all',
          scorecardCache,
        }),
      );
      app.use(
        MiddlewareFactory.create({
          config: new ConfigReader({}),
          logger,
        }).error(),
      );
      const port = await findFreePort();
      const server = await new Promise<http.Server>((resolve, reject) => {
        const s = app.listen(port, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      });
      server.keepAliveTimeout = 60_000;
      servers.push(server);
      return (server.address() as AddressInfo).port;
    };
    const ports: Record<ApiPhase, number> = {
      cached: await serve(true),
      churn: 0,
      uncached: await serve(false),
    };
    ports.churn = ports.cached;

    const { rows: refRows } = await db.raw(
      'SELECT entity_ref FROM ops.entities WHERE project_id = ?',
      [projectId],
    );
    const refs: string[] = refRows.map(
      (r: { entity_ref: string }) => r.entity_ref,
    );
    const readVersion = async () =>
      String(
        (await db.raw('SELECT version FROM ops.entities_version')).rows[0]
          .version,
      );

    const floorPool = CLIENTS * widestWave;
    log(
      `API (knex pool ${KNEX_POOL}); floor through pg (pool ${floorPool}: ${widestWave} per client); ` +
        `${requests.length} requests over ${KINDS.length} kinds; ${CLIENTS} clients, ` +
        `${WARMUP_SECONDS} s warm-up + ${SECONDS} s per phase: floor, ${API_PHASES.join(
          ', ',
        )}...`,
    );
    const loadConfig = (target: Target): LoadConfig => ({
      target,
      requests,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      clients: CLIENTS,
      serialRuns: SERIAL_RUNS,
    });
    const clock = () => new Date().toISOString().slice(11, 19);
    let startedAt = clock();
    const floor = await runLoadProcess(
      loadConfig({ type: 'floor', dbUrl: url, poolSize: floorPool }),
    );
    log(`floor (${startedAt}-${clock()}): ${floor.phase.issued} requests`);

    const api = {} as Record<
      ApiPhase,
      LoadResult & {
        server: typeof serverQueries;
        writer?: Awaited<ReturnType<typeof startWriter>>['stats'] & {
          versionBefore: string;
          versionAfter: string;
        };
      }
    >;
    for (const phase of API_PHASES) {
      const versionBefore = await readVersion();
      Object.assign(serverQueries, {
        computations: 0,
        versionReads: 0,
        other: 0,
      });
      startedAt = clock();
      const writer =
        phase === 'churn'
          ? await startWriter(url, refs, WRITE_INTERVAL_MS)
          : undefined;
      let result: LoadResult;
      try {
        result = await runLoadProcess(
          loadConfig({ type: 'api', port: ports[phase] }),
        );
      } finally {
        await writer?.stop();
      }
      const server = {
        ...serverQueries,
        computations: Math.round(serverQueries.computations),
      };
      api[phase] = {
        ...result,
        server,
        writer: writer && {
          ...writer.stats,
          versionBefore,
          versionAfter: await readVersion(),
        },
      };
      log(
        `${phase} (${startedAt}-${clock()}): ${result.phase.issued} requests, ${
          server.computations
        } computed ` +
          `(${((100 * server.computations) / result.phase.issued).toFixed(
            1,
          )} %), ` +
          `${server.versionReads} version reads${
            writer
              ? `; writer: ${writer.stats.updates} updates (${writer.stats.skipped} ticks skipped, ${writer.stats.failed} failed, ` +
                `slowest ${writer.stats.maxMs.toFixed(
                  1,
                )} ms), ops.entities_version ${versionBefore} -> ${
                  api[phase].writer!.versionAfter
                }`
              : ''
          }`,
      );
    }

    for (const phase of API_PHASES) {
      const mismatches = api[phase].totals
        .map((t, i) => ({
          api: t,
          floor: floor.totals[i],
          path: requests[i].path,
        }))
        .filter(t => t.api !== t.floor || t.api === null);
      if (mismatches.length)
        throw new Error(
          `API (${phase}) and floor disagree on totals: ${JSON.stringify(
            mismatches,
          )}`,
        );
    }
    const totals = new Map<string, number[]>();
    for (const [i, r] of requests.entries())
      totals.set(r.kind, [...(totals.get(r.kind) ?? []), floor.totals[i]!]);
    log(
      `rows matched per request (API = floor, every phase): ${[...totals]
        .map(([kind, t]) => `${kind} ${t.join('/')}`)
        .join('; ')}`,
    );
    const failed: [string, Phase][] = [
      ['floor', floor.phase],
      ...API_PHASES.map(p => [p, api[p].phase] as [string, Phase]),
    ];
    for (const [name, phase] of failed) {
      if (phase.errors)
        log(
          `${name}: ${phase.errors} failed requests (first: ${phase.firstError})`,
        );
    }

    const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');
    const phases = API_PHASES.map(phase => {
      const rows = report(requests, api[phase].phase, floor.phase);
      const overall = rows[rows.length - 1];
      const p95Met = overall.api.p95 < TARGET_P95_MS;
      const ratioMet = overall.ratioP95 < TARGET_RATIO;
      return { phase, rows, overall, p95Met, ratioMet };
    });
    const out = [
      '',
      `GET /api/platform-kit/scorecards, ${size.entities} entities x ${SIZE.days} days (${size.parityScores} scores), ` +
        `${CLIENTS} concurrent clients, ${SECONDS} s per phase; latencies in ms; ` +
        `the floor (the same SQL through pg, uncached) is measured once and shown in every table`,
    ];
    for (const p of phases) {
      const a = api[p.phase];
      out.push(
        '',
        `== ${p.phase}: ${PHASE_DESCRIPTIONS[p.phase]}${
          p.phase === JUDGED ? ' [targets judged on this phase]' : ''
        }`,
        `   ${a.server.computations} of ${a.phase.issued} requests computed (${(
          (100 * a.server.computations) /
          a.phase.issued
        ).toFixed(1)} %)${
          a.writer
            ? `; ${a.writer.updates} ops.entities updates during the phase`
            : ''
        }`,
        table(p.rows),
        `target p95 < ${TARGET_P95_MS} ms: ${verdict(
          p.p95Met,
        )} (overall API p95 ${p.overall.api.p95.toFixed(1)} ms)`,
        `target p95 < ${TARGET_RATIO}x floor: ${verdict(
          p.ratioMet,
        )} (${p.overall.ratioP95.toFixed(2)}x: API ${p.overall.api.p95.toFixed(
          1,
        )} ms vs SQL floor ${p.overall.floor.p95.toFixed(1)} ms)`,
        `per kind missing a target: ${
          p.rows
            .filter(
              r =>
                r.kind !== 'overall' &&
                (r.api.p95 >= TARGET_P95_MS || r.ratioP95 >= TARGET_RATIO),
            )
            .map(r => r.kind)
            .join(', ') || 'none'
        }`,
      );
    }
    const judged = phases.find(p => p.phase === JUDGED)!;
    out.push(
      '',
      `targets judged on ${JUDGED} (writes landing, cache invalidated): p95 < ${TARGET_P95_MS} ms ${verdict(
        judged.p95Met,
      )}, p95 < ${TARGET_RATIO}x floor ${verdict(judged.ratioMet)}`,
      '',
    );
    process.stdout.write(out.join('\n'));
    const kinds = (rows: ReturnType<typeof report>, side: 'api' | 'floor') =>
      Object.fromEntries(
        rows.map(r => [
          r.kind,
          side === 'api'
            ? { ...r.api, ratioP95: r.ratioP95, serialMs: r.serialApiMs }
            : { ...r.floor, serialMs: r.serialFloorMs },
        ]),
      );
    const result = {
      bench: 'scorecards',
      size,
      clients: CLIENTS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      knexPool: KNEX_POOL,
      floorPool,
      writeIntervalMs: WRITE_INTERVAL_MS,
      cpus: os.cpus().length,
      postgres: pg.majorVersion,
      targets: {
        p95Ms: TARGET_P95_MS,
        ratio: TARGET_RATIO,
        judgedOn: JUDGED,
        p95: verdict(judged.p95Met),
        vsFloor: verdict(judged.ratioMet),
      },
      floor: {
        issued: floor.phase.issued,
        errors: floor.phase.errors,
        kinds: kinds(phases[0].rows, 'floor'),
      },
      phases: Object.fromEntries(
        phases.map(p => [
          p.phase,
          {
            targets: { p95: verdict(p.p95Met), vsFloor: verdict(p.ratioMet) },
            issued: api[p.phase].phase.issued,
            computed: api[p.phase].server.computations,
            versionReads: api[p.phase].server.versionReads,
            errors: api[p.phase].phase.errors,
            ...(api[p.phase].writer && { writer: api[p.phase].writer }),
            kinds: kinds(p.rows, 'api'),
          },
        ]),
      ),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const server of servers)
      await new Promise(resolve => server.close(resolve));
    await knex?.destroy();
    await withClient(pg.adminUrl, c =>
      c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    ).catch(() => undefined);
    await pg.stop();
  }
}

if (process.env.BENCH_ROLE !== LOAD_ROLE) {
  main().catch(error => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
