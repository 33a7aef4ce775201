import crypto from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { Client } from 'pg';
import { PgExecutor } from './pgExecutor';
import {
  connectionStringSecrets,
  describeConnectionString,
  redactSecrets,
} from './redact';
import { TargetError } from './types';

jest.setTimeout(60_000);

async function targetError(promise: Promise<unknown>): Promise<TargetError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(TargetError);
  return error as TargetError;
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

describe('PgExecutor', () => {
  let db: TestDatabase;
  let admin: Client;
  let executor: PgExecutor;

  beforeAll(async () => {
    db = await createTestDatabase({ supabase: false });
    admin = await db.connect();
    await admin.query(`
      create table public.items (id int primary key, name text);
      insert into public.items values (1, 'one'), (2, 'two');
      create sequence public.counter;
      create function public.add_item(n int) returns void language sql
        as $$ insert into public.items values (n, 'added') $$;
    `);
    executor = new PgExecutor(db.url);
  });

  afterAll(async () => {
    await executor?.close();
    await db?.drop();
  });

  async function snapshot() {
    const { rows } = await admin.query(`
      select (select json_agg(i order by i.id) from public.items i) as items,
             (select count(*)::int from pg_catalog.pg_class c
                join pg_catalog.pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public') as relations,
             (select last_value from public.counter) as counter,
             (select is_called from public.counter) as counter_called`);
    return rows[0];
  }

  it('runs queries inside a read-only transaction with an empty search_path', async () => {
    const rows = await executor.readOnly(async q => {
      const [settings] = await q<{
        read_only: string;
        search_path: string;
        timeout: string;
      }>(`select current_setting('transaction_read_only') as read_only,
                 current_setting('search_path') as search_path,
                 current_setting('statement_timeout') as timeout`);
      return [
        settings,
        ...(await q('select count(*)::int as n from public.items')),
      ];
    });
    expect(rows).toEqual([
      { read_only: 'on', search_path: '""', timeout: '30s' },
      { n: 2 },
    ]);
  });

  it('returns the rows of the last statement of a multi-statement string', async () => {
    expect(
      await executor.readOnly(q => q('select 1 as a; select 2 as b')),
    ).toEqual([{ b: 2 }]);
  });

  it.each([
    [`insert into public.items values (3, 'three')`, /read-only transaction/],
    [`update public.items set name = 'changed'`, /read-only transaction/],
    [`delete from public.items`, /read-only transaction/],
    [`create table public.sneaky (id int)`, /read-only transaction/],
    [`select public.add_item(4)`, /read-only transaction/],
    [`select nextval('public.counter')`, /read-only transaction/],
    [
      `select 1; insert into public.items values (5, 'five')`,
      /read-only transaction/,
    ],
  ])('refuses the write %s and changes nothing', async (sql, message) => {
    const before = await snapshot();
    const error = await targetError(executor.readOnly(q => q(sql)));
    expect(error.kind).toBe('query');
    expect(error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    `commit`,
    `COMMIT; insert into public.items values (6, 'six')`,
    `/* a /* nested */ comment */ end`,
    `rollback`,
    `set transaction read write`,
    `SET LOCAL "transaction_read_only" = off`,
    `set session characteristics as transaction read write`,
    `reset all`,
    `select 1; -- ;\n abort`,
  ])(
    'refuses transaction control (%s) so that a later write cannot escape',
    async sql => {
      const before = await snapshot();
      const error = await targetError(
        executor.readOnly(async q => {
          await q(sql);
          await q(`insert into public.items values (7, 'seven')`);
        }),
      );
      expect(error.kind).toBe('query');
      expect(error.message).toMatch(/transaction control/);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('does not mistake ordinary statements for transaction control', async () => {
    const rows = await executor.readOnly(async q => {
      await q(
        `select 'commit' as word, current_setting('transaction_read_only')`,
      );
      await q(`select 1 /* ; */ as one`);
      return q(`select 1 as n union all select 2 order by 1 /* begin */`);
    });
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('errs on the safe side when a literal holds "; commit"', async () => {
    const error = await targetError(
      executor.readOnly(q => q(`select 'a; commit' as words`)),
    );
    expect(error.message).toMatch(/transaction control/);
  });

  it('leaves the connection usable after a failed read-only transaction', async () => {
    await targetError(
      executor.readOnly(q => q(`insert into public.items values (8, 'x')`)),
    );
    const rows = await executor.readOnly(q =>
      q('select count(*)::int as n from public.items'),
    );
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('cancels a slow statement with a timeout error', async () => {
    const started = Date.now();
    const error = await targetError(
      executor.readOnly(q => q('select pg_sleep(5)'), {
        statementTimeoutMs: 200,
      }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/statement_timeout/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('reports a wrong password as a permission error without the password', async () => {
    const password = `wrong-${crypto.randomBytes(8).toString('hex')}`;
    const url = withCredentials(db.url, new URL(db.url).username, password);
    const bad = new PgExecutor(url);
    try {
      expect(bad.description).not.toContain(password);
      const error = await targetError(bad.readOnly(q => q('select 1')));
      expect(error.kind).toBe('permission');
      expect(error.message).toMatch(/password authentication failed/);
      expect(error.message).not.toContain(password);
      expect(error.message).not.toContain(url);
    } finally {
      await bad.close();
    }
  });

  it('reports an unreachable port as a connection error without the password', async () => {
    const u = new URL(db.url);
    const password = decodeURIComponent(u.password);
    u.port = '1';
    u.hostname = '127.0.0.1';
    const bad = new PgExecutor(u.toString(), { connectionTimeoutMillis: 3000 });
    try {
      expect(bad.description).toBe(`postgres 127.0.0.1:1${u.pathname}`);
      const error = await targetError(bad.readOnly(q => q('select 1')));
      expect(error.kind).toBe('connection');
      expect(error.message).toMatch(/ECONNREFUSED/);
      expect(error.message).not.toContain(password);
    } finally {
      await bad.close();
    }
  });
});

describe('describeConnectionString', () => {
  it('describes a connection string by host, port and database only', () => {
    expect(
      describeConnectionString(
        'postgresql://admin:secret@db.example.com:6543/app',
      ),
    ).toBe('postgres db.example.com:6543/app');
    expect(describeConnectionString('host=db password=secret')).toBe(
      'postgres (connection string)',
    );
  });

  it('redacts with the connector SDK (redactSecrets)', () => {
    const url = 'postgresql://u:p%40ss@h/db';
    expect(
      redactSecrets(`cannot reach ${url}`, connectionStringSecrets(url)),
    ).toBe('cannot reach [REDACTED]');
    expect(redactSecrets('postgres://u:pw@h/db')).toBe(
      'postgres://u:[REDACTED]@h/db',
    );
  });

  it('names what of a connection string is secret', () => {
    expect(connectionStringSecrets('postgresql://u:p%40ss@h/db')).toEqual([
      'postgresql://u:p%40ss@h/db',
      'p@ss',
    ]);
    expect(connectionStringSecrets('postgresql://u@h/db')).toEqual([
      'postgresql://u@h/db',
    ]);
    expect(connectionStringSecrets('host=db password=secret')).toEqual([
      'host=db password=secret',
    ]);
  });
});

describe('PgExecutor when its connection dies', () => {
  let db: TestDatabase;
  let admin: Client;
  beforeAll(async () => {
    db = await createTestDatabase({ supabase: false });
    admin = await db.connect();
  });
  afterAll(() => db.drop());

  it('survives its connection being killed between two queries, and works again after', async () => {
    const fresh = new PgExecutor(db.url);
    try {
      const error = await targetError(
        fresh.readOnly(async query => {
          const [{ pid }] = await query<{ pid: number }>(
            'select pg_backend_pid() as pid',
          );
          await admin.query('select pg_terminate_backend($1)', [pid]);
          // The 'error' event reaches the idle client before the next query.
          await new Promise(r => setTimeout(r, 200));
          return query('select 1');
        }),
      );
      expect(error.message).toMatch(/terminat|closed|connection/i);
      const [row] = await fresh.readOnly(query =>
        query<{ n: number }>('select 1 as n'),
      );
      expect(row.n).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});
