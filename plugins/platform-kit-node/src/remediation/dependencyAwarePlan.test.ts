import { Finding, Patch } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../__testUtils__/scan';
import { applyPlan } from './apply/applyPlan';
import { AppCallers } from './appCallers/types';
import { buildPlan } from './buildPlan';
import { expectCleanPlanSql } from './builders/__testUtils__/planChecks';
import { anon, outcomeAs, user } from './builders/__testUtils__/roles';

jest.setTimeout(120_000);

const ALICE = '00000000-0000-4000-8000-00000000000a';
const ORG = '10000000-0000-4000-8000-000000000001';

/**
 * A multi-tenant schema in the common Supabase shape: SECURITY DEFINER
 * helpers called by policies, a view, a default, an invoker routine calling
 * a helper by name, an RPC the application calls, and one helper nothing
 * uses. What worked before a default plan must work after it.
 */
const SCHEMA = `
  create table public.orgs (id uuid primary key, name text);
  create table public.members (org_id uuid not null references public.orgs, user_id uuid not null,
                               primary key (org_id, user_id));
  insert into public.orgs values ('${ORG}', 'acme');
  insert into public.members values ('${ORG}', '${ALICE}');

  create function public.is_member_of(o uuid) returns boolean language sql stable security definer
    set search_path = '' as $$ select exists (select 1 from public.members m where m.org_id = o and m.user_id = auth.uid()) $$;
  create function public.can_write(o uuid) returns boolean language sql stable security definer
    set search_path = '' as $$ select exists (select 1 from public.members m where m.org_id = o and m.user_id = auth.uid()) $$;
  create function public.current_org() returns uuid language sql stable security definer
    set search_path = '' as $$ select null::uuid $$;
  create function public.team_size(o uuid) returns int language sql stable security definer
    as $$ select count(*)::int from public.members m where m.org_id = o $$;
  create function public.seat_ok(o uuid) returns boolean language sql stable security definer
    set search_path = '' as $$ select o is not null $$;
  create table public.seats (id int primary key, org_id uuid check (public.seat_ok(org_id)));
  create function public.new_code() returns text language sql volatile security definer
    set search_path = '' as $$ select 'c-' || floor(random() * 1000)::text $$;
  create function public.unused_admin() returns int language sql security definer
    set search_path = '' as $$ select 1 $$;
  create function public.accept_invitation(token text) returns boolean language sql security definer
    set search_path = '' as $$ select token <> '' $$;
  create function public.helper_for_body() returns int language sql security definer
    set search_path = '' as $$ select 1 $$;
  create function public.calls_by_name() returns int language plpgsql
    set search_path = '' as $$ begin return public.helper_for_body(); end $$;

  create table public.projects (id int primary key, org_id uuid not null references public.orgs,
                                code text default public.new_code(), name text);
  insert into public.projects values (1, '${ORG}', 'c-1', 'one'), (2, '${ORG}', 'c-2', 'two');
  alter table public.projects enable row level security;
  create policy "members read" on public.projects for select to authenticated using (public.is_member_of(org_id));
  create policy "members insert" on public.projects for insert to authenticated with check (public.can_write(org_id));
  create policy "teams update" on public.projects for update to authenticated using (public.team_size(org_id) > 0);
  create table public.announcements (id int primary key, org_id uuid, body text);
  insert into public.announcements values (1, null, 'hello');
  alter table public.announcements enable row level security;
  create policy "public read" on public.announcements for select to public
    using (org_id is null or org_id = public.current_org());
  create view public.my_orgs with (security_invoker = true) as
    select o.id, o.name from public.orgs o where public.is_member_of(o.id);

  revoke all on public.orgs, public.members, public.my_orgs from anon, authenticated;
  grant select on public.orgs to authenticated;
  grant select, insert, update on public.projects to authenticated;
  revoke all on public.seats from anon, authenticated;
  grant select, insert on public.seats to authenticated;
  grant select on public.announcements to anon, authenticated;
  grant select on public.my_orgs to authenticated;
`;

const DEFINER_LINTS = [
  'anon_security_definer_function_executable',
  'authenticated_security_definer_function_executable',
];

const PROBES = [
  "insert into public.seats values (1, '10000000-0000-4000-8000-000000000001')",
  'select count(*) from public.projects',
  'update public.projects set name = name where id = 1',
  "insert into public.projects (id, org_id, name) values (3, '10000000-0000-4000-8000-000000000001', 'three')",
  'select count(*) from public.announcements',
  'select count(*) from public.my_orgs',
  'select public.calls_by_name()',
  "select public.accept_invitation('t')",
];

describe('dependency-aware plans', () => {
  let fx: ScanFixture;
  let findings: Finding[];
  const callers: AppCallers = {
    origin: 'app',
    files: 1,
    rpc: { accept_invitation: [{ path: 'src/invite.ts', line: 3 }] },
    tables: { projects: [{ path: 'src/projects.ts', line: 7 }] },
  };
  const probeAll = async () => {
    const results: Record<string, string> = {};
    for (const sql of PROBES) {
      results[`alice: ${sql}`] = await outcomeAs(fx.db.url, user(ALICE), sql);
      results[`anon: ${sql}`] = await outcomeAs(fx.db.url, anon, sql);
    }
    return results;
  };
  const patchOf = (patches: Patch[], lint: string, name: string) =>
    patches.find(p => p.lint === lint && p.findingKey.includes(`_${name}_`));

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(SCHEMA);
    findings = await fx.findings();
  });
  afterAll(() => fx.db.drop());

  it('captures what uses each helper, with the clauses and roles of policies', async () => {
    const inventory = await fx.inventory();
    const uses = (name: string) =>
      inventory
        .dependants!.filter(d => d.on.name === name)
        .map(d =>
          [
            d.kind,
            d.name,
            d.command,
            d.roles.join(','),
            d.clauses.join(','),
            d.source,
          ]
            .filter(Boolean)
            .join(' '),
        )
        .sort();
    expect(uses('is_member_of')).toEqual([
      'policy members read SELECT authenticated using catalog',
      'view my_orgs catalog',
    ]);
    expect(uses('can_write')).toEqual([
      'policy members insert INSERT authenticated with_check catalog',
    ]);
    expect(uses('new_code')).toEqual(['column_default projects catalog']);
    expect(uses('seat_ok')).toEqual([
      'check_constraint seats_org_id_check catalog',
    ]);
    expect(uses('helper_for_body')).toEqual(['routine calls_by_name body']);
    expect(
      inventory.functions.find(f => f.name === 'current_org')?.executableBy,
    ).toEqual(
      expect.arrayContaining(['anon', 'authenticated', 'service_role']),
    );
  });

  it('chooses per helper the fix that keeps its dependants working, or says why a human must decide', async () => {
    const plan = buildPlan({
      targetRef: 'test',
      inventory: await fx.inventory(),
      findings,
      lints: DEFINER_LINTS,
      appCallers: callers,
    });
    const decision = (name: string) => {
      const patch = patchOf(
        plan.patches,
        'anon_security_definer_function_executable',
        name,
      );
      if (!patch) return 'no patch';
      if (patch.manual) return `manual: ${patch.manual.reason}`;
      return patch.steps.map(s => s.id.split(':')[0]).join(' + ');
    };
    // Used by policies as authenticated (and both findings are fixed): moved out of the API.
    expect(decision('is_member_of')).toBe('create-schema + move-routine');
    expect(decision('can_write')).toBe('create-schema + move-routine');
    expect(decision('current_org')).toBe('create-schema + move-routine');
    // Called by a CHECK constraint on rows authenticated inserts.
    expect(decision('seat_ok')).toBe('create-schema + move-routine');
    // Its search_path is mutable and this plan does not pin it: moved, it would be reported again.
    expect(decision('team_size')).toMatch(
      /cannot be moved out of the Data API: its search_path is not pinned/,
    );
    // Nothing uses it: revoked, and granted back to every other role that executes it today.
    expect(decision('unused_admin')).toBe('revoke-execute + grant-execute');
    // The application calls it: never revoked silently.
    expect(decision('accept_invitation')).toMatch(
      /^manual: .*\/rest\/v1\/rpc\/accept_invitation \(src\/invite\.ts:3\)/,
    );
    // Called by name from an invoker routine: cannot move, cannot revoke.
    expect(decision('helper_for_body')).toMatch(
      /^manual: .*routine public\.calls_by_name\(\).*routines call it by name/,
    );
    const helper = patchOf(
      plan.patches,
      'anon_security_definer_function_executable',
      'is_member_of',
    )!;
    expect(
      helper.dependants.map(d => `${d.kind} ${d.effect} ${d.roles.join(',')}`),
    ).toEqual(['policy kept authenticated', 'view kept authenticated']);
    expect(helper.probes.map(p => p.id)).toEqual([
      'select:public.projects:authenticated',
      'select:public.my_orgs:authenticated',
    ]);
    const app = patchOf(
      plan.patches,
      'anon_security_definer_function_executable',
      'accept_invitation',
    )!;
    expect(app.dependants).toEqual([
      expect.objectContaining({
        kind: 'app_call',
        effect: 'blocks',
        location: 'src/invite.ts:3',
      }),
    ]);
    await expectCleanPlanSql(plan, ['require-timeout-settings']);
  });

  it('fixes only the anonymous exposure when only that is asked, keeping signed-in callers', async () => {
    const plan = buildPlan({
      targetRef: 'test',
      inventory: await fx.inventory(),
      findings,
      lints: ['anon_security_definer_function_executable'],
      appCallers: callers,
    });
    const patch = patchOf(
      plan.patches,
      'anon_security_definer_function_executable',
      'is_member_of',
    )!;
    expect(patch.steps.map(s => s.sql)).toEqual([
      'REVOKE EXECUTE ON FUNCTION "public"."is_member_of"(o uuid) FROM PUBLIC, anon',
      expect.stringMatching(
        /^GRANT EXECUTE ON FUNCTION "public"\."is_member_of"\(o uuid\) TO .*"authenticated".*"service_role"/,
      ),
    ]);
    expect(patch.probes.map(p => p.id)).toContain(
      'execute:public.is_member_of(o uuid):authenticated',
    );
  });

  it('applies the default plan without breaking anything that worked, and every finding is fixed or explained', async () => {
    const before = await probeAll();
    const plan = buildPlan({
      targetRef: 'test',
      inventory: await fx.inventory(),
      findings,
      appCallers: callers,
    });
    const outcome = await applyPlan({
      connectionString: fx.db.url,
      advisoryLockKey: fx.db.name,
      plan,
      rescan: () => fx.findings(),
    });
    const after = await probeAll();
    const regressions = Object.keys(before).filter(
      k => before[k] === 'ok' && after[k] !== 'ok',
    );
    expect(regressions).toEqual([]);
    const unexplained = outcome.findings.filter(
      f => f.status !== 'applied' && !f.reason,
    );
    expect(unexplained).toEqual([]);
    expect(outcome.findings.filter(f => f.status === 'rolled-back')).toEqual(
      [],
    );
    const now = new Set((await fx.findings()).map(f => f.cache_key));
    const created = [...now].filter(
      k => !findings.some(f => f.cache_key === k),
    );
    expect(created).toEqual([]);
    // The default plan pins team_size's search_path first, then moves it (the guard saw the pin).
    const teamSize = plan.patches.find(
      p =>
        p.lint === 'anon_security_definer_function_executable' &&
        p.findingKey.includes('_team_size_'),
    )!;
    expect(teamSize.steps.map(s => s.id.split(':')[0])).toEqual([
      'create-schema',
      'require-pinned-search-path',
      'move-routine',
    ]);
    expect(
      outcome.findings.find(f => f.findingKey === teamSize.findingKey)?.status,
    ).toBe('applied');
    // The helpers the policies call now live outside the API and still answer.
    expect(
      await outcomeAs(
        fx.db.url,
        user(ALICE),
        'select private.is_member_of(null)',
      ),
    ).toBe('permission denied for schema private');
    expect(outcome.status).toBe('applied');
  });
});
