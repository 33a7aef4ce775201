import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan, planSteps } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import { countRows, q, rowsAs, user } from './__testUtils__/roles';

jest.setTimeout(120_000);

const TABLE = `"public".${q('Ünïcode docs')}`;
const ADMINS = 'admins "only"';
const PATH = 'path';
const TEAM = 'select';
const LINTS = ['rls_references_user_metadata', 'auth_rls_initplan'];
const ALICE = '00000000-0000-4000-8000-00000000000a';

const userMetaAdmin = user(ALICE, {
  user_metadata: { role: 'admin', team: 'red' },
});
const appMetaAdmin = user(ALICE, {
  app_metadata: { role: 'admin', team: 'red' },
});

describe('app_metadata policy builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create table ${TABLE} (id int primary key, team text);
      insert into ${TABLE} values (1, 'red'), (2, 'blue');
      alter table ${TABLE} enable row level security;
      create policy ${q(ADMINS)} on ${TABLE} for select to authenticated
        using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
      create policy ${q(PATH)} on ${TABLE} for select to authenticated
        using ((auth.jwt() #>> '{user_metadata,role}') = 'editor');
      create policy ${q(TEAM)} on ${TABLE} for update to authenticated
        using (((select auth.jwt()) -> 'user_metadata' ->> 'team') = team)
        with check (((select auth.jwt()) -> 'user_metadata' ->> 'team') = team);
    `);
    findings = (await fx.findings()).filter(f => LINTS.includes(f.name));
  });
  afterAll(() => fx.db.drop());

  it('reads app_metadata instead of the user_metadata claim', async () => {
    expect(findings.map(f => `${f.name} ${f.metadata.policy}`).sort()).toEqual([
      `auth_rls_initplan ${ADMINS}`,
      `auth_rls_initplan ${PATH}`,
      `rls_references_user_metadata ${ADMINS}`,
      `rls_references_user_metadata ${PATH}`,
      `rls_references_user_metadata ${TEAM}`,
    ]);
    const key = (lint: string, policy: string) =>
      findings.find(f => f.name === lint && f.metadata.policy === policy)!
        .cache_key;
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: LINTS,
    });
    expect(plan.skipped).toEqual([]);
    const patch = (lint: string, policy: string) =>
      plan.patches.find(p => p.findingKey === key(lint, policy))!;

    const admins = patch('rls_references_user_metadata', ADMINS);
    expect(admins).toMatchObject({
      title: `Authorize on app_metadata instead of user_metadata in policy "${ADMINS}" on public.Ünïcode docs`,
      manual: null,
      steps: [
        {
          sql: `ALTER POLICY ${q(
            ADMINS,
          )} ON ${TABLE}\n  USING (((((select auth.jwt()) -> 'app_metadata'::text) ->> 'role'::text) = 'admin'::text))`,
          risk: 'behaviour-change',
          transactional: true,
          tables: [TABLE],
          // one statement for both findings of the policy
          resolves: [
            key('rls_references_user_metadata', ADMINS),
            key('auth_rls_initplan', ADMINS),
          ],
        },
      ],
    });
    expect(admins.steps[0].rationale).toContain(
      "user_metadata can be edited by the signed-in user (supabase.auth.updateUser), so anyone can satisfy a check on it; app_metadata can only be set with the service role. Copy the values the policy relies on into each user's app_metadata (auth.users.raw_app_meta_data) before applying",
    );
    // Its initplan finding is left to that statement, which it would otherwise overwrite.
    expect(patch('auth_rls_initplan', ADMINS)).toMatchObject({
      steps: [],
      manual: {
        reason: expect.stringContaining('also reads user_metadata'),
      },
    });
    // A JSON path is not a plain key: a person decides.
    expect(patch('rls_references_user_metadata', PATH)).toMatchObject({
      steps: [],
      manual: {
        reason: `No automatic rewrite of policy "path" on public.Ünïcode docs: it mentions user_metadata other than as a plain 'user_metadata' key: '{user_metadata,role}'.`,
      },
    });
    expect(patch('auth_rls_initplan', PATH).steps).toHaveLength(1);
    expect(patch('rls_references_user_metadata', TEAM).steps[0].sql).toBe(
      `ALTER POLICY ${q(
        TEAM,
      )} ON ${TABLE}\n  USING ((((( SELECT auth.jwt() AS jwt) -> 'app_metadata'::text) ->> 'team'::text) = team))\n  WITH CHECK ((((( SELECT auth.jwt() AS jwt) -> 'app_metadata'::text) ->> 'team'::text) = team))`,
    );
    expect(planSteps(plan)).toHaveLength(3);
    await expectCleanPlanSql(plan);

    const ids = async (caller: typeof userMetaAdmin) =>
      (
        await rowsAs(fx.db.url, caller, `select id from ${TABLE} order by id`)
      ).map(r => r.id);
    const updated = async (caller: typeof userMetaAdmin) =>
      (
        await rowsAs(
          fx.db.url,
          caller,
          `with u as (update ${TABLE} set team = team returning id) select id from u`,
        )
      ).map(r => r.id);
    expect(await ids(userMetaAdmin)).toEqual([1, 2]);
    expect(await ids(appMetaAdmin)).toEqual([]);
    expect(await updated(userMetaAdmin)).toEqual([1]);

    const rows = await countRows(fx.db.url, TABLE);
    await applyPlanSql(fx.db.url, plan);
    expect(
      (await fx.findings())
        .filter(f => LINTS.includes(f.name))
        .map(f => `${f.name} ${f.metadata.policy}`),
    ).toEqual([`rls_references_user_metadata ${PATH}`]);
    expect(await countRows(fx.db.url, TABLE)).toBe(rows);
    expect(await ids(userMetaAdmin)).toEqual([]);
    expect(await ids(appMetaAdmin)).toEqual([1, 2]);
    expect(await updated(userMetaAdmin)).toEqual([]);
    expect(await updated(appMetaAdmin)).toEqual([1]);
  });
});

describe('app_metadata policy builder: a helper without arguments in the policy', () => {
  let fx: ScanFixture;
  const DAVE = '00000000-0000-4000-8000-00000000000d';
  const callers = {
    userMetaAdmin,
    appMetaAdmin,
    member: user(DAVE),
    // an empty role claim is a value, and not 'admin'
    emptyRole: user(DAVE, { app_metadata: { role: '' } }),
  };
  const seen = async () => {
    const out: Record<string, number[]> = {};
    for (const [name, caller] of Object.entries(callers))
      out[name] = (
        await rowsAs(
          fx.db.url,
          caller,
          'select id from public.boards order by id',
        )
      ).map(r => r.id as number);
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
      create table public.boards (id int primary key, team int);
      insert into public.boards values (1, 7), (2, 8);
      alter table public.boards enable row level security;
      create policy "admins or team" on public.boards for select to authenticated
        using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin' or team = public.my_team());
    `);
  });
  afterAll(() => fx.db.drop());

  it('rewrites the claim and keeps the helper call', async () => {
    const findings = (await fx.findings()).filter(f => LINTS.includes(f.name));
    expect(findings.map(f => f.name).sort()).toEqual([...LINTS].sort());
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: LINTS,
    });
    expect(plan.skipped).toEqual([]);
    expect(planSteps(plan).map(s => [s.sql, s.resolves.length])).toEqual([
      [
        `ALTER POLICY "admins or team" ON "public"."boards"\n  USING ((((((select auth.jwt()) -> 'app_metadata'::text) ->> 'role'::text) = 'admin'::text) OR (team = public.my_team())))`,
        2,
      ],
    ]);
    const before = await seen();
    expect(before).toEqual({
      userMetaAdmin: [1, 2],
      appMetaAdmin: [],
      member: [1],
      emptyRole: [1],
    });
    await applyPlanSql(fx.db.url, plan);
    expect((await fx.findings()).filter(f => LINTS.includes(f.name))).toEqual(
      [],
    );
    expect(await seen()).toEqual({
      ...before,
      userMetaAdmin: [],
      appMetaAdmin: [1, 2],
    });
  });
});
