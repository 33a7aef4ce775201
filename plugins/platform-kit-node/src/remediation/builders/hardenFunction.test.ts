import { parseSql, squawkLint } from '@platform-kit/devtools';
import {
  DbFunction,
  Inventory,
} from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
import { renderPlanSql } from '../renderPlan';
import { ident, literal } from '../sql';
import {
  formatSearchPath,
  parseSearchPath,
  pinnedSearchPath,
  templateStatements,
} from './hardenFunction';

jest.setTimeout(60_000);

const WEIRD = 'we"ird sch€ma';
const LINT = 'function_search_path_mutable';
// The search_path Supabase gives its callers; the scan itself runs with ''.
const CALLER_PATH = '"$user", public, extensions';

const CALLS = {
  count: `select "we""ird sch€ma"."select"(10) as v`,
  concat: `select "we""ird sch€ma"."select"('x:'::text) as v`,
  procedure: `call public."do it"(5, null)`,
  definer: `select public.slug('https://example.com') as v`,
};

describe('function_search_path_mutable patch', () => {
  let fx: ScanFixture;
  let caller: Client;

  const callAll = async () => {
    const out: Record<string, unknown> = {};
    for (const [key, sql] of Object.entries(CALLS))
      out[key] = (await caller.query(sql)).rows[0];
    return out;
  };

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      set search_path = ${CALLER_PATH};
      create schema "we""ird sch€ma";
      create table public.items (id int primary key, label text not null);
      insert into public.items values (1, 'a'), (2, 'b'), (3, 'c');
      -- Overloads named by a reserved word, in a schema named with a quote, a space and a euro sign.
      create function "we""ird sch€ma"."select"(a integer) returns bigint
        language sql stable as $$ select count(*) + a from items $$;
      create function "we""ird sch€ma"."select"(a text) returns text
        language plpgsql stable as $$
        begin return a || (select string_agg(label, ',' order by id) from items); end $$;
      create procedure public."do it"(in n integer, inout total bigint)
        language plpgsql as $$ begin total := n + (select count(*) from items); end $$;
      -- Calls an extension function (uuid-ossp lives in extensions) unqualified.
      create function public.slug(t text) returns text language sql stable security definer
        as $$ select uuid_generate_v5(uuid_ns_url(), t)::text $$;
      grant execute on function public.slug(text) to anon;
    `);
    caller = await fx.db.connect();
    await caller.query(`set search_path = ${CALLER_PATH}`);
  });
  afterAll(() => fx.db.drop());

  it('pins the callers’ path on every function and procedure, which keep returning the same', async () => {
    const before = await callAll();
    expect(before).toEqual({
      count: { v: '13' },
      concat: { v: 'x:a,b,c' },
      procedure: { total: '8' },
      definer: { v: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });

    // The defect: what they resolve depends on the caller's path.
    await caller.query(`set search_path = ''`);
    await expect(caller.query(CALLS.count)).rejects.toThrow(
      /relation "items" does not exist/,
    );
    await caller.query(`set search_path = ${CALLER_PATH}`);

    const findings = await fx.findings(LINT);
    expect(findings.map(f => f.cache_key).sort()).toEqual([
      `${LINT}_public_do it_INninteger,INOUTtotalbigint`,
      `${LINT}_public_slug_ttext`,
      `${LINT}_${WEIRD}_select_ainteger`,
      `${LINT}_${WEIRD}_select_atext`,
    ]);
    const inventory = await fx.inventory();
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: [LINT],
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.patches).toHaveLength(4);
    const path = '"pg_catalog", "public", "extensions", "pg_temp"';
    const patchOf = (name: string, args: string) =>
      plan.patches.find(p =>
        p.findingKey.endsWith(`_${name}_${args.replace(/\s+/g, '')}`),
      )!;

    const overload = patchOf('select', 'a integer');
    expect(overload).toMatchObject({
      lint: LINT,
      title: `Pin the search_path of function ${WEIRD}.select(a integer)`,
      manual: null,
    });
    expect(overload.steps).toEqual([
      expect.objectContaining({
        sql: `ALTER FUNCTION "we""ird sch€ma"."select"(a integer) SET search_path = ${path}`,
        risk: 'safe',
        transactional: true,
        resolves: [overload.findingKey],
        functions: ['"we""ird sch€ma"."select"(a integer)'],
      }),
      expect.objectContaining({
        sql: expect.stringMatching(
          /^COMMENT ON FUNCTION "we""ird sch€ma"\."select"\(a integer\) IS 'search_path pinned to .*'$/s,
        ),
        risk: 'safe',
      }),
    ]);
    expect(overload.steps[0].rationale).toContain('pg_temp explicitly last');
    expect(
      patchOf('do it', 'IN n integer, INOUT total bigint').steps[0].sql,
    ).toBe(
      `ALTER PROCEDURE "public"."do it"(IN n integer, INOUT total bigint) SET search_path = ${path}`,
    );

    const sql = renderPlanSql(plan);
    await expect(parseSql(sql)).resolves.toBe(3 + 8 + 1);
    expect(squawkLint(sql)).toEqual([]);

    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings(LINT)).toEqual([]);
    expect(await callAll()).toEqual(before);

    // Pinned: the functions resolve the same with any caller path, even an
    // empty one or a temporary table that shadows the one they use.
    await caller.query(`set search_path = ''`);
    expect(await callAll()).toEqual(before);
    await caller.query(`create temp table items (id int, label text)`);
    await caller.query(`set search_path = pg_temp, ${CALLER_PATH}`);
    expect(await callAll()).toEqual(before);

    const { rows } = await caller.query(
      `select p.proname, p.proconfig, obj_description(p.oid, 'pg_proc') as comment
         from pg_proc p where p.oid = '"we""ird sch€ma"."select"(integer)'::regprocedure`,
    );
    expect(rows[0].proconfig).toEqual([
      'search_path=pg_catalog, public, extensions, pg_temp',
    ]);
    expect(rows[0].comment).toContain('search_path pinned to');

    // Idempotent: the same plan applies again.
    await applyPlanSql(fx.db.url, plan);
    expect(await callAll()).toEqual(before);
  });

  describe('the path it pins', () => {
    let inventory: Inventory;
    beforeAll(async () => {
      inventory = await fx.inventory();
    });
    const fn = (schema: string): DbFunction => ({
      ...inventory.functions[0],
      schema,
      name: 'f',
      identityArguments: '',
      searchPath: null,
    });
    const pinned = (
      search_path: string | undefined,
      schema = 'public',
      changes: Partial<Inventory> = {},
    ) =>
      pinnedSearchPath(fn(schema), {
        ...inventory,
        server: {
          ...inventory.server,
          settings:
            search_path === undefined
              ? {}
              : { ...inventory.server.settings, search_path },
        },
        ...changes,
      }).schemas;

    it('reads search_path settings as PostgreSQL splits them', () => {
      expect(parseSearchPath('"$user", public')).toEqual(['$user', 'public']);
      expect(parseSearchPath('""')).toEqual([]);
      expect(parseSearchPath('')).toEqual([]);
      expect(
        parseSearchPath(' "we""ird sch€ma" ,Public,"A, b",  extensions '),
      ).toEqual([WEIRD, 'public', 'A, b', 'extensions']);
      expect(
        parseSearchPath(formatSearchPath([WEIRD, 'A, b', '$user'])),
      ).toEqual([WEIRD, 'A, b', '$user']);
      expect(() => parseSearchPath('"open')).toThrow(/unterminated/);
    });

    it('uses the recorded default: existing schemas in order, without "$user"', () => {
      expect(
        pinned(`"$user", public, "we""ird sch€ma", nowhere, extensions`),
      ).toEqual(['pg_catalog', 'public', WEIRD, 'extensions', 'pg_temp']);
    });

    it('takes the empty path a scan runs with as unknown: PostgreSQL’s default, plus extensions where Supabase keeps them', () => {
      expect(inventory.server.settings.search_path).toBe('""');
      expect(pinned('""')).toEqual([
        'pg_catalog',
        'public',
        'extensions',
        'pg_temp',
      ]);
      expect(pinned(undefined)).toEqual(pinned('""'));
      expect(pinned('""', 'public', { extensions: [] })).toEqual([
        'pg_catalog',
        'public',
        'pg_temp',
      ]);
    });

    it('keeps an explicit pg_catalog where the default puts it; pg_temp always goes last', () => {
      expect(pinned('public, pg_catalog')).toEqual([
        'public',
        'pg_catalog',
        'pg_temp',
      ]);
      expect(pinned('pg_temp, public')).toEqual([
        'pg_catalog',
        'public',
        'pg_temp',
      ]);
    });

    it('puts an exposed function schema first, as PostgREST calls it', () => {
      expect(
        pinned('public', WEIRD, {
          exposedSchemas: { schemas: ['public', WEIRD], source: 'option' },
        }),
      ).toEqual(['pg_catalog', WEIRD, 'public', 'pg_temp']);
      expect(pinned('public', WEIRD)).toEqual([
        'pg_catalog',
        'public',
        'pg_temp',
      ]);
    });

    it('adds extensions when an extension on the path is one the extension lints move', () => {
      const citext = {
        name: 'citext',
        schema: 'public',
        installedVersion: '1.6',
        defaultVersion: '1.6',
        installedVersionAvailable: true,
        relocatable: true,
      };
      expect(pinned('public', 'public', { extensions: [citext] })).toEqual([
        'pg_catalog',
        'public',
        'extensions',
        'pg_temp',
      ]);
      expect(
        pinned('public', 'public', {
          extensions: [{ ...citext, relocatable: false }],
        }),
      ).toEqual(['pg_catalog', 'public', 'pg_temp']);
    });

    it('splits templates into statements that values cannot split', () => {
      const [alter, comment] = templateStatements(
        'harden_function',
        ['kind', 'routine', 'search_path', 'comment'],
        2,
      );
      const values = {
        kind: 'FUNCTION',
        routine: `${ident('a;\nb {{kind}}')}()`,
        search_path: formatSearchPath(['x;\n']),
        comment: literal(';\n$1'),
      };
      expect(alter(values)).toBe(
        `ALTER FUNCTION "a;\nb {{kind}}"() SET search_path = "x;\n"`,
      );
      expect(comment(values)).toBe(
        `COMMENT ON FUNCTION "a;\nb {{kind}}"() IS ';\n$1'`,
      );
      expect(() =>
        templateStatements(
          'harden_function',
          ['kind', 'routine', 'search_path', 'comment'],
          3,
        ),
      ).toThrow(/expected 3 statements, found 2/);
    });

    it('never pins a path without a user schema', () => {
      expect(pinned('"$user", nowhere', WEIRD)).toEqual([
        'pg_catalog',
        WEIRD,
        'pg_temp',
      ]);
    });
  });
});

describe('function_search_path_mutable patch of routines without arguments', () => {
  let fx: ScanFixture;
  const call = async (sql: string) => {
    const client = await fx.db.connect();
    try {
      await client.query(`set search_path = ${CALLER_PATH}`);
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create table public.items (id int primary key);
      insert into public.items values (1), (2), (3);
      -- overloads: the one without arguments is '' in the finding, not "any"
      create function public.item_count() returns bigint
        language sql stable as $$ select count(*) from items $$;
      create function public.item_count(above int) returns bigint
        language sql stable as $$ select count(*) from items where id > above $$;
      create procedure public.touch() language plpgsql
        as $$ begin perform count(*) from items; end $$;
      -- an empty search_path is a pinned one: not reported
      create function public.qualified() returns bigint language sql stable
        set search_path = '' as $$ select count(*) from public.items $$;
    `);
  });
  afterAll(() => fx.db.drop());

  it('pins the path of each, told apart from its overloads', async () => {
    const findings = await fx.findings(LINT);
    expect(
      findings.map(f => [f.metadata.name, f.metadata.identity_arguments]),
    ).toEqual(
      expect.arrayContaining([
        ['item_count', ''],
        ['item_count', 'above integer'],
        ['touch', ''],
      ]),
    );
    expect(findings).toHaveLength(3);
    const inventory = await fx.inventory();
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: [LINT],
    });
    expect(plan.skipped).toEqual([]);
    const path = '"pg_catalog", "public", "extensions", "pg_temp"';
    expect(plan.patches.map(p => [p.title, p.steps[0].sql]).sort()).toEqual(
      [
        [
          'Pin the search_path of function public.item_count()',
          `ALTER FUNCTION "public"."item_count"() SET search_path = ${path}`,
        ],
        [
          'Pin the search_path of function public.item_count(above integer)',
          `ALTER FUNCTION "public"."item_count"(above integer) SET search_path = ${path}`,
        ],
        [
          'Pin the search_path of procedure public.touch()',
          `ALTER PROCEDURE "public"."touch"() SET search_path = ${path}`,
        ],
      ].sort(),
    );
    const zero = plan.patches.find(p =>
      p.title.endsWith('public.item_count()'),
    )!;
    expect(zero.steps[0].functions).toEqual(['"public"."item_count"()']);

    // A missing argument list is not an empty one; an empty path is pinned.
    const [first] = findings;
    const { identity_arguments: _gone, ...noArguments } = first.metadata;
    const qualified = {
      ...first,
      cache_key: `${LINT}_public_qualified_`,
      metadata: {
        ...first.metadata,
        name: 'qualified',
        identity_arguments: '',
      },
    };
    expect(
      buildPlan({
        targetRef: 'x',
        inventory,
        findings: [{ ...first, metadata: noArguments }, qualified],
        lints: [LINT],
      }).skipped,
    ).toEqual([
      {
        findingKey: first.cache_key,
        reason: `finding ${first.cache_key} has no metadata.identity_arguments`,
      },
      {
        findingKey: qualified.cache_key,
        reason: 'public.qualified() already pins search_path=""',
      },
    ]);

    const before = [
      await call('select public.item_count() as n'),
      await call('select public.item_count(1) as n'),
      await call('call public.touch()'),
    ];
    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings(LINT)).toEqual([]);
    expect([
      await call('select public.item_count() as n'),
      await call('select public.item_count(1) as n'),
      await call('call public.touch()'),
    ]).toEqual(before);
    expect(before[0]).toEqual([{ n: '3' }]);
  });
});
