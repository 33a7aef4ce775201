import crypto from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { PgExecutor } from '../executor/pgExecutor';
import { QueryFn, ReadOnlyOptions, SqlExecutor } from '../executor/types';
import { runLints } from '../lint/runLints';
import { resolveExposedSchemas } from './exposedSchemas';
import { introspect, IntrospectOptions } from './introspect';

jest.setTimeout(120_000);

/** Counts the catalog queries an introspection sends. */
class CountingExecutor implements SqlExecutor {
  readonly description: string;
  readonly queries: string[] = [];
  constructor(private readonly inner: SqlExecutor) {
    this.description = inner.description;
  }
  readOnly<T>(
    fn: (query: QueryFn) => Promise<T>,
    options?: ReadOnlyOptions,
  ): Promise<T> {
    return this.inner.readOnly(
      query =>
        fn(sql => {
          this.queries.push(sql);
          return query(sql);
        }),
      options,
    );
  }
  close() {
    return this.inner.close();
  }
}

async function inventoryOf(
  url: string,
  options: IntrospectOptions = {},
): Promise<Inventory> {
  const executor = new PgExecutor(url);
  try {
    return await introspect(executor, options);
  } finally {
    await executor.close();
  }
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

const FIXTURE = `
  create schema app;
  create extension postgres_fdw with schema public;
  create server loopback foreign data wrapper postgres_fdw options (dbname 'nowhere');

  create table public.profiles (
    id uuid primary key references auth.users (id),
    user_id uuid not null,
    display_name text,
    created_at timestamptz not null default now()
  );
  alter table public.profiles enable row level security;
  alter table public.profiles force row level security;
  create policy "read own profile" on public.profiles for select to authenticated
    using ((select auth.uid()) = user_id);
  create policy "insert own profile" on public.profiles as restrictive for insert to anon, authenticated
    with check ((select auth.uid()) = user_id);
  create policy "anyone updates" on public.profiles for update using (true);

  create table public.invoices (
    id serial primary key,
    code text not null unique,
    amount numeric(10, 2) default 0,
    tags text[]
  );
  create table public.orders (
    id bigint generated always as identity primary key,
    profile_id uuid references public.profiles (id),
    invoice_code text references public.invoices (code),
    note text
  );
  create index orders_profile_note on public.orders (profile_id, note);
  create index orders_lower_note on public.orders (lower(note)) where note is not null;

  create table public.events (id int, at date not null) partition by range (at);
  create table public.events_2026 partition of public.events
    for values from ('2026-01-01') to ('2027-01-01');
  create materialized view public.invoice_totals as select sum(amount) as total from public.invoices;
  create foreign table public.remote_items (id int) server loopback;
  create view public.user_emails with (security_invoker = true) as
    select id, email from auth.users;
  create view public.profile_names as select id, display_name from public.profiles;
  create table app.internal (id int primary key);

  create function public.find_profiles(p_user uuid, p_limit integer default 10)
    returns setof public.profiles language sql stable security definer set search_path = ''
    as $$ select * from public.profiles where user_id = p_user limit p_limit $$;
  create function public.run_sql(stmt text) returns void language plpgsql
    set search_path = public, extensions
    as $$ begin
      EXECUTE
        stmt;
    end $$;
  create function public.install_audit() returns void language plpgsql as $$
    begin
      perform 'create trigger audit after insert on public.orders for each row execute function public.audit()';
      perform 'create trigger audit2 after insert on public.orders for each row EXECUTE PROCEDURE public.audit()';
    end $$;
  create function public.audit() returns trigger language plpgsql as $$ begin return new; end $$;
  create trigger audit_orders after insert on public.orders for each row execute function public.audit();
  create function public.sql_mentions_execute() returns text language sql
    as $$ select 'execute me' $$;
  create function app.hidden(a int, out b int) language sql as $$ select a $$;
  revoke execute on function public.find_profiles(uuid, integer) from public, anon;
  revoke execute on function public.run_sql(text) from public, anon, authenticated;

  revoke all on public.invoices from anon, authenticated;
  grant select on public.invoices to public;
  revoke all on public.orders from anon;
  grant select (id, note) on public.orders to anon;
  grant update (note) on public.orders to public;

  insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true), ('docs', 'docs', false);
`;

describe('introspect', () => {
  let db: TestDatabase;
  let admin: Client;
  let inventory: Inventory;
  const suffix = crypto.randomBytes(4).toString('hex');
  const readers = `pk_readers_${suffix}`;
  const noInherit = `pk_noinherit_${suffix}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await db.connect();
    await admin.query(FIXTURE);
    // Privileges that reach the API roles through role membership.
    await admin.query(`
      create role ${readers} nologin;
      create role ${noInherit} nologin;
      create table public.reports (id int primary key);
      create table public.hidden_reports (id int primary key);
      revoke all on public.reports, public.hidden_reports from anon, authenticated;
      grant select on public.reports to ${readers};
      grant delete on public.hidden_reports to ${noInherit};
      grant ${noInherit} to anon;
    `);
    // The API roles are NOINHERIT: only a grant WITH INHERIT TRUE (PostgreSQL 16+)
    // passes a group's privileges on; a plain grant passes nothing.
    await admin.query(
      db.serverMajorVersion >= 16
        ? `grant ${readers} to authenticated with inherit true`
        : `grant ${readers} to authenticated`,
    );
    inventory = await inventoryOf(db.url);
  });

  afterAll(async () => {
    // Roles are cluster-wide, and a remediation test running beside this one in
    // another database may grant them EXECUTE there (a grant-back keeps every role
    // that could execute a function through PUBLIC): drop what they hold in every
    // database, then the roles, then this database.
    const roles = [readers, noInherit];
    const { rows } = await admin.query(
      `select distinct d.datname from pg_catalog.pg_shdepend s
         join pg_catalog.pg_database d on d.oid = s.dbid
         join pg_catalog.pg_roles r on r.oid = s.refobjid
        where r.rolname = any($1::text[])`,
      [roles],
    );
    for (const { datname } of rows) {
      const url = new URL(db.url);
      url.pathname = `/${encodeURIComponent(datname)}`;
      const other = new Client({ connectionString: url.toString() });
      await other.connect();
      try {
        await other.query(`drop owned by ${roles.join(', ')}`);
      } finally {
        await other.end();
      }
    }
    await admin.query(`
      drop owned by ${roles.join(', ')};
      drop role ${readers};
      drop role ${noInherit};
    `);
    await db?.drop();
  });

  const relation = (schema: string, name: string) =>
    inventory.relations.find(r => r.schema === schema && r.name === name);
  const fn = (schema: string, name: string) =>
    inventory.functions.find(f => f.schema === schema && f.name === name);

  it('describes the server and the snapshot', () => {
    expect(inventory.formatVersion).toBe(1);
    expect(inventory.server.database).toBe(db.name);
    expect(inventory.server.versionNum).toBeGreaterThanOrEqual(150000);
    expect(Math.floor(inventory.server.versionNum / 10000)).toBe(
      db.serverMajorVersion,
    );
    expect(inventory.server.settings).toMatchObject({
      search_path: '""',
      statement_timeout: '30000',
    });
    expect(inventory.schemas.map(s => s.name)).toEqual(['app', 'public']);
  });

  it('reads every relation kind', () => {
    const kinds = Object.fromEntries(
      inventory.relations.map(r => [`${r.schema}.${r.name}`, r.kind]),
    );
    expect(kinds).toEqual({
      'app.internal': 'table',
      'public.events': 'partitioned_table',
      'public.events_2026': 'table',
      'public.hidden_reports': 'table',
      'public.invoice_totals': 'materialized_view',
      'public.invoices': 'table',
      'public.orders': 'table',
      'public.profile_names': 'view',
      'public.profiles': 'table',
      'public.remote_items': 'foreign_table',
      'public.reports': 'table',
      'public.user_emails': 'view',
    });
    expect(relation('public', 'events_2026')?.isPartition).toBe(true);
    expect(relation('public', 'events')?.isPartition).toBe(false);
    expect(relation('public', 'orders')?.hasPrimaryKey).toBe(true);
    expect(relation('public', 'events')?.hasPrimaryKey).toBe(false);
    expect(inventory.relations.every(r => r.managed === false)).toBe(true);
  });

  it('reads RLS state and security_invoker', () => {
    expect(relation('public', 'profiles')).toMatchObject({
      rlsEnabled: true,
      rlsForced: true,
      securityInvoker: null,
    });
    expect(relation('public', 'orders')).toMatchObject({
      rlsEnabled: false,
      rlsForced: false,
    });
    expect(relation('public', 'user_emails')?.securityInvoker).toBe(true);
    expect(relation('public', 'profile_names')?.securityInvoker).toBe(false);
  });

  it('reads columns with types and defaults, schema-qualified', () => {
    const columns = inventory.columns.filter(
      c => c.schema === 'public' && c.table === 'invoices',
    );
    expect(columns).toEqual([
      {
        schema: 'public',
        table: 'invoices',
        name: 'id',
        position: 1,
        type: 'integer',
        baseType: 'int4',
        notNull: true,
        default: "nextval('public.invoices_id_seq'::regclass)",
      },
      {
        schema: 'public',
        table: 'invoices',
        name: 'code',
        position: 2,
        type: 'text',
        baseType: 'text',
        notNull: true,
        default: null,
      },
      {
        schema: 'public',
        table: 'invoices',
        name: 'amount',
        position: 3,
        type: 'numeric(10,2)',
        baseType: 'numeric',
        notNull: false,
        default: '0',
      },
      {
        schema: 'public',
        table: 'invoices',
        name: 'tags',
        position: 4,
        type: 'text[]',
        baseType: 'text',
        notNull: false,
        default: null,
      },
    ]);
    expect(
      inventory.columns.find(
        c => c.table === 'profiles' && c.name === 'created_at',
      )?.default,
    ).toBe('now()');
  });

  it('reads index keys, including expression and partial indexes', () => {
    const indexes = Object.fromEntries(
      inventory.indexes.filter(i => i.table === 'orders').map(i => [i.name, i]),
    );
    expect(indexes.orders_pkey).toMatchObject({
      keys: [1],
      primary: true,
      unique: true,
      constraint: 'orders_pkey',
    });
    expect(indexes.orders_profile_note).toMatchObject({
      keys: [2, 4],
      primary: false,
      partial: false,
      constraint: null,
      definition:
        'CREATE INDEX orders_profile_note ON public.orders USING btree (profile_id, note)',
    });
    expect(indexes.orders_lower_note).toMatchObject({
      keys: [0],
      partial: true,
    });
  });

  it('reads foreign keys with the kind of index they reference', () => {
    const fks = inventory.constraints.filter(
      c => c.type === 'foreign_key' && c.table === 'orders',
    );
    expect(fks.map(c => ({ keys: c.keys, references: c.references }))).toEqual([
      {
        keys: [3],
        references: {
          schema: 'public',
          table: 'invoices',
          keys: [2],
          indexKind: 'unique',
        },
      },
      {
        keys: [2],
        references: {
          schema: 'public',
          table: 'profiles',
          keys: [1],
          indexKind: 'primary_key',
        },
      },
    ]);
    expect(
      inventory.constraints.find(
        c => c.table === 'profiles' && c.type === 'foreign_key',
      )?.references,
    ).toEqual({
      schema: 'auth',
      table: 'users',
      keys: [2],
      indexKind: 'primary_key',
    });
  });

  it('reads policies with roles, command and schema-qualified expressions', () => {
    const policies = inventory.policies.filter(p => p.table === 'profiles');
    expect(policies).toEqual([
      {
        schema: 'public',
        table: 'profiles',
        name: 'anyone updates',
        command: 'UPDATE',
        permissive: true,
        roles: ['public'],
        using: 'true',
        withCheck: null,
      },
      {
        schema: 'public',
        table: 'profiles',
        name: 'insert own profile',
        command: 'INSERT',
        permissive: false,
        roles: ['anon', 'authenticated'],
        using: null,
        withCheck: '(( SELECT auth.uid() AS uid) = user_id)',
      },
      {
        schema: 'public',
        table: 'profiles',
        name: 'read own profile',
        command: 'SELECT',
        permissive: true,
        roles: ['authenticated'],
        using: '(( SELECT auth.uid() AS uid) = user_id)',
        withCheck: null,
      },
    ]);
  });

  it('reads functions: identity arguments, security definer, search_path, dynamic SQL', () => {
    expect(fn('public', 'find_profiles')).toMatchObject({
      identityArguments: 'p_user uuid, p_limit integer',
      resultType: 'SETOF public.profiles',
      kind: 'function',
      language: 'sql',
      volatility: 'stable',
      securityDefiner: true,
      config: ['search_path=""'],
      searchPath: '""',
      dynamicSql: false,
    });
    expect(fn('public', 'run_sql')).toMatchObject({
      identityArguments: 'stmt text',
      securityDefiner: false,
      searchPath: 'public, extensions',
      dynamicSql: true,
    });
    expect(fn('public', 'install_audit')).toMatchObject({
      searchPath: null,
      dynamicSql: false,
    });
    expect(fn('public', 'audit')).toMatchObject({
      resultType: 'trigger',
      dynamicSql: false,
    });
    expect(fn('public', 'sql_mentions_execute')?.dynamicSql).toBe(false);
    // As ALTER FUNCTION accepts them; OUT arguments are listed but not identifying.
    expect(fn('app', 'hidden')?.identityArguments).toMatch(
      /^a integer(, OUT b integer)?$/,
    );
  });

  it('leaves out objects of managed schemas and of extensions', () => {
    const managed = [
      'auth',
      'storage',
      'extensions',
      'graphql_public',
      'realtime',
    ];
    expect(inventory.relations.filter(r => managed.includes(r.schema))).toEqual(
      [],
    );
    expect(inventory.functions.filter(f => managed.includes(f.schema))).toEqual(
      [],
    );
    expect(inventory.columns.filter(c => managed.includes(c.schema))).toEqual(
      [],
    );
    // postgres_fdw's handler and validator live in public but belong to the extension.
    expect(
      inventory.functions.filter(f => f.name.startsWith('postgres_fdw')),
    ).toEqual([]);
    expect(
      inventory.functions.map(f => `${f.schema}.${f.name}`).sort(),
    ).toEqual([
      'app.hidden',
      'public.audit',
      'public.find_profiles',
      'public.install_audit',
      'public.run_sql',
      'public.sql_mentions_execute',
    ]);
    expect(inventory.privileges.functions.map(p => p.name)).not.toContain(
      'postgres_fdw_handler',
    );
  });

  it('reads extensions', () => {
    const extensions = Object.fromEntries(
      inventory.extensions.map(e => [e.name, e]),
    );
    expect(extensions.postgres_fdw).toMatchObject({
      schema: 'public',
      installedVersionAvailable: true,
    });
    expect(extensions.pgcrypto).toMatchObject({ schema: 'extensions' });
    expect(extensions.plpgsql).toMatchObject({ schema: 'pg_catalog' });
  });

  it('reads table privileges of anon, authenticated and PUBLIC', () => {
    const tables = (name: string) =>
      Object.fromEntries(
        inventory.privileges.tables
          .filter(p => p.schema === 'public' && p.name === name)
          .map(p => [p.grantee, p.privileges]),
      );
    const all = ['DELETE', 'INSERT', 'SELECT', 'TRUNCATE', 'UPDATE'];
    expect(tables('profiles')).toEqual({
      anon: [...all].sort(byPrivilegeOrder),
      authenticated: [...all].sort(byPrivilegeOrder),
    });
    // SELECT granted to PUBLIC reaches both API roles.
    expect(tables('invoices')).toEqual({
      PUBLIC: ['SELECT'],
      anon: ['SELECT'],
      authenticated: ['SELECT'],
    });
    expect(tables('orders').anon).toBeUndefined();
  });

  it('follows role membership the way PostgreSQL does', () => {
    const reports = inventory.privileges.tables.filter(
      p => p.name === 'reports',
    );
    expect(reports.map(p => [p.grantee, p.privileges])).toEqual(
      db.serverMajorVersion >= 16 ? [['authenticated', ['SELECT']]] : [],
    );
    // anon is NOINHERIT, so a plain membership passes nothing on.
    expect(
      inventory.privileges.tables.filter(p => p.name === 'hidden_reports'),
    ).toEqual([]);
  });

  it('reads column privileges where column grants exist', () => {
    const columns = inventory.privileges.columns
      .filter(p => p.table === 'orders')
      .map(p => `${p.grantee}.${p.column}:${p.privileges.join('|')}`);
    expect(columns).toEqual(
      expect.arrayContaining([
        'anon.id:SELECT',
        'anon.note:SELECT|UPDATE',
        'PUBLIC.note:UPDATE',
      ]),
    );
    expect(columns).not.toContain('anon.profile_id:SELECT');
    expect(columns.filter(c => c.startsWith('PUBLIC.'))).toEqual([
      'PUBLIC.note:UPDATE',
    ]);
  });

  it('reads function privileges of anon, authenticated and PUBLIC', () => {
    const grantees = (name: string) =>
      inventory.privileges.functions
        .filter(p => p.name === name)
        .map(p => p.grantee)
        .sort();
    expect(grantees('audit')).toEqual(['PUBLIC', 'anon', 'authenticated']);
    expect(grantees('find_profiles')).toEqual(['authenticated']);
    expect(grantees('run_sql')).toEqual([]);
    expect(
      inventory.privileges.functions.find(p => p.name === 'find_profiles')
        ?.identityArguments,
    ).toBe('p_user uuid, p_limit integer');
  });

  it('reads view dependencies, including on auth.users', () => {
    expect(inventory.viewDependencies).toEqual(
      expect.arrayContaining([
        {
          schema: 'public',
          name: 'user_emails',
          referencedSchema: 'auth',
          referencedName: 'users',
        },
        {
          schema: 'public',
          name: 'profile_names',
          referencedSchema: 'public',
          referencedName: 'profiles',
        },
        {
          schema: 'public',
          name: 'invoice_totals',
          referencedSchema: 'public',
          referencedName: 'invoices',
        },
      ]),
    );
    expect(
      inventory.viewDependencies.filter(d => d.name === 'user_emails'),
    ).toHaveLength(1);
  });

  it('reads storage buckets', () => {
    expect(inventory.storageBuckets).toEqual([
      { id: 'avatars', name: 'avatars', public: true },
      { id: 'docs', name: 'docs', public: false },
    ]);
  });

  it('reports progress once per catalog query', async () => {
    const steps: string[] = [];
    const counting = new CountingExecutor(new PgExecutor(db.url));
    try {
      await introspect(counting, { onProgress: s => steps.push(s) });
    } finally {
      await counting.close();
    }
    expect(steps).toHaveLength(counting.queries.length);
    expect(steps).toContain('storage buckets');
  });

  describe('exposed schemas', () => {
    it('uses the option first', async () => {
      const inv = await inventoryOf(db.url, { exposedSchemas: ['app'] });
      expect(inv.exposedSchemas).toEqual({
        schemas: ['app'],
        source: 'option',
      });
      expect(inv.schemas.find(s => s.name === 'app')?.exposed).toBe(true);
      expect(inv.schemas.find(s => s.name === 'public')?.exposed).toBe(false);
    });

    it("reads the authenticator role's cluster-wide setting", () => {
      // The Supabase-like fixture sets ALTER ROLE authenticator SET pgrst.db_schemas.
      expect(inventory.exposedSchemas).toEqual({
        schemas: ['public', 'graphql_public'],
        source: 'authenticator_role',
      });
    });

    it("prefers the authenticator role's setting for this database", async () => {
      await admin.query(
        `alter role authenticator in database "${db.name}" set pgrst.db_schemas = 'public, "app"'`,
      );
      try {
        const inv = await inventoryOf(db.url);
        expect(inv.exposedSchemas).toEqual({
          schemas: ['public', 'app'],
          source: 'authenticator_role',
        });
        expect(inv.schemas.every(s => s.exposed)).toBe(true);
        // The option still wins.
        expect(
          (await inventoryOf(db.url, { exposedSchemas: ['public'] }))
            .exposedSchemas.source,
        ).toBe('option');
      } finally {
        await admin.query(
          `alter role authenticator in database "${db.name}" reset pgrst.db_schemas`,
        );
      }
    });

    it('resolves option > database role setting > cluster role setting > session > default', () => {
      const input = {
        authenticatorDbConfig: ['pgrst.db_schemas=db_specific'],
        authenticatorConfig: [
          'statement_timeout=3s',
          'pgrst.db_schemas=cluster',
        ],
        sessionDbSchemas: 'session_a, "session_b"',
      };
      expect(resolveExposedSchemas({ ...input, option: ['opt'] })).toEqual({
        schemas: ['opt'],
        source: 'option',
      });
      expect(resolveExposedSchemas({ ...input, option: [] })).toEqual({
        schemas: ['db_specific'],
        source: 'authenticator_role',
      });
      expect(
        resolveExposedSchemas({ ...input, authenticatorDbConfig: null }),
      ).toEqual({ schemas: ['cluster'], source: 'authenticator_role' });
      expect(
        resolveExposedSchemas({
          ...input,
          authenticatorDbConfig: ['search_path=public'],
        }),
      ).toEqual({ schemas: ['cluster'], source: 'authenticator_role' });
      expect(
        resolveExposedSchemas({
          ...input,
          authenticatorDbConfig: null,
          authenticatorConfig: ['statement_timeout=3s'],
        }),
      ).toEqual({ schemas: ['session_a', 'session_b'], source: 'session' });
      expect(
        resolveExposedSchemas({
          authenticatorDbConfig: null,
          authenticatorConfig: null,
          sessionDbSchemas: null,
        }),
      ).toEqual({ schemas: ['public'], source: 'default' });
      expect(
        resolveExposedSchemas({
          authenticatorDbConfig: ['pgrst.db_schemas='],
          authenticatorConfig: null,
          sessionDbSchemas: ' , ',
        }),
      ).toEqual({ schemas: ['public'], source: 'default' });
    });
  });
});

/** The order the TABLE_PRIVILEGES query lists privileges in. */
function byPrivilegeOrder(a: string, b: string): number {
  const order = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
  return order.indexOf(a) - order.indexOf(b);
}

describe('introspect sends one catalog query per object kind', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map(d => d.drop()));
  });

  async function countQueries(tables: number): Promise<number> {
    const db = await createTestDatabase();
    dbs.push(db);
    const client = await db.connect();
    await client.query(`
      do $$ begin
        for i in 1..${tables} loop
          execute format('create table public.t%s (id int primary key, owner uuid references auth.users (id), note text)', i);
          execute format('alter table public.t%s enable row level security', i);
          execute format('create policy p on public.t%s for select to authenticated using ((select auth.uid()) = owner)', i);
          execute format('create index on public.t%s (note)', i);
          execute format('create view public.v%s as select * from public.t%s', i, i);
          execute format('create function public.f%s() returns int language sql as $f$ select %s $f$', i, i);
        end loop;
      end $$;
    `);
    const counting = new CountingExecutor(new PgExecutor(db.url));
    try {
      const inv = await introspect(counting);
      expect(inv.relations.filter(r => r.kind === 'table')).toHaveLength(
        tables,
      );
      expect(inv.policies.filter(p => p.schema === 'public')).toHaveLength(
        tables,
      );
    } finally {
      await counting.close();
    }
    return counting.queries.length;
  }

  it('needs as many queries for 60 tables as for 3', async () => {
    const few = await countQueries(3);
    const many = await countQueries(60);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(16);
  });
});

describe('introspect as a role without superuser rights', () => {
  let db: TestDatabase;
  let admin: Client;
  const scanner = `pk_scanner_${crypto.randomBytes(4).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('hex');

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await db.connect();
    await admin.query(FIXTURE);
    await admin.query(`
      create table public.open_notes (id int primary key, body text);
      create view public.leaky as select id, email, raw_user_meta_data from auth.users;
      grant select on public.leaky to anon;
      create role ${scanner} login password '${password}' nosuperuser nocreatedb nocreaterole;
      revoke all on database "${db.name}" from public;
      grant connect on database "${db.name}" to ${scanner};
    `);
  });

  afterAll(async () => {
    await admin?.query(`drop owned by ${scanner}; drop role ${scanner}`);
    await db?.drop();
  });

  const security = (inv: Inventory) =>
    runLints(inv, { only: 'SECURITY' }).findings.map(f => f.cache_key);

  it('yields the security findings of a superuser scan', async () => {
    const scannerUrl = withCredentials(db.url, scanner, password);
    const asSuperuser = await inventoryOf(db.url);
    const asScanner = await inventoryOf(scannerUrl);
    expect(asScanner.server.currentUser).toBe(scanner);
    expect(asScanner.roles.find(r => r.name === scanner)?.superuser).toBe(
      false,
    );

    // Without access to storage.buckets the buckets are unknown, not absent.
    expect(asScanner.storageBuckets).toBeNull();
    const withoutBuckets = security(asSuperuser).filter(
      k => !k.startsWith('public_bucket_allows_listing'),
    );
    expect(security(asScanner)).toEqual(withoutBuckets);
    expect(security(asSuperuser).length).toBeGreaterThan(5);

    // Everything else the lints read is the same.
    const comparable = (inv: Inventory) => ({
      ...inv,
      capturedAt: undefined,
      server: { ...inv.server, currentUser: undefined, settings: undefined },
      roles: inv.roles.filter(r => r.name !== scanner),
      storageBuckets: undefined,
      relations: inv.relations.map(r => ({
        ...r,
        bloatRatio: undefined,
        bloatBytes: undefined,
      })),
    });
    expect(comparable(asScanner)).toEqual(comparable(asSuperuser));
  });

  it('reads the buckets only when RLS does not hide any of them', async () => {
    const scannerUrl = withCredentials(db.url, scanner, password);
    await admin.query(`
      grant usage on schema storage to ${scanner};
      grant select on storage.buckets to ${scanner};
    `);
    // storage.buckets has RLS without a policy for the scanner: it would see no rows.
    expect((await inventoryOf(scannerUrl)).storageBuckets).toBeNull();

    await admin.query(`alter role ${scanner} bypassrls`);
    const asScanner = await inventoryOf(scannerUrl);
    const asSuperuser = await inventoryOf(db.url);
    expect(asScanner.storageBuckets).toEqual(asSuperuser.storageBuckets);
    expect(security(asScanner)).toEqual(security(asSuperuser));
  });
});
