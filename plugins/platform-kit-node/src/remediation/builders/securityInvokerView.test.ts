import { Finding } from '@platform-kit/plugin-platform-kit-common';
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
const ACCOUNTS_VIEW = `${s}."order"`;
const LEDGER_VIEW = `"public".${q('ledger view "v" ✓')}`;
const ALICE = '00000000-0000-4000-8000-00000000000a';

describe('security invoker view builder', () => {
  let fx: ScanFixture;
  let findings: Finding[];

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create schema ${s};
      grant usage on schema ${s} to anon, authenticated, service_role;
      create table public.accounts (id int primary key, visible boolean);
      insert into public.accounts values (1, true), (2, false), (3, false);
      alter table public.accounts enable row level security;
      create policy "visible rows" on public.accounts for select to anon, authenticated using (visible);
      create view ${ACCOUNTS_VIEW} as select id from public.accounts;
      grant select on ${ACCOUNTS_VIEW} to anon, authenticated, service_role;

      create table public.ledger (id int primary key, amount numeric);
      insert into public.ledger values (1, 10), (2, 20);
      revoke all on public.ledger from anon, authenticated;
      create view ${LEDGER_VIEW} as select * from public.ledger;
    `);
    findings = await fx.findings('security_definer_view', exposed);
  });
  afterAll(() => fx.db.drop());

  it('makes views run as the caller: RLS and grants of the tables underneath apply', async () => {
    expect(findings.map(f => f.metadata.name).sort()).toEqual([
      'ledger view "v" ✓',
      'order',
    ]);
    const ids = async (caller: Parameters<typeof rowsAs>[1], view: string) =>
      (
        await rowsAs(fx.db.url, caller, `select id from ${view} order by id`)
      ).map(r => r.id);
    expect(await ids(anon, ACCOUNTS_VIEW)).toEqual([1, 2, 3]);
    expect(await ids(user(ALICE), LEDGER_VIEW)).toEqual([1, 2]);

    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(exposed),
      findings,
      lints: ['security_definer_view'],
      appCallers: NO_READS,
    });
    expect(plan.skipped).toEqual([]);
    const accounts = plan.patches.find(p => p.findingKey.endsWith('_order'))!;
    expect(accounts).toMatchObject({
      lint: 'security_definer_view',
      title: `Run view ${SCHEMA}.order with the caller's privileges`,
      manual: null,
      steps: [
        {
          sql: `ALTER VIEW ${ACCOUNTS_VIEW} SET (security_invoker = true)`,
          risk: 'behaviour-change',
          transactional: true,
          resolves: [accounts.findingKey],
          tables: [ACCOUNTS_VIEW],
        },
      ],
    });
    expect(accounts.steps[0].rationale).toBe(
      `Makes ${SCHEMA}.order a security_invoker view: queries of it are checked against the privileges and row level security policies of the caller (anon, authenticated) on the tables underneath instead of the view owner's; rows of public.accounts are filtered by its RLS policies ("visible rows") for the caller.`,
    );
    const ledger = plan.patches.find(p => p !== accounts)!;
    expect(ledger.steps[0].sql).toBe(
      `ALTER VIEW ${LEDGER_VIEW} SET (security_invoker = true)`,
    );
    expect(ledger.steps[0].rationale).toContain(
      'anon has no SELECT on public.ledger: its queries of the view fail with "permission denied"; authenticated has no SELECT on public.ledger',
    );
    await expectCleanPlanSql(plan);

    const before = [
      await countRows(fx.db.url, ACCOUNTS_VIEW),
      await countRows(fx.db.url, LEDGER_VIEW),
    ];
    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings('security_definer_view', exposed)).toEqual([]);
    expect([
      await countRows(fx.db.url, ACCOUNTS_VIEW),
      await countRows(fx.db.url, LEDGER_VIEW),
    ]).toEqual(before);

    expect(await ids(anon, ACCOUNTS_VIEW)).toEqual([1]);
    expect(await ids(user(ALICE), ACCOUNTS_VIEW)).toEqual([1]);
    expect(await ids(serviceRole, ACCOUNTS_VIEW)).toEqual([1, 2, 3]);
    expect(
      await outcomeAs(fx.db.url, user(ALICE), `select * from ${LEDGER_VIEW}`),
    ).toBe('permission denied for table ledger');
    expect(await ids(serviceRole, LEDGER_VIEW)).toEqual([1, 2]);
  });
});

describe('security invoker view builder: routines without arguments, no readers left', () => {
  let fx: ScanFixture;

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create table public.notes (id int primary key, visible boolean);
      insert into public.notes values (1, true), (2, false);
      alter table public.notes enable row level security;
      create policy "visible notes" on public.notes for select to anon, authenticated using (visible);
      create function public.note_count() returns bigint language sql stable
        set search_path = '' as $$ select count(*) from public.notes $$;
      create view public.note_summary as
        select public.note_count() as counted, (select count(*) from public.notes) as direct;
      grant select on public.note_summary to anon;
      create view public.staff_notes as select id from public.notes;
    `);
  });
  afterAll(() => fx.db.drop());

  it('keeps a call without arguments working as the caller, and says nothing of readers when none is left', async () => {
    const summary = () =>
      rowsAs(fx.db.url, anon, 'select * from public.note_summary');
    // The function already runs as the caller; the table only as the view's owner.
    expect(await summary()).toEqual([{ counted: '1', direct: '2' }]);
    const findings = await fx.findings('security_definer_view');
    expect(findings.map(f => f.metadata.name).sort()).toEqual([
      'note_summary',
      'staff_notes',
    ]);
    // Since the scan, the API roles lost their grants on one view.
    await fx.sql(
      'revoke all on public.staff_notes from anon, authenticated, service_role',
    );
    const plan = buildPlan({
      targetRef: 'x',
      inventory: await fx.inventory(),
      findings,
      lints: ['security_definer_view'],
      appCallers: NO_READS,
    });
    expect(plan.skipped).toEqual([]);
    const staff = plan.patches.find(p => p.findingKey.endsWith('staff_notes'))!;
    expect(staff.steps[0].rationale).toBe(
      'Makes public.staff_notes a security_invoker view: queries of it are checked against the privileges and row level security policies of the caller on the tables underneath instead of the view owner\'s; rows of public.notes are filtered by its RLS policies ("visible notes") for the caller.',
    );
    await applyPlanSql(fx.db.url, plan);
    expect(await fx.findings('security_definer_view')).toEqual([]);
    expect(await summary()).toEqual([{ counted: '1', direct: '1' }]);
  });
});
