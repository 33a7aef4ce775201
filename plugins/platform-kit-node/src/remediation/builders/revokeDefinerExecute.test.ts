import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan, planSteps } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import {
  anon,
  outcomeAs,
  q,
  rowsAs,
  serviceRole,
  user,
} from './__testUtils__/roles';

jest.setTimeout(120_000);

const SCHEMA = 'Weird "Schema".x';
const s = q(SCHEMA);
const exposed = { exposedSchemas: ['public', SCHEMA] };
const LINTS = [
  'anon_security_definer_function_executable',
  'authenticated_security_definer_function_executable',
  'security_definer_function_dynamic_sql',
];
const ALICE = '00000000-0000-4000-8000-00000000000a';
const DO_IT = `"public".${q('Do "it" now')}`;
const DYNAMIC = `${s}."order"`;
const PROC = `${s}.${q('proc ü')}`;

describe('revoke definer execute builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      grant usage on schema ${s} to anon, authenticated, service_role;
      create table public.counters (id int primary key, n int);
      insert into public.counters values (1, 41);
      create function ${DO_IT}("select" int, b text default 'x') returns int
        language sql security definer set search_path = '' as $$ select "select" + 1 $$;
      create function ${DYNAMIC}(tbl text) returns int
        language plpgsql security definer set search_path = '' as $$
        declare r int;
        begin
          execute format('select n from public.%I where id = 1', tbl) into r;
          return r + 1;
        end $$;
      create procedure ${PROC}(inout total int)
        language plpgsql security definer set search_path = '' as $$ begin total := total + 1; end $$;
      create function public.ping() returns int
        language sql security definer set search_path = '' as $$ select 1 $$;
    `);
    findings = (await fx.findings(undefined, exposed)).filter(f =>
      LINTS.includes(f.name),
    );
  });
  afterAll(() => fx.db.drop());

  it('revokes EXECUTE from PUBLIC and the API roles and keeps it for service_role', async () => {
    expect(findings.map(f => `${f.name} ${f.metadata.name}`).sort()).toEqual([
      'anon_security_definer_function_executable Do "it" now',
      'anon_security_definer_function_executable order',
      'anon_security_definer_function_executable ping',
      'anon_security_definer_function_executable proc ü',
      'authenticated_security_definer_function_executable Do "it" now',
      'authenticated_security_definer_function_executable order',
      'authenticated_security_definer_function_executable ping',
      'authenticated_security_definer_function_executable proc ü',
      'security_definer_function_dynamic_sql order',
    ]);
    const calls = [
      `select ${DO_IT}(41) as v`,
      `select ${DYNAMIC}('counters') as v`,
    ];
    for (const sql of calls)
      expect(await rowsAs(fx.db.url, anon, sql)).toEqual([{ v: 42 }]);

    const inventory = await fx.inventory(exposed);
    // Without the application's source nothing tells whether a client calls them: a human decides.
    const blind = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: LINTS,
    });
    expect(blind.patches.map(p => p.manual?.reason)).toEqual(
      Array(9).fill(
        expect.stringMatching(
          /^no application source was searched, so nothing tells whether the application calls it as/,
        ),
      ),
    );
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: LINTS,
      appCallers: { origin: 'app', files: 3, rpc: {}, tables: {} },
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.patches).toHaveLength(9);
    // Zero arguments are arguments: the finding on ping() is fixed like the others.
    expect(
      plan.patches.find(p => p.findingKey.includes('_ping_'))!.steps[0].sql,
    ).toBe(
      'REVOKE EXECUTE ON FUNCTION "public"."ping"() FROM PUBLIC, anon, authenticated',
    );
    const doIt = plan.patches.find(
      p =>
        p.lint === 'anon_security_definer_function_executable' &&
        p.steps[0].sql.includes('Do'),
    )!;
    expect(doIt).toMatchObject({
      title: `Revoke anon and authenticated's EXECUTE on SECURITY DEFINER function public.Do "it" now("select" integer, b text)`,
      manual: null,
      dependants: [],
      probes: [],
      steps: [
        {
          sql: `REVOKE EXECUTE ON FUNCTION ${DO_IT}("select" integer, b text) FROM PUBLIC, anon, authenticated`,
          risk: 'behaviour-change',
          transactional: true,
          resolves: [doIt.findingKey],
        },
        {
          sql: expect.stringMatching(
            new RegExp(
              `^GRANT EXECUTE ON FUNCTION ${DO_IT.replace(
                /[.*+?^${}()|[\]\\]/g,
                '\\$&',
              )}\\("select" integer, b text\\) TO .*"service_role"`,
            ),
          ),
          risk: 'safe',
        },
      ],
    });
    expect(doIt.steps[1].sql).not.toMatch(/"anon"|"authenticated"/);
    expect(doIt.steps[0].rationale).toBe(
      'Revokes EXECUTE on SECURITY DEFINER function public.Do "it" now("select" integer, b text) from PUBLIC, anon and authenticated: anon and authenticated can no longer call it (directly or through /rest/v1/rpc/Do "it" now). Nothing found in the database or the application source calls it as anon and authenticated.',
    );
    expect(
      plan.patches.find(p => p.steps[0].sql.includes('proc'))!.steps[0].sql,
    ).toBe(
      `REVOKE EXECUTE ON PROCEDURE ${PROC}(INOUT total integer) FROM PUBLIC, anon, authenticated`,
    );

    // The findings of one function share its two statements.
    const steps = planSteps(plan);
    expect(steps).toHaveLength(8);
    const dynamicRevoke = steps.find(st =>
      st.sql.startsWith(`REVOKE EXECUTE ON FUNCTION ${DYNAMIC}`),
    )!;
    expect(dynamicRevoke.resolves.sort()).toEqual(
      findings
        .filter(f => f.metadata.name === 'order')
        .map(f => f.cache_key)
        .sort(),
    );
    await expectCleanPlanSql(plan);

    await applyPlanSql(fx.db.url, plan);
    expect(
      (await fx.findings(undefined, exposed)).filter(f =>
        LINTS.includes(f.name),
      ),
    ).toEqual([]);
    for (const caller of [anon, user(ALICE)]) {
      expect(await outcomeAs(fx.db.url, caller, calls[0])).toBe(
        'permission denied for function Do "it" now',
      );
      expect(await outcomeAs(fx.db.url, caller, calls[1])).toBe(
        'permission denied for function order',
      );
      expect(await outcomeAs(fx.db.url, caller, `call ${PROC}(1)`)).toBe(
        'permission denied for procedure proc ü',
      );
    }
    // service_role held EXECUTE on the functions outside public only through PUBLIC.
    for (const sql of calls)
      expect(await rowsAs(fx.db.url, serviceRole, sql)).toEqual([{ v: 42 }]);
    expect(await rowsAs(fx.db.url, serviceRole, `call ${PROC}(1)`)).toEqual([
      { total: 2 },
    ]);
  });
});
