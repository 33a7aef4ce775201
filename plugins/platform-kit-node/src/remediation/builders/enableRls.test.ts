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
    `);
    findings = (await fx.findings(undefined, exposed)).filter(f =>
      LINTS.includes(f.name),
    );
  });
  afterAll(() => fx.db.drop());

  it('enables RLS: the API roles keep only what existing policies give them', async () => {
    expect(
      findings
        .map(f => `${f.name} ${f.metadata.schema}.${f.metadata.name}`)
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        'policy_exists_rls_disabled public.Ünïcode "tâble" order',
        'rls_disabled_in_public public.notes',
        'rls_disabled_in_public public.Ünïcode "tâble" order',
        `rls_disabled_in_public ${SCHEMA}.select`,
        `sensitive_columns_exposed ${SCHEMA}.select`,
      ]),
    );
    const findingKeys = [
      ...keysOf('public', 'notes'),
      ...keysOf(SCHEMA, 'select'),
      ...keysOf('public', 'Ünïcode "tâble" order'),
      ...keysOf('public', BREAKER_NAME),
    ];
    expect(findingKeys).toHaveLength(6);
    expect(
      await rowsAs(fx.db.url, anon, `select * from ${NOTES}`),
    ).toHaveLength(3);
    expect(
      await rowsAs(fx.db.url, anon, `select * from ${PUBLISHED}`),
    ).toHaveLength(3);

    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(exposed),
      findings,
      lints: LINTS,
      findingKeys,
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.patches).toHaveLength(6);
    for (const p of plan.patches) {
      expect(p.manual).toBeNull();
      expect(p.steps).toHaveLength(1);
      expect(p.steps[0]).toMatchObject({
        risk: 'behaviour-change',
        transactional: true,
        resolves: [p.findingKey],
      });
    }
    const notes = plan.patches.find(
      p => p.findingKey === keysOf('public', 'notes')[0],
    )!;
    expect(notes).toMatchObject({
      lint: 'rls_disabled_in_public',
      title: 'Enable row level security on public.notes',
      steps: [
        {
          sql: 'ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY',
          tables: ['"public"."notes"'],
        },
      ],
    });
    expect(notes.steps[0].rationale).toContain(
      "anon and authenticated (today's grants: anon DELETE, INSERT, SELECT, TRUNCATE, UPDATE; authenticated DELETE, INSERT, SELECT, TRUNCATE, UPDATE) lose access to every row: the table has no policies, so the API roles see nothing",
    );
    const published = plan.patches.find(
      p => p.lint === 'policy_exists_rls_disabled',
    )!;
    expect(published.steps[0].sql).toBe(
      'ALTER TABLE "public"."Ünïcode ""tâble"" order" ENABLE ROW LEVEL SECURITY',
    );
    expect(published.steps[0].rationale).toContain(
      'lose access to every row except through the table\'s existing policies: "Published rows, "v1"" (SELECT to anon, authenticated).',
    );
    const secrets = plan.patches.filter(
      p =>
        p.steps[0].sql === `ALTER TABLE ${SECRETS} ENABLE ROW LEVEL SECURITY`,
    );
    expect(secrets.map(p => p.lint).sort()).toEqual([
      'rls_disabled_in_public',
      'sensitive_columns_exposed',
    ]);

    const breaker = plan.patches.find(
      p => p.findingKey === keysOf('public', BREAKER_NAME)[0],
    )!;
    expect(breaker.title).toBe(
      'Enable row level security on public.cr\\u000dDROP TABLE public.notes;\\u000aSELECT 1;--',
    );
    expect(breaker.steps[0].rationale).not.toMatch(/[\r\n]/);

    // One statement a table: the patches of two findings on one table share it.
    const steps = planSteps(plan);
    expect(steps).toHaveLength(4);
    expect(steps.find(st => st.sql.includes(SECRETS))!.resolves.sort()).toEqual(
      keysOf(SCHEMA, 'select').sort(),
    );
    // The statement count checked here also shows that no name left its comment.
    await expectCleanPlanSql(plan);
    const before = await Promise.all(
      [NOTES, SECRETS, PUBLISHED, BREAKER].map(t => countRows(fx.db.url, t)),
    );
    await applyPlanSql(fx.db.url, plan);
    const rescan = await fx.findings(undefined, exposed);
    expect(rescan.filter(f => findingKeys.includes(f.cache_key))).toEqual([]);
    expect(
      await Promise.all(
        [NOTES, SECRETS, PUBLISHED, BREAKER].map(t => countRows(fx.db.url, t)),
      ),
    ).toEqual(before);

    expect(await rowsAs(fx.db.url, anon, `select * from ${NOTES}`)).toEqual([]);
    expect(
      await rowsAs(fx.db.url, user(ALICE), `select * from ${SECRETS}`),
    ).toEqual([]);
    expect(
      await outcomeAs(fx.db.url, anon, `insert into ${NOTES} values (9, 'x')`),
    ).toMatch(/violates row-level security policy/);
    expect(
      await rowsAs(fx.db.url, anon, `select id from ${PUBLISHED}`),
    ).toEqual([{ id: 1 }]);
    expect(
      await rowsAs(fx.db.url, serviceRole, `select * from ${NOTES}`),
    ).toHaveLength(3);
  });

  it('adds owner policy skeletons where asked, idempotently', async () => {
    const findingKeys = [
      ...keysOf(SCHEMA, 'Owned "rows"'),
      ...keysOf('public', 'docs'),
      ...keysOf('public', 'text_owner'),
    ];
    // docs has a policy: policy_exists_rls_disabled and rls_disabled_in_public
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
    const [docs, docsAgain] = patchOf('public', 'docs');
    const [textOwner] = patchOf('public', 'text_owner');
    expect(docsAgain.steps.map(st => st.sql)).toEqual(
      docs.steps.map(st => st.sql),
    );
    expect(owned.title).toBe(
      `Enable row level security on ${SCHEMA}.Owned "rows" with owner policies`,
    );
    expect(owned.steps.map(st => st.id)).toHaveLength(9);
    expect(owned.steps[0].rationale).toContain(
      'except that the owner policies added with it let signed-in users SELECT, INSERT, UPDATE and DELETE the rows whose user_id is their auth.uid().',
    );
    expect(owned.steps.slice(1, 3).map(st => st.sql)).toEqual([
      `DROP POLICY IF EXISTS "platform_kit_owner_select" ON ${OWNED}`,
      `CREATE POLICY "platform_kit_owner_select" ON ${OWNED}\n  AS PERMISSIVE\n  FOR SELECT\n  TO authenticated\n  USING ((select auth.uid()) = "user_id")`,
    ]);
    expect(owned.steps[6].sql).toContain(
      'FOR UPDATE\n  TO authenticated\n  USING ((select auth.uid()) = "user_id") WITH CHECK ((select auth.uid()) = "user_id")',
    );
    for (const st of owned.steps)
      expect(st).toMatchObject({
        risk: 'behaviour-change',
        tables: [OWNED],
        resolves: [owned.findingKey],
      });
    // docs: owner_id comes before created_by; its existing SELECT policy for
    // authenticated stays the only one for SELECT.
    expect(
      docs.steps
        .filter(st => st.sql.startsWith('CREATE POLICY'))
        .map(st => st.sql.split('\n')[2]),
    ).toEqual(['  FOR INSERT', '  FOR UPDATE', '  FOR DELETE']);
    expect(docs.steps[2].sql).toContain('(select auth.uid()) = "owner_id"');
    // A text user_id is not an auth.users id.
    expect(textOwner.steps).toHaveLength(1);
    await expectCleanPlanSql(plan);

    const counts = async () =>
      Promise.all([OWNED, DOCS, TEXT_OWNER].map(t => countRows(fx.db.url, t)));
    const before = await counts();
    await applyPlanSql(fx.db.url, plan);
    await applyPlanSql(fx.db.url, plan); // runs again without error
    expect(await counts()).toEqual(before);

    const rescan = await fx.findings(undefined, exposed);
    expect(rescan.filter(f => findingKeys.includes(f.cache_key))).toEqual([]);
    expect(
      rescan.filter(
        f =>
          ['auth_rls_initplan', 'multiple_permissive_policies'].includes(
            f.name,
          ) && ['Owned "rows"', 'docs'].includes(f.metadata.name as string),
      ),
    ).toEqual([]);

    const ids = async (caller: Parameters<typeof rowsAs>[1], table: string) =>
      (
        await rowsAs(fx.db.url, caller, `select id from ${table} order by id`)
      ).map(r => r.id);
    expect(await ids(user(ALICE), OWNED)).toEqual([1, 2]);
    expect(await ids(user(BOB), OWNED)).toEqual([3]);
    expect(await ids(anon, OWNED)).toEqual([]);
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
    expect(
      await rowsAs(
        fx.db.url,
        user(ALICE),
        `with u as (update ${OWNED} set title = 'x' returning id) select id from u order by id`,
      ),
    ).toEqual([{ id: 1 }, { id: 2 }]);
    expect(
      await rowsAs(
        fx.db.url,
        user(ALICE),
        `with d as (delete from ${OWNED} where id = 3 returning id) select id from d`,
      ),
    ).toEqual([]);
    // docs: published rows for everyone signed in; Alice owns row 1.
    expect(await ids(user(ALICE), DOCS)).toEqual([2]);
    expect(
      await rowsAs(
        fx.db.url,
        user(ALICE),
        `with u as (update ${DOCS} set published = true where id = 1 returning id) select id from u`,
      ),
    ).toEqual([]);
    expect(await ids(user(ALICE), TEXT_OWNER)).toEqual([]);
  });
});
