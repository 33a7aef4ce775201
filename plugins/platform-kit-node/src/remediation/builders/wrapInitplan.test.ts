import { Finding, Inventory } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import {
  anon,
  Caller,
  countRows,
  outcomeAs,
  q,
  rowsAs,
  rowsWithClaims,
  user,
} from './__testUtils__/roles';

jest.setTimeout(120_000);

const SCHEMA = 'Weird "Schema".x';
const s = q(SCHEMA);
const exposed = { exposedSchemas: ['public', SCHEMA] };
const TABLE = `${s}."select"`;
const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const CAROL = '00000000-0000-4000-8000-00000000000c';

const POLICY_UID = 'Per "row" policy.v1';
const POLICY_TENANT = 'tenant (setting) ✓';
const POLICY_UPDATE = 'order';
const POLICY_TEAM = 'team members';
const POLICY_INSERT = 'insert own';
const POLICY_LOOKALIKE = 'lookalike';

const CALLERS: [string, Caller][] = [
  ['anon', anon],
  ['alice', user(ALICE, { tenant: 'acme' })],
  ['bob', user(BOB)],
  ['carol', user(CAROL, { tenant: 'beta' })],
];

describe('auth_rls_initplan builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      grant usage on schema ${s} to anon, authenticated, service_role;
      create table public.members (team int, uid uuid);
      insert into public.members values (7, '${CAROL}');
      create table ${TABLE} ("Id" int primary key, "Owner Id" uuid, tenant text, note text, team int);
      insert into ${TABLE} values
        (1, '${ALICE}', 'acme', 'a (1)', 1),
        (2, '${ALICE}', 'none', ')( select', 7),
        (3, '${BOB}', 'beta', 'auth.uid()', 2),
        (4, null, 'none', null, 7),
        (5, '${BOB}', 'acme', 'x', 3);
      grant all on ${TABLE} to anon, authenticated, service_role;
      alter table ${TABLE} enable row level security;
      create policy ${q(
        POLICY_UID,
      )} on ${TABLE} for select using (auth.uid() = "Owner Id");
      create policy ${q(POLICY_TENANT)} on ${TABLE} for select to authenticated
        using (tenant = coalesce(nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'tenant', ''), 'none')
               and note is distinct from ')( select');
      create policy ${q(POLICY_UPDATE)} on ${TABLE} for update
        using ((select auth.uid()) = "Owner Id")
        with check (auth.uid() = "Owner Id" and (auth.jwt() ->> 'role') = 'authenticated');
      create policy ${q(POLICY_TEAM)} on ${TABLE} for select to authenticated
        using (exists (select 1 from public.members m where m.team = "select".team and m.uid = auth.uid()));
      create policy ${q(POLICY_INSERT)} on ${TABLE} for insert
        with check (auth.role() = 'authenticated' and "Owner Id" = auth.uid());
      create policy ${q(POLICY_LOOKALIKE)} on ${TABLE} for delete
        using (note is distinct from 'auth.uid()' and auth.uid() = "Owner Id");
    `);
    findings = await fx.findings('auth_rls_initplan', exposed);
  });
  afterAll(() => fx.db.drop());

  /** What each caller sees and may do, each write rolled back. */
  const observe = async () => {
    const seen: Record<string, unknown> = {};
    for (const [name, caller] of CALLERS) {
      seen[`${name} select`] = (
        await rowsAs(fx.db.url, caller, `select "Id" from ${TABLE} order by 1`)
      ).map(r => r.Id);
      seen[`${name} update own`] = await rowsAs(
        fx.db.url,
        caller,
        `with u as (update ${TABLE} set note = 'z' returning "Id") select "Id" from u order by 1`,
      );
      seen[`${name} give away`] = await outcomeAs(
        fx.db.url,
        caller,
        `update ${TABLE} set "Owner Id" = '${CAROL}'`,
      );
      for (const owner of [ALICE, BOB])
        seen[`${name} insert ${owner}`] = await outcomeAs(
          fx.db.url,
          caller,
          `insert into ${TABLE} values (100, '${owner}', 'acme', 'new', 1)`,
        );
      seen[`${name} delete`] = await rowsAs(
        fx.db.url,
        caller,
        `with d as (delete from ${TABLE} returning "Id") select "Id" from d order by 1`,
      );
    }
    return seen;
  };

  /** Rows each policy expression admits for each caller's claims. */
  const admitted = async (inventory: Inventory) => {
    const out: Record<string, unknown> = {};
    for (const p of inventory.policies.filter(x => x.schema === SCHEMA))
      for (const [label, expr] of [
        ['using', p.using],
        ['check', p.withCheck],
      ] as const) {
        if (expr === null) continue;
        for (const [name, caller] of CALLERS)
          out[`${p.name} ${label} ${name}`] = (
            await rowsWithClaims(
              fx.db.url,
              { ...caller.claims, role: caller.role },
              `select "Id" from ${TABLE} where ${expr} order by 1`,
            )
          ).map(r => r.Id);
      }
    return out;
  };

  it('wraps per-row calls in (select ...) without changing which rows pass', async () => {
    expect(findings.map(f => f.metadata.policy).sort()).toEqual(
      [
        POLICY_INSERT,
        POLICY_LOOKALIKE,
        POLICY_UPDATE,
        POLICY_UID,
        POLICY_TEAM,
        POLICY_TENANT,
      ].sort(),
    );
    const inventory = await fx.inventory(exposed);
    const plan = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: ['auth_rls_initplan'],
    });
    expect(plan.skipped).toEqual([]);
    const byPolicy = Object.fromEntries(
      plan.patches.map(p => [
        findings.find(f => f.cache_key === p.findingKey)!.metadata.policy,
        p,
      ]),
    );
    expect(byPolicy[POLICY_UID]).toMatchObject({
      lint: 'auth_rls_initplan',
      title: `Evaluate auth.<function>() and current_setting() once per statement in policy "${POLICY_UID}" on ${SCHEMA}.select`,
      manual: null,
      steps: [
        {
          sql: `ALTER POLICY ${q(
            POLICY_UID,
          )} ON ${TABLE}\n  USING (((select auth.uid()) = "Owner Id"))`,
          risk: 'safe',
          transactional: true,
          tables: [TABLE],
        },
      ],
    });
    expect(byPolicy[POLICY_UID].steps[0].rationale).toBe(
      `Wraps auth.uid() in (select ...) in policy "${POLICY_UID}" on ${SCHEMA}.select, so PostgreSQL evaluates each once per statement (an initPlan) instead of once for every row it checks. The functions return the same value throughout a statement, so the policy admits exactly the same rows; only the plan gets cheaper.`,
    );
    expect(byPolicy[POLICY_TENANT].steps[0].sql).toBe(
      `ALTER POLICY ${q(
        POLICY_TENANT,
      )} ON ${TABLE}\n  USING (((tenant = COALESCE(NULLIF((((select current_setting('request.jwt.claims'::text, true)))::jsonb ->> 'tenant'::text), ''::text), 'none'::text)) AND (note IS DISTINCT FROM ')( select'::text)))`,
    );
    // USING is already wrapped: only WITH CHECK changes.
    expect(byPolicy[POLICY_UPDATE].steps[0].sql).toBe(
      `ALTER POLICY ${q(
        POLICY_UPDATE,
      )} ON ${TABLE}\n  WITH CHECK ((((select auth.uid()) = "Owner Id") AND (((select auth.jwt()) ->> 'role'::text) = 'authenticated'::text)))`,
    );
    expect(byPolicy[POLICY_TEAM].steps[0].sql).toContain(
      '(m.uid = (select auth.uid()))',
    );
    // The lint reads text: the string 'auth.uid()' would still be flagged.
    expect(byPolicy[POLICY_LOOKALIKE]).toMatchObject({ steps: [] });
    expect(byPolicy[POLICY_LOOKALIKE].manual!.reason).toContain(
      'the calls auth.uid() are not plain function calls the rewrite recognises',
    );
    await expectCleanPlanSql(plan);

    const before = await observe();
    const exprBefore = await admitted(inventory);
    const rows = await countRows(fx.db.url, TABLE);
    await applyPlanSql(fx.db.url, plan);

    expect(
      (await fx.findings('auth_rls_initplan', exposed)).map(
        f => f.metadata.policy,
      ),
    ).toEqual([POLICY_LOOKALIKE]);
    expect(await countRows(fx.db.url, TABLE)).toBe(rows);
    const after = await observe();
    expect(after).toEqual(before);
    expect(await admitted(await fx.inventory(exposed))).toEqual(exprBefore);
    // The observations are not trivial.
    expect(before['alice select']).toEqual([1, 2, 5]);
    expect(before['carol select']).toEqual([2, 3, 4]);
    expect(before['bob give away']).toMatch(/row-level security/);
    expect(before[`alice insert ${ALICE}`]).toBe('ok');
    expect(before[`alice insert ${BOB}`]).toMatch(/row-level security/);
    expect(before['anon select']).toEqual([]);
  });
});

describe('auth_rls_initplan builder: a helper without arguments in the policy', () => {
  let fx: ScanFixture;
  const DAVE = '00000000-0000-4000-8000-00000000000d';
  const callers: [string, Caller][] = [
    ['anon', anon],
    ['alice', user(ALICE)],
    ['dave', user(DAVE)],
  ];
  const seen = async () => {
    const out: Record<string, unknown> = {};
    for (const [name, caller] of callers)
      out[name] = (
        await rowsAs(
          fx.db.url,
          caller,
          'select id from public.projects order by id',
        )
      ).map(r => r.id);
    return out;
  };

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create table public.memberships (team int, uid uuid);
      insert into public.memberships values (7, '${DAVE}');
      revoke all on public.memberships from anon, authenticated;
      create function public.my_team() returns int language sql stable security definer
        set search_path = '' as $$ select team from public.memberships where uid = auth.uid() $$;
      create table public.projects (id int primary key, owner uuid, team int);
      insert into public.projects values (1, '${ALICE}', 1), (2, null, 7), (3, null, 8);
      alter table public.projects enable row level security;
      create policy "own or team" on public.projects for select to authenticated
        using (owner = auth.uid() or team = public.my_team());
    `);
  });
  afterAll(() => fx.db.drop());

  it('wraps the auth call and leaves the helper call as it is', async () => {
    const findings = await fx.findings('auth_rls_initplan');
    expect(findings.map(f => f.metadata.policy)).toEqual(['own or team']);
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: ['auth_rls_initplan'],
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.patches[0].steps.map(st => st.sql)).toEqual([
      'ALTER POLICY "own or team" ON "public"."projects"\n  USING (((owner = (select auth.uid())) OR (team = public.my_team())))',
    ]);
    const before = await seen();
    expect(before).toEqual({ anon: [], alice: [1], dave: [2] });
    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings('auth_rls_initplan')).toEqual([]);
    expect(await seen()).toEqual(before);
  });
});
