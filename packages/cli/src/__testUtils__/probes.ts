import { TestDatabase } from '@platform-kit/devtools';
import { DeclaredProbe } from './probeFixtures';
import { RpcCall } from './probeCalls';

/** A superuser connection of the test database. */
type Client = Awaited<ReturnType<TestDatabase['connect']>>;

/** The API roles the probes run as. */
export const PROBE_ROLES = ['anon', 'authenticated'] as const;
type ApiRole = (typeof PROBE_ROLES)[number];

/** The schemas whose tables and views are probed: the Data API's and Storage's. */
export const PROBED_SCHEMAS = ['public', 'storage'];

/** One statement run as an API role, in a transaction that is rolled back. */
export interface Probe {
  /** Unique and stable, e.g. `anon select public.todos`. */
  id: string;
  /** An API role, or the role a declared probe names. */
  role: string;
  sql: string;
  params: (string | null)[];
  /** Record the single value the statement returns (counts), not only the row count. */
  value: boolean;
}

/** `ok rows=<n>[ value=<v>]`, or `error <code>: <message>`. */
export type ProbeResults = Record<string, string>;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Relation {
  schema: string;
  name: string;
  kind: string;
  /** Columns an INSERT or UPDATE may name (not generated, not identity ALWAYS). */
  columns: string[];
}

async function relations(admin: Client): Promise<Relation[]> {
  const { rows } = await admin.query<Relation>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind,
            coalesce(array_agg(a.attname::text ORDER BY a.attnum)
                     FILTER (WHERE a.attnum > 0), '{}') AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            AND NOT a.attisdropped AND a.attgenerated = '' AND a.attidentity <> 'a'
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND NOT EXISTS (SELECT FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      GROUP BY n.nspname, c.relname, c.relkind
      ORDER BY 1, 2`,
    [PROBED_SCHEMAS],
  );
  return rows;
}

function relationProbes(role: ApiRole, r: Relation): Probe[] {
  const table = `${ident(r.schema)}.${ident(r.name)}`;
  const at = `${r.schema}.${r.name}`;
  const probes: Probe[] = [
    {
      id: `${role} select ${at}`,
      role,
      sql: `SELECT count(*)::int FROM ${table}`,
      params: [],
      value: true,
    },
  ];
  if ((r.kind !== 'r' && r.kind !== 'p') || !r.columns.length) return probes;
  const cols = r.columns.map(ident).join(', ');
  const col = ident(r.columns[r.columns.length - 1]);
  probes.push(
    {
      id: `${role} insert-none ${at}`,
      role,
      sql: `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${table} WHERE false`,
      params: [],
      value: false,
    },
    {
      id: `${role} update ${at}`,
      role,
      sql: `UPDATE ${table} SET ${col} = ${col}`,
      params: [],
      value: false,
    },
    {
      id: `${role} delete ${at}`,
      role,
      sql: `DELETE FROM ${table}`,
      params: [],
      value: false,
    },
  );
  return probes;
}

async function rpcProbes(admin: Client, calls: RpcCall[]): Promise<Probe[]> {
  const { rows } = await admin.query<{ name: string }>(
    `SELECT DISTINCT p.proname AS name FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.proname = ANY($1)`,
    [calls.map(c => c.fn)],
  );
  const present = new Set(rows.map(r => r.name));
  return calls
    .filter(c => present.has(c.fn))
    .flatMap(call =>
      PROBE_ROLES.map(role => {
        const names = Object.keys(call.args);
        return {
          id: `${role} rpc public.${call.fn}(${names.join(', ')}) at ${
            call.location
          }`,
          role,
          sql: `SELECT * FROM public.${ident(call.fn)}(${names
            .map((n, i) => `${ident(n)} => $${i + 1}`)
            .join(', ')})`,
          params: names.map(n => call.args[n]),
          value: false,
        };
      }),
    );
}

/**
 * The probes of a database, from its catalogs: for anon and authenticated,
 * `select count(*)` of every table and view of the probed schemas, an insert
 * of no rows, an update of every visible row to itself and a delete of every
 * visible row; every RPC the application calls (with its literal arguments);
 * and the statements the fixture declares.
 */
export async function planProbes(
  admin: Client,
  input: { rpcCalls: RpcCall[]; declared: DeclaredProbe[] },
): Promise<Probe[]> {
  const rels = await relations(admin);
  const probes = [
    ...PROBE_ROLES.flatMap(role => rels.flatMap(r => relationProbes(role, r))),
    ...(await rpcProbes(admin, input.rpcCalls)),
    ...input.declared.map(d => ({
      id: `${d.role} declared ${d.sql}`,
      role: d.role,
      sql: d.sql,
      params: [],
      value: /^select count\(/i.test(d.sql),
    })),
  ];
  const ids = new Set<string>();
  for (const p of probes) {
    if (ids.has(p.id)) throw new Error(`two probes named ${p.id}`);
    ids.add(p.id);
  }
  return probes;
}

/** The JWT claims Supabase Auth issues for a user, from its auth.users row. */
async function userClaims(admin: Client, userId: string): Promise<string> {
  const { rows } = await admin.query(
    `SELECT id, email, raw_app_meta_data, raw_user_meta_data FROM auth.users WHERE id = $1`,
    [userId],
  );
  if (!rows.length) throw new Error(`no auth.users row ${userId}`);
  const u = rows[0];
  return JSON.stringify({
    aud: 'authenticated',
    role: 'authenticated',
    sub: u.id,
    email: u.email,
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    is_anonymous: false,
  });
}

const errorText = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return `error ${e.code ?? '?'}: ${e.message ?? String(error)}`;
};

/**
 * Runs every probe in a transaction of its own, as its role with the claims
 * PostgREST sets (`request.jwt.claims`, `search_path` public, extensions),
 * and rolls it back.
 */
export async function runProbes(
  admin: Client,
  probes: Probe[],
  userId: string,
): Promise<ProbeResults> {
  const authenticated = await userClaims(admin, userId);
  const claimsOf = (role: string) =>
    role === 'authenticated' ? authenticated : JSON.stringify({ role });
  const results: ProbeResults = {};
  for (const probe of probes) {
    await admin.query('BEGIN');
    try {
      await admin.query(`SET LOCAL statement_timeout = '10s'`);
      await admin.query(`SET LOCAL search_path = public, extensions`);
      await admin.query(
        `SELECT set_config('request.jwt.claims', $1, true), set_config('role', $2, true)`,
        [claimsOf(probe.role), probe.role],
      );
      const res = await admin.query({
        text: probe.sql,
        values: probe.params,
        rowMode: 'array',
      });
      const value =
        probe.value && res.rows.length === 1 && res.rows[0].length === 1
          ? ` value=${String(res.rows[0][0])}`
          : '';
      results[probe.id] = `ok rows=${res.rowCount ?? 0}${value}`;
    } catch (error) {
      results[probe.id] = errorText(error);
    } finally {
      await admin.query('ROLLBACK');
    }
  }
  return results;
}

export interface ProbeChange {
  probe: string;
  before: string;
  after: string;
}

/**
 * What a change did to the probes: regressions (ok before, an error after,
 * or not run after) and changed results of probes that worked both times
 * (row counts of selects, rows an update or delete reaches).
 */
export function compareProbes(
  before: ProbeResults,
  after: ProbeResults,
): { regressions: ProbeChange[]; changed: ProbeChange[] } {
  const regressions: ProbeChange[] = [];
  const changed: ProbeChange[] = [];
  for (const [probe, was] of Object.entries(before)) {
    const now = after[probe] ?? 'not run';
    if (!was.startsWith('ok') || was === now) continue;
    (now.startsWith('ok') ? changed : regressions).push({
      probe,
      before: was,
      after: now,
    });
  }
  return { regressions, changed };
}
