import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { applyPlanSql } from '../__testUtils__/applyPlanSql';
import { buildPlan } from '../buildPlan';
import { expectCleanPlanSql } from './__testUtils__/planChecks';
import { anon, q, rowsAs, user } from './__testUtils__/roles';

jest.setTimeout(120_000);

/** The application's source was searched and reads none of these relations. */
const NO_READS = { origin: 'app', files: 1, rpc: {}, tables: {} };

const SCHEMA = 'Weird "Schema".x';
const s = q(SCHEMA);
const exposed = { exposedSchemas: ['public', SCHEMA] };
const ACCOUNTS_VIEW = `${s}."order"`;
const LEDGER_VIEW = `"public".${q('ledger view "v" ✓')}`;
const OPEN_VIEW = `"public".${q('open "list"')}`;
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

      create table public.catalogue (id int primary key, title text);
      insert into public.catalogue values (1, 'a'), (2, 'b');
      revoke all on public.catalogue from anon, authenticated;
      grant select on public.catalogue to anon, authenticated;
      create view ${OPEN_VIEW} as select id, title from public.catalogue;
      revoke all on ${OPEN_VIEW} from anon, authenticated;
      grant select on ${OPEN_VIEW} to anon, authenticated;
    `);
    findings = await fx.findings('security_definer_view', exposed);
  });
  afterAll(() => fx.db.drop());

  it('runs a view as the caller when that changes nothing its readers get, and leaves the rest to a human', async () => {
    expect(findings.map(f => f.metadata.name).sort()).toEqual([
      'ledger view "v" ✓',
      'open "list"',
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
    const byName = (name: string) =>
      plan.patches.find(p => p.findingKey.endsWith(`_${name}`))!;
    // RLS underneath would silently hide rows from its readers.
    const accounts = byName('order');
    expect(accounts.steps).toEqual([]);
    expect(accounts.manual!.reason).toBe(
      'running it as the caller changes what anon and authenticated get from it, without an error for fewer rows: rows of public.accounts are filtered by its RLS policies ("visible rows") for the caller',
    );
    // Its readers hold no SELECT underneath: they would get errors.
    expect(byName('ledger view "v" ✓').manual!.reason).toContain(
      'anon has no SELECT on public.ledger: its queries of the view fail with "permission denied"',
    );
    // Readers hold SELECT on a table without RLS: the same rows either way.
    const open = byName('open "list"');
    expect(open).toMatchObject({
      title: 'Run view public.open "list" with the caller\'s privileges',
      manual: null,
      steps: [
        {
          sql: `ALTER VIEW ${OPEN_VIEW} SET (security_invoker = true)`,
          risk: 'behaviour-change',
          transactional: true,
          resolves: [open.findingKey],
          tables: [OPEN_VIEW],
        },
      ],
    });
    expect(open.probes.map(p => `${p.role}: ${p.sql}`)).toEqual([
      `anon: EXPLAIN (COSTS OFF) SELECT * FROM ${OPEN_VIEW}`,
      `authenticated: EXPLAIN (COSTS OFF) SELECT * FROM ${OPEN_VIEW}`,
    ]);
    await expectCleanPlanSql(plan);

    await applyPlanSql(fx.db.url, plan);
    expect(
      (await fx.findings('security_definer_view', exposed)).map(
        f => f.metadata.name,
      ),
    ).toEqual(['ledger view "v" ✓', 'order']);
    expect(await ids(anon, OPEN_VIEW)).toEqual([1, 2]);
    expect(await ids(user(ALICE), OPEN_VIEW)).toEqual([1, 2]);
    expect(await ids(anon, ACCOUNTS_VIEW)).toEqual([1, 2, 3]);
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
    // anon reads note_summary: as the caller it would count fewer rows, silently.
    const summaryPatch = plan.patches.find(p =>
      p.findingKey.endsWith('note_summary'),
    )!;
    expect(summaryPatch.manual!.reason).toMatch(
      /^running it as the caller changes what anon and authenticated get from it, without an error for fewer rows: rows of public\.notes are filtered/,
    );
    await applyPlanSql(fx.db.url, plan);
    expect(
      (await fx.findings('security_definer_view')).map(f => f.metadata.name),
    ).toEqual(['note_summary']);
    expect(await summary()).toEqual([{ counted: '1', direct: '2' }]);
  });
});
