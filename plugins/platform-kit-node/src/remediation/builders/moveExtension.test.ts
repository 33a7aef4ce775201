import { parseSql, squawkLint } from '@platform-kit/devtools';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
import { renderPlanSql } from '../renderPlan';
import { extensionDependentsSql } from './moveExtension';

jest.setTimeout(60_000);

const WEIRD = 'we"ird sch€ma';
const LINTS = ['extension_in_public', 'extension_in_exposed_schema'];
const EXPOSED = { exposedSchemas: ['public', WEIRD] };

describe('extension_in_public / extension_in_exposed_schema patch', () => {
  let fx: ScanFixture;
  let caller: Client;

  // What uses the extensions, each read the way its users read it.
  const useAll = async () => {
    const q = async (sql: string) => (await caller.query(sql)).rows;
    return {
      // Column types and defaults (citext, hstore(), gen_random_uuid()).
      insert: await q(
        `insert into public.people default values
         returning id, email::text, attrs::text, uid is not null as has_uid`,
      ),
      caseInsensitive: await q(
        `select count(*) from public.people where email = 'SOMEONE@example.COM'`,
      ),
      // A view using hstore's operator and a citext comparison.
      view: await q(`select * from public.people_attrs order by id`),
      // Functions with a pinned path that use the extensions unqualified.
      sameEmail: await q(`select public.same_email('A@x.io', 'a@X.IO') as v`),
      select: await q(`select "we""ird sch€ma"."select"('k', 'v') as v`),
      procedure: await q(`call public.count_same(null)`),
      // Pinned with extensions already: left alone.
      already: await q(`select public.already('abc') as v`),
    };
  };

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      set search_path = "$user", public, "we""ird sch€ma", extensions;
      create schema "we""ird sch€ma";
      create extension citext schema public;
      create extension hstore schema "we""ird sch€ma";
      create extension xml2 schema public;
      create table public.people (
        id int generated always as identity primary key,
        email citext not null default 'Someone@Example.com',
        attrs hstore not null default hstore('k', 'v'),
        uid uuid not null default gen_random_uuid()
      );
      create view public.people_attrs as
        select id, attrs -> 'k' as k, akeys(attrs) as keys, email = 'SOMEONE@EXAMPLE.COM' as same
          from public.people;
      create function public.same_email(a text, b text) returns boolean
        language sql stable set search_path = public as $$ select a::citext = b::citext $$;
      create function "we""ird sch€ma"."select"(k text, v text) returns text
        language plpgsql stable set search_path = "we""ird sch€ma", public as $$
        begin return (hstore(k, v) -> k) || (select count(*) from people where email = 'someone@EXAMPLE.com'); end $$;
      create procedure public.count_same(inout n bigint) language plpgsql
        set search_path = public as $$
        begin select count(*) into n from people where email = 'someone@example.com'::citext; end $$;
      create function public.already(t text) returns boolean
        language sql stable set search_path = public, extensions as $$ select t::citext = 'ABC' $$;
      create view public.xml_value as select xpath_string('<a>x</a>', '/a') as v;
    `);
    // Supabase's database default: callers find extensions unqualified.
    await fx.sql(
      `alter database "${fx.db.name}" set search_path = "$user", public, extensions`,
    );
    caller = await fx.db.connect();
  });
  afterAll(() => fx.db.drop());

  it('moves relocatable extensions to extensions and keeps what uses them working', async () => {
    const before = await useAll();
    expect(before.select).toEqual([{ v: 'v1' }]);
    expect(before.sameEmail).toEqual([{ v: true }]);

    const findings = [
      ...(await fx.findings('extension_in_public', EXPOSED)),
      ...(await fx.findings('extension_in_exposed_schema', EXPOSED)),
    ];
    expect(findings.map(f => f.cache_key).sort()).toEqual([
      `extension_in_exposed_schema_${WEIRD}_hstore`,
      'extension_in_public_citext',
      'extension_in_public_xml2',
    ]);
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(EXPOSED),
      findings,
      lints: LINTS,
    });
    expect(plan.skipped).toEqual([]);
    const patch = (name: string) =>
      plan.patches.find(p => p.findingKey.endsWith(`_${name}`))!;

    const common = [
      'CREATE SCHEMA IF NOT EXISTS "extensions"',
      'GRANT USAGE ON SCHEMA "extensions" TO "anon", "authenticated", "service_role"',
    ];
    const repinSelect = `ALTER FUNCTION "we""ird sch€ma"."select"(k text, v text) SET search_path = "we""ird sch€ma", "extensions", "public"`;
    expect(patch('citext')).toMatchObject({
      lint: 'extension_in_public',
      title: 'Move extension citext from public to extensions',
      manual: null,
    });
    expect(patch('citext').steps.map(s => s.sql)).toEqual([
      ...common,
      `ALTER PROCEDURE "public"."count_same"(INOUT n bigint) SET search_path = "public", "extensions"`,
      `ALTER FUNCTION "public"."same_email"(a text, b text) SET search_path = "public", "extensions"`,
      repinSelect,
      'ALTER EXTENSION "citext" SET SCHEMA "extensions"',
    ]);
    const move = patch('citext').steps.at(-1)!;
    expect(move).toMatchObject({
      risk: 'safe',
      transactional: true,
      resolves: ['extension_in_public_citext'],
      functions: [
        '"public"."count_same"(INOUT n bigint)',
        '"public"."same_email"(a text, b text)',
        '"we""ird sch€ma"."select"(k text, v text)',
      ],
    });
    expect(move.rationale).toContain('Unqualified references');
    expect(patch('citext').steps.every(s => s.risk === 'safe')).toBe(true);
    // The same statement for a function both moves touch: the plan runs it once.
    expect(patch('hstore').steps.map(s => s.sql)).toEqual([
      ...common,
      repinSelect,
      'ALTER EXTENSION "hstore" SET SCHEMA "extensions"',
    ]);

    // Not relocatable: a manual plan that says what depends on it.
    const xml2 = patch('xml2');
    expect(xml2.steps).toEqual([]);
    expect(xml2.manual?.reason).toMatch(/not relocatable/);
    expect(xml2.manual?.instructions).toContain(extensionDependentsSql('xml2'));
    expect(xml2.manual?.instructions).toContain(
      'CREATE EXTENSION "xml2" WITH SCHEMA "extensions"',
    );
    const dependents = await caller.query(extensionDependentsSql('xml2'));
    expect(dependents.rows.map(r => r.dependent)).toEqual([
      'rule _RETURN on view xml_value',
    ]);

    const sql = renderPlanSql(plan);
    // BEGIN, 2 SET LOCAL, 2 shared + 3 repins (one shared) + 2 moves, COMMIT.
    await expect(parseSql(sql)).resolves.toBe(3 + 7 + 1);
    expect(squawkLint(sql)).toEqual([]);

    await applyPlanSql(fx.db.url, plan);
    expect(
      [
        ...(await fx.findings('extension_in_public', EXPOSED)),
        ...(await fx.findings('extension_in_exposed_schema', EXPOSED)),
      ].map(f => f.cache_key),
    ).toEqual(['extension_in_public_xml2']);
    const { rows } = await caller.query(
      `select e.extname, n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
        where e.extname in ('citext', 'hstore') order by 1`,
    );
    expect(rows).toEqual([
      { extname: 'citext', nspname: 'extensions' },
      { extname: 'hstore', nspname: 'extensions' },
    ]);

    const after = await useAll();
    expect(after).toEqual({
      ...before,
      insert: [{ ...before.insert[0], id: 2 }],
      caseInsensitive: [{ count: '2' }],
      view: [...before.view, { ...before.view[0], id: 2 }],
      select: [{ v: 'v2' }],
      procedure: [{ n: '2' }],
    });
    // Pinned paths are independent of the caller's.
    await caller.query(`set search_path = ''`);
    expect((await useAll()).sameEmail).toEqual([{ v: true }]);

    // Idempotent: the same plan applies again.
    await applyPlanSql(fx.db.url, plan);
    expect((await useAll()).select).toEqual([{ v: 'v4' }]);
  });
});

describe('extension_in_public patch without an extensions schema', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture({ supabase: false });
    await fx.sql(`
      create extension citext schema public;
      create table public.t (id int primary key, name citext not null default 'A');
    `);
  });
  afterAll(() => fx.db.drop());

  it('creates it and moves the extension there, as a behaviour change for callers without it on their path', async () => {
    const findings = await fx.findings('extension_in_public');
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: LINTS,
    });
    const [patch] = plan.patches;
    expect(patch.steps[0].sql).toBe('CREATE SCHEMA IF NOT EXISTS "extensions"');
    const move = patch.steps.at(-1)!;
    expect(move.risk).toBe('behaviour-change');
    expect(move.rationale).toMatch(/case-sensitive/);
    expect(squawkLint(renderPlanSql(plan))).toEqual([]);

    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings('extension_in_public')).toEqual([]);
    const client = await fx.db.connect();
    await client.query(`insert into public.t (id) values (1)`);
    const count = async () =>
      (
        await client.query(
          `select count(*)::int as n from public.t where name = 'a'::extensions.citext`,
        )
      ).rows[0].n;
    // The column type and default work; citext's = is found only on a path with extensions.
    expect(await count()).toBe(0);
    await client.query(`set search_path = "$user", public, extensions`);
    expect(await count()).toBe(1);
  });
});

describe('a plan that moves an extension and pins the paths of functions using it', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create extension citext schema public;
      create function public.f(e citext) returns boolean language sql stable
        as $$ select e = 'ABC' $$;
      create function public.g(e text) returns boolean language sql stable security definer
        as $$ select e::citext = 'ABC' $$;
      create function public.h(e citext) returns boolean language sql stable
        set search_path = public as $$ select e = 'ABC' $$;
      alter database "${fx.db.name}" set search_path = "$user", public, extensions;
    `);
  });
  afterAll(() => fx.db.drop());

  it('names functions whose argument types move by name alone, so the steps run in any order', async () => {
    const lints = [...LINTS, 'function_search_path_mutable'];
    const findings = (await fx.findings()).filter(f => lints.includes(f.name));
    expect(findings.map(f => f.cache_key).sort()).toEqual([
      'extension_in_public_citext',
      'function_search_path_mutable_public_f_epublic.citext',
      'function_search_path_mutable_public_g_etext',
    ]);
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints,
    });
    const statements = plan.patches.flatMap(p => p.steps.map(s => s.sql));
    // The definer function (severity 5) is fixed before the move, f after it.
    expect(
      statements.indexOf('ALTER EXTENSION "citext" SET SCHEMA "extensions"'),
    ).toBeLessThan(
      statements.findIndex(s =>
        s.startsWith('ALTER FUNCTION "public"."f" SET'),
      ),
    );
    expect(statements).toContain(
      'ALTER FUNCTION "public"."h" SET search_path = "public", "extensions"',
    );
    const patchF = plan.patches.find(p => p.findingKey.includes('_f_'))!;
    expect(patchF.steps[0].functions).toEqual([
      '"public"."f"(e public.citext)',
    ]);
    expect(squawkLint(renderPlanSql(plan))).toEqual([]);

    await applyPlanSql(fx.db.url, plan);
    expect((await fx.findings()).filter(f => lints.includes(f.name))).toEqual(
      [],
    );
    const client = await fx.db.connect();
    await client.query(`set search_path = ''`);
    const { rows } = await client.query(
      `select public.f('abc'::extensions.citext) as f, public.g('abc') as g,
              public.h('abc'::extensions.citext) as h`,
    );
    expect(rows).toEqual([{ f: true, g: true, h: true }]);
    await applyPlanSql(fx.db.url, plan);
  });
});

describe('extension_in_public patch and routines without arguments or with an empty path', () => {
  let fx: ScanFixture;
  const call = async (sql: string) => {
    const client = await fx.db.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const CALLS = [
    'select public.greeting_matches() as v',
    'call public.check_greeting(null)',
    'select public.plain_lower() as v',
  ];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create extension citext schema public;
      create function public.greeting_matches() returns boolean
        language sql stable set search_path = public as $$ select 'Hello'::citext = 'HELLO' $$;
      create procedure public.check_greeting(inout ok boolean) language plpgsql
        set search_path = public as $$ begin ok := 'Hi'::citext = 'hi'; end $$;
      -- an empty path resolves nothing of the extension: left alone
      create function public.plain_lower() returns text
        language sql stable set search_path = '' as $$ select pg_catalog.lower('ABC') $$;
    `);
    await fx.sql(
      `alter database "${fx.db.name}" set search_path = "$user", public, extensions`,
    );
  });
  afterAll(() => fx.db.drop());

  it('repins the routines without arguments and leaves the empty path as it is', async () => {
    const before = await Promise.all(CALLS.map(call));
    expect(before).toEqual([[{ v: true }], [{ ok: true }], [{ v: 'abc' }]]);
    const findings = await fx.findings('extension_in_public');
    expect(findings.map(f => f.cache_key)).toEqual([
      'extension_in_public_citext',
    ]);
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: LINTS,
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.patches[0].steps.map(s => s.sql)).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "extensions"',
      'GRANT USAGE ON SCHEMA "extensions" TO "anon", "authenticated", "service_role"',
      `ALTER PROCEDURE "public"."check_greeting"(INOUT ok boolean) SET search_path = "public", "extensions"`,
      `ALTER FUNCTION "public"."greeting_matches"() SET search_path = "public", "extensions"`,
      'ALTER EXTENSION "citext" SET SCHEMA "extensions"',
    ]);
    expect(plan.patches[0].steps.at(-1)!.functions).toEqual([
      '"public"."check_greeting"(INOUT ok boolean)',
      '"public"."greeting_matches"()',
    ]);
    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings('extension_in_public')).toEqual([]);
    expect(await Promise.all(CALLS.map(call))).toEqual(before);
    expect(
      await call(
        `select proconfig from pg_proc where oid = 'public.plain_lower()'::regprocedure`,
      ),
    ).toEqual([{ proconfig: ['search_path=""'] }]);
  });
});
