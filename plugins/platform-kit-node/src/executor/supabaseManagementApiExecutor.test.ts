import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { Client } from 'pg';
import {
  ManagementApiServer,
  startManagementApiServer,
} from '../__testUtils__/managementApiServer';
import { introspect } from '../introspection/introspect';
import { PgExecutor } from './pgExecutor';
import {
  SupabaseManagementApiExecutor,
  SupabaseManagementApiOptions,
} from './supabaseManagementApiExecutor';
import { TargetError } from './types';

jest.setTimeout(60_000);

const NOW = () => new Date('2026-01-02T03:04:05.000Z');

describe('SupabaseManagementApiExecutor', () => {
  let db: TestDatabase;
  let admin: Client;
  let server: ManagementApiServer;
  let delays: number[];

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await db.connect();
    await admin.query(`
      create table public.notes (
        id bigint generated always as identity primary key,
        owner uuid references auth.users (id),
        body text not null default ''
      );
      alter table public.notes enable row level security;
      create policy "own notes" on public.notes for select to authenticated
        using ((select auth.uid()) = owner);
      create table public.open_table (id int);
      create view public.user_emails as select id, email from auth.users;
      create function public.bump(n int) returns int language plpgsql security definer
        as $$ begin execute 'select 1'; return n + 1; end $$;
      insert into public.notes (body) values ('first'), ('second');
      insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
    `);
    server = await startManagementApiServer({ databaseUrl: db.url });
  });

  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.violations.length = 0;
    delays = [];
  });

  afterEach(() => {
    // Every request the executor sends, and every answer of the stand-in,
    // fits Platform Kit's Management API contract.
    if (server.violations.length > 0) {
      throw new Error(`contract violations:\n${server.violations.join('\n')}`);
    }
  });

  function executor(
    overrides: Partial<SupabaseManagementApiOptions> = {},
  ): SupabaseManagementApiExecutor {
    return new SupabaseManagementApiExecutor({
      projectRef: server.projectRef,
      token: server.token,
      baseUrl: server.baseUrl,
      sleep: async ms => {
        delays.push(ms);
      },
      random: () => 0.5,
      ...overrides,
    });
  }

  async function noteCount(): Promise<number> {
    const { rows } = await admin.query(
      'select count(*)::int as n from public.notes',
    );
    return rows[0].n;
  }

  async function expectTargetError(
    promise: Promise<unknown>,
  ): Promise<TargetError> {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(TargetError);
    return error as TargetError;
  }

  describe('the local stand-in follows the contract', () => {
    const post = (path: string, body: unknown, token = server.token) =>
      fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const queryPath = () => `/v1/projects/${server.projectRef}/database/query`;

    it('answers 201 with the rows of the last statement and rate-limit headers', async () => {
      const res = await post(queryPath(), {
        query: 'select 1 as a; select 2 as b',
        read_only: true,
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual([{ b: 2 }]);
      expect(res.headers.get('x-ratelimit-limit')).toBe('120');
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(
        120,
      );
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    });

    it('rejects bodies and refs that break the contract', async () => {
      expect((await post(queryPath(), { query: '' })).status).toBe(400);
      expect((await post(queryPath(), {})).status).toBe(400);
      expect(
        (await post(queryPath(), { query: 'select 1', read_only: 'yes' }))
          .status,
      ).toBe(400);
      expect(
        (await post(queryPath(), { query: 'select 1', parameters: 'x' }))
          .status,
      ).toBe(400);
      expect((await post(queryPath(), 'not json')).status).toBe(400);
      expect(
        (
          await post('/v1/projects/TOO-SHORT/database/query', {
            query: 'select 1',
          })
        ).status,
      ).toBe(400);
      const unauthorized = await post(
        queryPath(),
        { query: 'select 1' },
        'sbp_other',
      );
      expect(unauthorized.status).toBe(401);
      expect(await unauthorized.json()).toEqual({ message: 'Unauthorized' });
      expect(
        (await post('/v1/projects/nothing/here', { query: 'select 1' })).status,
      ).toBe(404);
      expect(
        (await fetch(`${server.baseUrl}${queryPath()}`, { method: 'GET' }))
          .status,
      ).toBe(405);
      expect(server.violations).toEqual([
        'request: POST /v1/projects/abcdefghijklmnopqrst/database/query: body/query must NOT have fewer than 1 characters',
        "request: POST /v1/projects/abcdefghijklmnopqrst/database/query: body must have required property 'query'",
        'request: POST /v1/projects/abcdefghijklmnopqrst/database/query: body/read_only must be boolean',
        'request: POST /v1/projects/abcdefghijklmnopqrst/database/query: body/parameters must be array',
        'request: POST /v1/projects/abcdefghijklmnopqrst/database/query: body must be object',
        "request: POST /v1/projects/TOO-SHORT/database/query: path parameter 'ref' must NOT have fewer than 20 characters",
        'request: POST /v1/projects/nothing/here is not in the contract',
        `request: GET ${queryPath()} is not in the contract`,
      ]);
      server.violations.length = 0;
    });

    it('answers 500 with the PostgreSQL error of a failed statement', async () => {
      const res = await post(queryPath(), { query: 'select * from nowhere' });
      expect(res.status).toBe(500);
      expect((await res.json()).message).toMatch(
        /^Failed to run sql query: ERROR: {2}42P01: relation "nowhere" does not exist/,
      );
    });
  });

  it('reads the same inventory as a direct connection', async () => {
    const pg = new PgExecutor(db.url);
    let direct;
    try {
      direct = await introspect(pg, { now: NOW });
    } finally {
      await pg.close();
    }
    const viaApi = await introspect(executor(), { now: NOW });
    expect(viaApi).toEqual(direct);
    expect(viaApi.relations.map(r => r.name)).toEqual(
      expect.arrayContaining(['notes', 'open_table', 'user_emails']),
    );
    expect(viaApi.storageBuckets).toEqual([
      { id: 'avatars', name: 'avatars', public: true },
    ]);
    expect(viaApi.policies.find(p => p.name === 'own notes')?.using).toBe(
      '(( SELECT auth.uid() AS uid) = owner)',
    );

    // One request per catalog query, each read-only, authenticated and schema-qualifying.
    expect(server.requests.length).toBeGreaterThan(10);
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe(
        `/v1/projects/${server.projectRef}/database/query`,
      );
      expect(request.headers.authorization).toBe(`Bearer ${server.token}`);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toMatchObject({ read_only: true });
      expect((request.body as { query: string }).query).toMatch(
        /^SET LOCAL statement_timeout = 30000;\nSET LOCAL search_path = '';\n/,
      );
      expect(request.status).toBe(201);
    }
  });

  it('sends read_only: true with every query', async () => {
    const rows = await executor().readOnly(q => q('select 1 as one'));
    expect(rows).toEqual([{ one: 1 }]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toEqual({
      query: expect.stringContaining('select 1 as one'),
      read_only: true,
    });
  });

  it('cannot write: the API refuses the statement and nothing changes', async () => {
    const before = await noteCount();
    const error = await expectTargetError(
      executor().readOnly(q =>
        q(`insert into public.notes (body) values ('x')`),
      ),
    );
    expect(error.kind).toBe('query');
    expect(error.message).toMatch(/read-only transaction/);
    // A failed statement is not retried.
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(await noteCount()).toBe(before);
  });

  it('refuses SQL that would leave the read-only transaction, without sending it', async () => {
    const before = await noteCount();
    for (const sql of [
      `commit; insert into public.notes (body) values ('x')`,
      `set transaction read write; insert into public.notes (body) values ('x')`,
      `select 1; /* ; */ end; delete from public.notes`,
      `set local transaction_read_only = off; delete from public.notes`,
    ]) {
      const error = await expectTargetError(executor().readOnly(q => q(sql)));
      expect(error.kind).toBe('query');
      expect(error.message).toMatch(/transaction control/);
    }
    expect(server.requests).toHaveLength(0);
    expect(await noteCount()).toBe(before);
  });

  it('applies statementTimeoutMs: a slow statement fails as a timeout', async () => {
    const error = await expectTargetError(
      executor().readOnly(q => q('select pg_sleep(5)'), {
        statementTimeoutMs: 200,
      }),
    );
    expect(error.kind).toBe('timeout');
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After on 429', async () => {
    server.failNext(2, { status: 429, retryAfter: 3 });
    const retries: unknown[] = [];
    const rows = await executor({
      onRetry: info => retries.push(info),
    }).readOnly(q => q('select 1 as one'));
    expect(rows).toEqual([{ one: 1 }]);
    expect(delays).toEqual([3000, 3000]);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 3000, status: 429 },
      { attempt: 2, delayMs: 3000, status: 429 },
    ]);
    expect(server.requests.map(r => r.status)).toEqual([429, 429, 201]);
    expect(server.requests[0].responseHeaders['retry-after']).toBe('3');
  });

  it('caps a Retry-After longer than maxDelayMs', async () => {
    server.failNext(1, { status: 429, retryAfter: 3600 });
    await executor({ maxDelayMs: 5000 }).readOnly(q => q('select 1'));
    expect(delays).toEqual([5000]);
  });

  it('uses X-RateLimit-Reset when there is no Retry-After (delta and epoch)', async () => {
    server.failNext(1, { status: 429, rateLimitReset: 7 });
    await executor().readOnly(q => q('select 1'));
    expect(delays).toEqual([7000]);
    expect(server.requests[0].responseHeaders['retry-after']).toBeUndefined();

    delays = [];
    server.failNext(1, {
      status: 429,
      rateLimitReset: Math.floor(Date.now() / 1000) + 10,
    });
    await executor().readOnly(q => q('select 1'));
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(8000);
    expect(delays[0]).toBeLessThanOrEqual(10_000);
  });

  it('backs off exponentially with full jitter on 5xx', async () => {
    server.failNext(1, { status: 500, message: 'Internal server error' });
    server.failNext(1, { status: 502 });
    server.failNext(1, { status: 503 });
    server.failNext(1, { status: 503 });
    const randoms = [1, 0.5, 0, 1];
    const rows = await executor({ random: () => randoms.shift()! }).readOnly(
      q => q('select 2 as two'),
    );
    expect(rows).toEqual([{ two: 2 }]);
    // min(maxDelay, 250 ms * 2^attempt) scaled by the random draw.
    expect(delays).toEqual([250, 250, 0, 2000]);
    expect(server.requests.map(r => r.status)).toEqual([
      500, 502, 503, 503, 201,
    ]);
  });

  it('gives up after maxRetries with a clear error', async () => {
    server.failNext(3, { status: 503 });
    const error = await expectTargetError(
      executor({ maxRetries: 2 }).readOnly(q => q('select 1')),
    );
    expect(error.kind).toBe('connection');
    expect(error.message).toBe(
      'the Supabase Management API answered HTTP 503 after 2 retries: Service Unavailable',
    );
    expect(server.requests).toHaveLength(3);
    expect(delays).toEqual([125, 250]);

    delays = [];
    server.requests.length = 0;
    server.failNext(2, { status: 429, retryAfter: 1 });
    const limited = await expectTargetError(
      executor({ maxRetries: 1 }).readOnly(q => q('select 1')),
    );
    expect(limited.kind).toBe('connection');
    expect(limited.message).toMatch(/rate limit persisted after 1 retries/);
    expect(server.requests).toHaveLength(2);
  });

  it('retries network errors, then reports the API as unreachable', async () => {
    const error = await expectTargetError(
      executor({ baseUrl: 'http://127.0.0.1:1', maxRetries: 2 }).readOnly(q =>
        q('select 1'),
      ),
    );
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/cannot be reached/);
    expect(delays).toHaveLength(2);
  });

  it('maps 401 to a permission error that does not reveal the token', async () => {
    const wrongToken = 'sbp_0123456789abcdef0123456789abcdef01234567';
    const error = await expectTargetError(
      executor({ token: wrongToken }).readOnly(q => q('select 1')),
    );
    expect(error.kind).toBe('permission');
    expect(error.message).toMatch(/HTTP 401/);
    expect(error.message).not.toContain(wrongToken);
    expect(error.message).not.toContain(server.token);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].status).toBe(401);
    expect(delays).toEqual([]);
  });

  it('rejects a malformed project ref before sending anything', () => {
    expect(() => executor({ projectRef: 'Not-A-Ref' })).toThrow(TargetError);
    expect(() => executor({ token: '' })).toThrow(/token is empty/);
  });
});
