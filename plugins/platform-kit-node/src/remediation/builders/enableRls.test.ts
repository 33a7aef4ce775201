import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan, planSteps } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import {
  anon,
  countRows,
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
  'policy_exists_rls_disabled',
  'rls_disabled_in_public',
  'sensitive_columns_exposed',
];
const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';

const NOTES = 'public.notes';
const SECRETS = `${s}."select"`;
const PUBLISHED = `public.${q('Ünïcode "tâble" order')}`;
const OWNED = `${s}.${q('Owned "rows"')}`;
const DOCS = 'public.docs';
const TEXT_OWNER = 'public.text_owner';
// A name that would end a -- comment and run as SQL if a rationale printed it raw.
const BREAKER_NAME = 'cr\rDROP TABLE public.notes;\nSELECT 1;--';
const BREAKER = `public.${q(BREAKER_NAME)}`;
const INTERNAL = 'public.internal';
const COVERED = 'public.covered';

describe('enable RLS builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];
  const keysOf = (schema: string, name: string) =>
    findings
      .filter(f => f.metadata.schema === schema && f.metadata.name === name)
      .map(f => f.cache_key);

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      grant usage on schema ${s} to anon, authenticated, service_role;
      create table ${NOTES} (id int primary key, body text);
      insert into ${NOTES} select g, 'note ' || g from generate_series(1, 3) g;
      create table ${SECRETS} ("Id" int primary key, "order" text, password text);
      insert into ${SECRETS} values (1, 'a', 'x'), (2, 'b', 'y');
      create table ${PUBLISHED} (id int primary key, published boolean);
      insert into ${PUBLISHED} values (1, true), (2, false), (3, false);
      create policy "Published rows, ""v1""" on ${PUBLISHED} for select to anon, authenticated using (published);

      create table ${OWNED} (id int primary key, user_id uuid not null, title text);
      insert into ${OWNED} values (1, '${ALICE}', 'a1'), (2, '${ALICE}', 'a2'), (3, '${BOB}', 'b1');
      create table ${DOCS} (id int primary key, owner_id uuid, created_by uuid, published boolean);
      insert into ${DOCS} values (1, '${ALICE}', '${BOB}', false), (2, '${BOB}', '${BOB}', true);
      create policy "signed-in read published" on ${DOCS} for select to authenticated using (published);
      create table ${BREAKER} (id int primary key);
      create table ${TEXT_OWNER} (id int primary key, user_id text);
      insert into ${TEXT_OWNER} values (1, '${ALICE}');
      grant all on all tables in schema ${s} to anon, authenticated, service_role;
      revoke insert, update, delete, truncate on ${OWNED} from anon;
      create table ${INTERNAL} (id int primary key);
      insert into ${INTERNAL} values (1), (2);
      revoke all on ${INTERNAL} from anon, authenticated;
      create table ${COVERED} (id int primary key, visible boolean);
      insert into ${COVERED} values (1, true), (2, false);
      revoke all on ${COVERED} from anon, authenticated;
      grant select on ${COVERED} to anon, authenticated;
      create policy "visible rows" on ${COVERED} for select to public using (visible);
    `);
    findings = (await fx.findings(undefined, exposed)).filter(f =>
      LINTS.includes(f.name),
    );
  });
  afterAll(() => fx.db.drop());

  it('enables RLS where no role with grants loses access, and leaves the rest to a human with skeletons from the grants of today', async () => {
    const findingKeys = [
      ...keysOf('public', 'notes'),
      ...keysOf(SCHEMA, 'select'),
      ...keysOf('public', 'Ünïcode "tâble" order'),
      ...keysOf('public', BREAKER_NAME),
      ...keysOf('public', 'covered'),
    ];
    // A table without API grants is no finding of these lints.
    expect(keysOf('public', 'internal')).toEqual([]);
    expect(findingKeys).toHaveLength(8);
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(exposed),
      findings,
      lints: LINTS,
      findingKeys,
    });
    expect(plan.skipped).toEqual([]);
    const byTable = (schema: string, name: string) =>
      plan.patches.filter(p => keysOf(schema, name).includes(p.findingKey));

    // Grants and no policy: enabling RLS would silently empty the table for the API roles.
    const [notes] = byTable('public', 'notes');
    expect(notes.steps).toEqual([]);
    expect(notes.manual!.reason).toBe(
      'anon SELECT, INSERT, UPDATE, DELETE; authenticated SELECT, INSERT, UPDATE, DELETE on it today and no policy lets them: enabling RLS alone would silently hide every row from anon and authenticated (selects return nothing, writes are refused)',
    );
    expect(notes.manual!.instructions).toContain(
      'CREATE POLICY "platform_kit_keep_select_anon" ON "public"."notes" FOR SELECT TO "anon" USING (true); -- review: narrow it to the rows anon should reach',
    );
    expect(notes.dependants.map(d => `${d.kind} ${d.effect}`)).toEqual([
      'table_grant blocks',
      'table_grant blocks',
    ]);
    // A read policy does not cover the writes the grants allow.
    const [published] = byTable('public', 'Ünïcode "tâble" order');
    expect(published.manual!.reason).toMatch(
      /^anon INSERT, UPDATE, DELETE; authenticated INSERT, UPDATE, DELETE on it today/,
    );
    for (const p of [
      ...byTable(SCHEMA, 'select'),
      ...byTable('public', BREAKER_NAME),
    ])
      expect(p.manual).not.toBeNull();
    const [breaker] = byTable('public', BREAKER_NAME);
    expect(breaker.title).toBe(
      'Enable row level security on public.cr\\u000dDROP TABLE public.notes;\\u000aSELECT 1;--',
    );
    expect(breaker.manual!.reason).not.toMatch(/[\r\n]/);

    // Policies cover every command the grants allow: they take effect, nobody loses access.
    const [covered, coveredAgain] = byTable('public', 'covered');
    expect(coveredAgain.steps.map(st => st.sql)).toEqual(
      covered.steps.map(st => st.sql),
    );
    expect(covered.steps.map(st => st.sql)).toEqual([
      'ALTER TABLE "public"."covered" ENABLE ROW LEVEL SECURITY',
    ]);
    expect(covered.probes.map(p => `${p.role}: ${p.sql}`)).toEqual([
      'anon: EXPLAIN (COSTS OFF) SELECT * FROM "public"."covered"',
      'authenticated: EXPLAIN (COSTS OFF) SELECT * FROM "public"."covered"',
    ]);
    expect(covered.dependants.map(d => d.description)).toEqual([
      'anon holds SELECT on public.covered',
      'authenticated holds SELECT on public.covered',
      'policy "visible rows" (SELECT to public) takes effect',
    ]);
    expect(planSteps(plan)).toHaveLength(1);
    await expectCleanPlanSql(plan);

    const before = await Promise.all(
      [NOTES, COVERED].map(t => countRows(fx.db.url, t)),
    );
    await applyPlanSql(fx.db.url, plan);
    const rescan = await fx.findings(undefined, exposed);
    expect(
      rescan.filter(f =>
        [
          ...keysOf('public', 'internal'),
          ...keysOf('public', 'covered'),
        ].includes(f.cache_key),
      ),
    ).toEqual([]);
    expect(
      await Promise.all([NOTES, COVERED].map(t => countRows(fx.db.url, t))),
    ).toEqual(before);
    expect(
      await rowsAs(fx.db.url, anon, `select * from ${NOTES}`),
    ).toHaveLength(3);
    expect(await rowsAs(fx.db.url, anon, `select id from ${COVERED}`)).toEqual([
      { id: 1 },
    ]);
    expect(
      await rowsAs(fx.db.url, serviceRole, `select * from ${INTERNAL}`),
    ).toHaveLength(2);
  });

  it('adds owner policies and kept reads where asked, idempotently', async () => {
    const findingKeys = [
      ...keysOf(SCHEMA, 'Owned "rows"'),
      ...keysOf('public', 'docs'),
      ...keysOf('public', 'text_owner'),
    ];
    expect(findingKeys).toHaveLength(4);
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(exposed),
      findings,
      findingKeys,
      policySkeletons: true,
    });
    expect(plan.patches).toHaveLength(4);
    const patchOf = (schema: string, name: string) =>
      plan.patches.filter(p => keysOf(schema, name).includes(p.findingKey));
    const [owned] = patchOf(SCHEMA, 'Owned "rows"');
    const [docs] = patchOf('public', 'docs');
    const [textOwner] = patchOf('public', 'text_owner');
    expect(owned.title).toBe(
      `Enable row level security on ${SCHEMA}.Owned "rows" with owner policies keeping today's reads`,
    );
    expect(owned.steps[0].rationale).toContain(
      'except that the owner policies added with it let signed-in users SELECT, INSERT, UPDATE and DELETE the rows whose user_id is their auth.uid().',
    );
    expect(owned.steps.slice(1, 3).map(st => st.sql)).toEqual([
      `DROP POLICY IF EXISTS "platform_kit_owner_select" ON ${OWNED}`,
      `CREATE POLICY "platform_kit_owner_select" ON ${OWNED}\n  AS PERMISSIVE\n  FOR SELECT\n  TO authenticated\n  USING ((select auth.uid()) = "user_id")`,
    ]);
    expect(owned.steps.slice(9).map(st => st.sql)).toEqual([
      `DROP POLICY IF EXISTS "platform_kit_keep_select_anon" ON ${OWNED}`,
      `CREATE POLICY "platform_kit_keep_select_anon" ON ${OWNED}\n  AS PERMISSIVE\n  FOR SELECT\n  TO "anon"\n  USING (true)`,
      `COMMENT ON POLICY "platform_kit_keep_select_anon" ON ${OWNED} IS 'platform-kit: keeps the read access the grants gave before RLS; review: narrow USING to the rows this role should see'`,
    ]);
    for (const st of owned.steps)
      expect(st).toMatchObject({
        risk: 'behaviour-change',
        tables: [OWNED],
        resolves: [owned.findingKey],
      });
    // anon may write to docs today and no policy would let it: a human decides.
    expect(docs.manual!.reason).toMatch(
      /^anon INSERT, UPDATE, DELETE on it today/,
    );
    // A text user_id is not an auth.users id: authenticated's writes have no skeleton.
    expect(textOwner.manual!.reason).toMatch(
      /authenticated INSERT, UPDATE, DELETE on it today/,
    );
    await expectCleanPlanSql(plan);

    const before = await countRows(fx.db.url, OWNED);
    await applyPlanSql(fx.db.url, plan);
    await applyPlanSql(fx.db.url, plan); // runs again without error
    expect(await countRows(fx.db.url, OWNED)).toEqual(before);

    const rescan = await fx.findings(undefined, exposed);
    expect(
      rescan.filter(f => keysOf(SCHEMA, 'Owned "rows"').includes(f.cache_key)),
    ).toEqual([]);
    expect(
      rescan.filter(
        f =>
          [
            'auth_rls_initplan',
            'multiple_permissive_policies',
            'rls_policy_always_true',
          ].includes(f.name) && f.metadata.name === 'Owned "rows"',
      ),
    ).toEqual([]);
    const ids = async (caller: Parameters<typeof rowsAs>[1], table: string) =>
      (
        await rowsAs(fx.db.url, caller, `select id from ${table} order by id`)
      ).map(r => r.id);
    expect(await ids(user(ALICE), OWNED)).toEqual([1, 2]);
    expect(await ids(user(BOB), OWNED)).toEqual([3]);
    // anon reads what it read before.
    expect(await ids(anon, OWNED)).toEqual([1, 2, 3]);
    expect(
      await outcomeAs(
        fx.db.url,
        user(ALICE),
        `insert into ${OWNED} values (10, '${ALICE}', 'mine')`,
      ),
    ).toBe('ok');
    expect(
      await outcomeAs(
        fx.db.url,
        user(ALICE),
        `insert into ${OWNED} values (11, '${BOB}', 'not mine')`,
      ),
    ).toMatch(/violates row-level security policy/);
  });
});
