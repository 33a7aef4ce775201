import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { Client } from 'pg';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
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

/** The application's source was searched and reads none of these relations. */
const NO_READS = { origin: 'app', files: 1, rpc: {}, tables: {} };

const SCHEMA = 'Weird "Schema".x';
const s = q(SCHEMA);
const exposed = { exposedSchemas: ['public', SCHEMA] };
const LINTS = [
  'auth_users_exposed',
  'materialized_view_in_api',
  'foreign_table_in_api',
];
const USERS_VIEW = `"public".${q('users "directory"')}`;
const MATVIEW = `${s}."select"`;
const FOREIGN = `"public".${q('remote "orders" ü')}`;
const ALICE = '00000000-0000-4000-8000-00000000000a';

describe('revoke API access builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      grant usage on schema ${s} to anon, authenticated, service_role;
      insert into auth.users (id, email) values ('${ALICE}', 'alice@example.com');
      create view ${USERS_VIEW} as select id, email from auth.users;
      create materialized view ${MATVIEW} as select g as n from generate_series(1, 3) g;
      grant select on ${MATVIEW} to public, service_role;
      create extension postgres_fdw schema extensions;
      create server billing foreign data wrapper postgres_fdw options (dbname 'billing');
      create foreign table ${FOREIGN} (id int, amount numeric) server billing;
      revoke all on ${FOREIGN} from authenticated;
      grant select (id) on ${FOREIGN} to authenticated;
    `);
    findings = (await fx.findings(undefined, exposed)).filter(f =>
      LINTS.includes(f.name),
    );
  });
  afterAll(() => fx.db.drop());

  const privilege = async (role: string, sql: string) => {
    const client = new Client({ connectionString: fx.db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select ${sql.replace(/\$role/g, `'${role}'`)} as ok`,
      );
      return rows[0].ok;
    } finally {
      await client.end();
    }
  };

  it('leaves the revoke to a human when the application reads the relation, or nobody searched its source', async () => {
    const inventory = await fx.inventory(exposed);
    const read = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: ['auth_users_exposed'],
      appCallers: {
        ...NO_READS,
        tables: { 'users "directory"': [{ path: 'src/users.ts', line: 4 }] },
      },
    });
    const [patch] = read.patches;
    expect(patch.steps).toEqual([]);
    expect(patch.manual!.reason).toBe(
      "the application reads it (src/users.ts:4): revoking the API roles' access would break that",
    );
    expect(patch.dependants).toEqual([
      expect.objectContaining({
        kind: 'app_call',
        effect: 'blocks',
        location: 'src/users.ts:4',
      }),
    ]);
    const blind = buildPlan({
      targetRef: 'x',
      inventory,
      findings,
      lints: ['auth_users_exposed'],
    });
    expect(blind.patches[0].manual!.reason).toMatch(
      /^no application source was searched, so nothing tells whether the application reads public\.users "directory" through the Data API/,
    );
  });

  it('revokes what the API roles hold on relations RLS cannot protect', async () => {
    expect(findings.map(f => f.name).sort()).toEqual(LINTS.slice().sort());
    expect(
      await rowsAs(fx.db.url, anon, `select email from ${USERS_VIEW}`),
    ).toEqual([{ email: 'alice@example.com' }]);
    expect(
      await rowsAs(fx.db.url, anon, `select * from ${MATVIEW}`),
    ).toHaveLength(3);

    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(exposed),
      findings,
      lints: LINTS,
      appCallers: NO_READS,
    });
    expect(plan.skipped).toEqual([]);
    const byLint = Object.fromEntries(plan.patches.map(p => [p.lint, p]));
    expect(byLint.auth_users_exposed).toMatchObject({
      title: 'Revoke API access to view public.users "directory"',
      manual: null,
      steps: [
        {
          sql: `REVOKE ALL ON TABLE ${USERS_VIEW} FROM anon, authenticated`,
          risk: 'behaviour-change',
          transactional: true,
          tables: [USERS_VIEW],
        },
      ],
    });
    expect(byLint.auth_users_exposed.steps[0].rationale).toBe(
      'Revokes every privilege of anon and authenticated on public.users "directory": it exposes auth.users (emails, phone numbers, sign-in data) and runs as its owner, so no row level security limits it. anon (DELETE, INSERT, SELECT, TRUNCATE, UPDATE) and authenticated (DELETE, INSERT, SELECT, TRUNCATE, UPDATE) get "permission denied" on it from then on, so API requests and client code reading it as those roles fail; the owner and service_role keep their access.',
    );
    // PUBLIC holds SELECT, and anon and authenticated with it: revoked too.
    expect(byLint.materialized_view_in_api.steps[0].sql).toBe(
      `REVOKE ALL ON TABLE ${MATVIEW} FROM PUBLIC, anon, authenticated`,
    );
    expect(byLint.materialized_view_in_api.steps[0].rationale).toContain(
      "as does every other role that relied on PUBLIC's SELECT",
    );
    expect(byLint.foreign_table_in_api.steps[0]).toMatchObject({
      sql: `REVOKE ALL ON TABLE ${FOREIGN} FROM anon, authenticated`,
      tables: [],
    });
    await expectCleanPlanSql(plan);

    const before = [
      await countRows(fx.db.url, USERS_VIEW),
      await countRows(fx.db.url, MATVIEW),
    ];
    await applyPlanSql(fx.db.url, plan);
    expect(
      (await fx.findings(undefined, exposed)).filter(f =>
        LINTS.includes(f.name),
      ),
    ).toEqual([]);
    expect([
      await countRows(fx.db.url, USERS_VIEW),
      await countRows(fx.db.url, MATVIEW),
    ]).toEqual(before);

    for (const caller of [anon, user(ALICE)]) {
      expect(
        await outcomeAs(fx.db.url, caller, `select * from ${USERS_VIEW}`),
      ).toBe('permission denied for view users "directory"');
      expect(
        await outcomeAs(fx.db.url, caller, `select * from ${MATVIEW}`),
      ).toBe('permission denied for materialized view select');
    }
    expect(
      await rowsAs(fx.db.url, serviceRole, `select email from ${USERS_VIEW}`),
    ).toEqual([{ email: 'alice@example.com' }]);
    expect(
      await rowsAs(fx.db.url, serviceRole, `select * from ${MATVIEW}`),
    ).toHaveLength(3);
    const foreign = `'${FOREIGN.replace(/'/g, "''")}'`;
    expect(
      await privilege(
        'anon',
        `has_table_privilege($role, ${foreign}, 'SELECT')`,
      ),
    ).toBe(false);
    // column grants go with REVOKE ALL ON TABLE
    expect(
      await privilege(
        'authenticated',
        `has_column_privilege($role, ${foreign}, 'id', 'SELECT')`,
      ),
    ).toBe(false);
    expect(
      await privilege(
        'service_role',
        `has_table_privilege($role, ${foreign}, 'SELECT')`,
      ),
    ).toBe(true);
  });
});

describe('revoke API access builder: routines without arguments, no privileges left', () => {
  let fx: ScanFixture;

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      insert into auth.users (id, email) values ('${ALICE}', 'alice@example.com');
      -- the signed-in user's row, through auth.uid(): no argument
      create view public.me as select id, email from auth.users where id = auth.uid();
      create function public.daily_totals() returns table (day int, total int)
        language sql stable set search_path = '' as $$ select 1, 10 union all select 2, 20 $$;
      create materialized view public.totals as select * from public.daily_totals();
      grant select on public.me, public.totals to anon, authenticated;
    `);
  });
  afterAll(() => fx.db.drop());

  it('revokes, and says so plainly when the roles hold nothing any more', async () => {
    const alice = user(ALICE);
    expect(
      await rowsAs(fx.db.url, alice, 'select email from public.me'),
    ).toEqual([{ email: 'alice@example.com' }]);
    const findings = (await fx.findings()).filter(f => LINTS.includes(f.name));
    expect(findings.map(f => `${f.name} ${f.metadata.name}`).sort()).toEqual([
      'auth_users_exposed me',
      'materialized_view_in_api totals',
    ]);
    // Since the scan, someone took the API roles' privileges on totals.
    await fx.sql('revoke all on public.totals from anon, authenticated');
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: LINTS,
      appCallers: NO_READS,
    });
    expect(plan.skipped).toEqual([]);
    const totals = plan.patches.find(
      p => p.lint === 'materialized_view_in_api',
    )!;
    expect(totals.steps[0].sql).toBe(
      'REVOKE ALL ON TABLE "public"."totals" FROM anon, authenticated',
    );
    expect(totals.steps[0].rationale).toBe(
      'Revokes every privilege of anon and authenticated on public.totals: materialized views do not support row level security, so every caller sees every row. The API roles hold no privilege on it any more (taken since the finding was reported): the statement changes nothing for them and makes sure it stays so; the owner and service_role keep their access.',
    );
    await applyPlanSql(fx.db.url, plan);
    expect((await fx.findings()).filter(f => LINTS.includes(f.name))).toEqual(
      [],
    );
    expect(
      await outcomeAs(fx.db.url, alice, 'select email from public.me'),
    ).toBe('permission denied for view me');
    expect(
      await rowsAs(
        fx.db.url,
        { ...serviceRole, claims: { sub: ALICE } },
        'select email from public.me',
      ),
    ).toEqual([{ email: 'alice@example.com' }]);
    expect(
      await rowsAs(fx.db.url, serviceRole, 'select * from public.totals'),
    ).toHaveLength(2);
  });
});
