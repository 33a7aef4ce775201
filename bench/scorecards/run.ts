/**
 * Benchmark of `GET /api/platform-kit/scorecards` on 10,000 entities with 90
 * days of scores, with 50 concurrent clients, against the floor: the same SQL
 * (captured from the router's own queries) run directly through `pg` by 50
 * concurrent clients, in the same run.
 *
 *   ./kit bench:scorecards
 *
 * Environment: BENCH_SECONDS (measured seconds per phase, default 15),
 * BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (50), BENCH_KNEX_POOL (knex pool of
 * the API, default 10 as Backstage's default), BENCH_SERIAL_RUNS (single-client
 * runs per request, 5), PLATFORM_KIT_PG_URL (an existing server instead of
 * the embedded one).
 *
 * The server runs in this process; the load (HTTP and floor) runs in a child
 * process so that the clients do not compete with the server's event loop.
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
import { Pool } from 'pg';
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
const TARGET_P95_MS = 200;
const TARGET_RATIO = 3;
const LOAD_ROLE = 'scorecards-load';

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

/** What the load process gets: the URL of each request and the SQL it runs. */
interface Request {
  kind: Kind;
  path: string;
  sql: string;
  bindings: unknown[];
}

interface LoadConfig {
  port: number;
  dbUrl: string;
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
  errors: number;
  firstError?: string;
  seconds: number;
}

interface LoadResult {
  api: Phase;
  floor: Phase;
  /** Totals per request: API vs floor (they must agree). */
  totals: { api: number | null; floor: number | null }[];
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
      await issue(i);
      serial[i].push(performance.now() - start);
    }
  }
  return {
    latencies,
    serial,
    count: latencies.reduce((n, l) => n + l.length, 0),
    errors,
    firstError,
    seconds: config.seconds,
  };
}

async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const { requests } = config;
  const totals: LoadResult['totals'] = requests.map(() => ({
    api: null,
    floor: null,
  }));

  // Floor: the router's SQL, through plain pg, 50 connections.
  const pool = new Pool({
    connectionString: config.dbUrl,
    max: config.clients,
  });
  let floor: Phase;
  try {
    for (const [i, r] of requests.entries()) {
      const { rows } = await pool.query(r.sql, r.bindings);
      totals[i].floor = rows.length ? Number(rows[0].total) : 0;
    }
    floor = await drive(
      async i => {
        await pool.query(requests[i].sql, requests[i].bindings);
      },
      requests.length,
      config,
    );
  } finally {
    await pool.end();
  }

  // The API over HTTP, keep-alive, up to 50 sockets.
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.clients });
  const get = (p: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: config.port,
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
  for (const [i, r] of requests.entries()) {
    const res = await get(r.path);
    if (res.status !== 200)
      throw new Error(`GET ${r.path}: ${res.status} ${res.body.slice(0, 500)}`);
    totals[i].api = JSON.parse(res.body).total;
  }
  const api = await drive(
    async i => {
      const res = await get(requests[i].path);
      if (res.status !== 200)
        throw new Error(`${res.status} ${res.body.slice(0, 200)}`);
    },
    requests.length,
    config,
  );
  agent.destroy();
  return { api, floor, totals };
}

if (process.env.BENCH_ROLE === LOAD_ROLE) {
  process.once('message', (config: LoadConfig) => {
    runLoad(config).then(
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

function report(requests: Request[], load: LoadResult) {
  const rows = [...KINDS, 'overall'].map(kind => {
    const pick = (phase: Phase, key: 'latencies' | 'serial') =>
      phase[key].flatMap((l, i) =>
        kind === 'overall' || requests[i].kind === kind ? l : [],
      );
    const api = stats(pick(load.api, 'latencies'), load.api.seconds);
    const floor = stats(pick(load.floor, 'latencies'), load.floor.seconds);
    return {
      kind,
      api,
      floor,
      ratioP95: Math.round((api.p95 / floor.p95) * 100) / 100,
      serialApiMs: median(pick(load.api, 'serial')),
      serialFloorMs: median(pick(load.floor, 'serial')),
    };
  });
  return rows;
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

/** The SQL and bindings that queryScorecards sends to PostgreSQL for a query. */
async function captureSql(knex: Knex, query: ScorecardQuery) {
  let captured: { sql: string; bindings: unknown[] } | undefined;
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    captured = { sql: q.sql, bindings: q.bindings ?? [] };
  };
  knex.on('query', listener);
  try {
    await queryScorecards(knex, query);
  } finally {
    knex.removeListener('query', listener);
  }
  if (!captured) throw new Error('queryScorecards ran no query');
  return captured;
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

async function main() {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const pg = await ensurePostgres({
    dataDir: path.join(root, '.data', 'bench-scorecards-pg'),
  });
  const database = `bench_scorecards_${process.pid}`;
  let knex: Knex | undefined;
  let server: http.Server | undefined;
  try {
    log(
      `PostgreSQL ${pg.majorVersion}${
        pg.embedded ? ' (embedded)' : ''
      }; seeding ${SIZE.entities} entities x ${SIZE.days} days...`,
    );
    const url = await createDatabase(pg.adminUrl, database);
    await withClient(url, c =>
      applyOpsMigrations(c, path.join(root, 'migrations')),
    );
    knex = createKnex({
      client: 'pg',
      connection: url,
      pool: { min: 0, max: KNEX_POOL },
    });
    const store = new OpsStore(knex);
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

    const requests: Request[] = [];
    for (const v of variants()) {
      const { sql, bindings } = await captureSql(
        knex,
        scorecardQuery(projectId, v.query),
      );
      requests.push({
        kind: v.kind,
        path: `/api/platform-kit/scorecards?${new URLSearchParams(v.query)}`,
        sql,
        bindings,
      });
    }

    const logger = benchLogger();
    const app = express();
    app.use(
      '/api/platform-kit',
      await createRouter({
        store,
        httpAuth,
        permissions,
        targetIdsByEntity: new Map(),
        knex,
        canReadEntity: async () => true,
        projectId,
        capabilityIds: new Set(CORE_CAPABILITIES.capabilities.map(c => c.id)),
        pushResults: async () => {
          throw new Error('not part of the benchmark');
        },
        requestScan: async () => {
          throw new Error('not part of the benchmark');
        },
        parity: new ParityService({
          knex,
          store,
          logger,
          capabilities: CORE_CAPABILITIES.capabilities,
          projectId,
        }),
        visibleEntities: async () => 'all',
      }),
    );
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger,
      }).error(),
    );
    const port = await findFreePort();
    server = await new Promise<http.Server>((resolve, reject) => {
      const s = app.listen(port, '127.0.0.1', () => resolve(s));
      s.on('error', reject);
    });
    server.keepAliveTimeout = 60_000;
    log(
      `API on 127.0.0.1:${
        (server.address() as AddressInfo).port
      } (knex pool ${KNEX_POOL}); ${requests.length} requests over ${
        KINDS.length
      } kinds; ${CLIENTS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per phase (floor, then API)...`,
    );

    const load = await runLoadProcess({
      port,
      dbUrl: url,
      requests,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      clients: CLIENTS,
      serialRuns: SERIAL_RUNS,
    });
    const mismatches = load.totals
      .map((t, i) => ({ ...t, path: requests[i].path }))
      .filter(t => t.api !== t.floor);
    if (mismatches.length)
      throw new Error(
        `API and floor disagree on totals: ${JSON.stringify(mismatches)}`,
      );
    const totals = new Map<string, number[]>();
    for (const [i, r] of requests.entries())
      totals.set(r.kind, [...(totals.get(r.kind) ?? []), load.totals[i].api!]);
    log(
      `rows matched per request (API = floor): ${[...totals]
        .map(([kind, t]) => `${kind} ${t.join('/')}`)
        .join('; ')}`,
    );
    for (const phase of ['floor', 'api'] as const) {
      if (load[phase].errors)
        log(
          `${phase}: ${load[phase].errors} failed requests (first: ${load[phase].firstError})`,
        );
    }

    const rows = report(requests, load);
    const overall = rows[rows.length - 1];
    const p95Met = overall.api.p95 < TARGET_P95_MS;
    const ratioMet = overall.ratioP95 < TARGET_RATIO;
    const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');
    const out = [
      '',
      `GET /api/platform-kit/scorecards, ${size.entities} entities x ${SIZE.days} days (${size.parityScores} scores), ` +
        `${CLIENTS} concurrent clients, ${SECONDS} s per phase; latencies in ms`,
      table(rows),
      '',
      `target p95 < ${TARGET_P95_MS} ms: ${verdict(
        p95Met,
      )} (overall API p95 ${overall.api.p95.toFixed(1)} ms)`,
      `target p95 < ${TARGET_RATIO}x floor: ${verdict(
        ratioMet,
      )} (${overall.ratioP95.toFixed(2)}x: API ${overall.api.p95.toFixed(
        1,
      )} ms vs SQL floor ${overall.floor.p95.toFixed(1)} ms)`,
      `per kind missing a target: ${
        rows
          .filter(
            r =>
              r.kind !== 'overall' &&
              (r.api.p95 >= TARGET_P95_MS || r.ratioP95 >= TARGET_RATIO),
          )
          .map(r => r.kind)
          .join(', ') || 'none'
      }`,
      '',
    ];
    process.stdout.write(out.join('\n'));
    const result = {
      bench: 'scorecards',
      size,
      clients: CLIENTS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      knexPool: KNEX_POOL,
      cpus: os.cpus().length,
      postgres: pg.majorVersion,
      errors: { api: load.api.errors, floor: load.floor.errors },
      targets: {
        p95Ms: TARGET_P95_MS,
        ratio: TARGET_RATIO,
        p95: verdict(p95Met),
        vsFloor: verdict(ratioMet),
      },
      kinds: Object.fromEntries(
        rows.map(r => [
          r.kind,
          {
            api: r.api,
            floor: r.floor,
            ratioP95: r.ratioP95,
            serialApiMs: r.serialApiMs,
            serialFloorMs: r.serialFloorMs,
          },
        ]),
      ),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await new Promise(resolve => (server ? server.close(resolve) : resolve(0)));
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
