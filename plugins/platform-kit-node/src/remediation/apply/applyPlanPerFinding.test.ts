import {
  PatchProbe,
  RemediationPlan,
} from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';
import { preflightPlan } from '../preflight/preflightPlan';
import { testPatch, testPlan, testStep } from './__testUtils__/handPlans';
import { applyPlan } from './applyPlan';

jest.mock('../builders', () => ({ PATCH_BUILDERS: [] }));

jest.setTimeout(90_000);

const step = testStep;
const patch = testPatch;
const plan = testPlan;

const selectProbe = (table: string, role: string): PatchProbe => ({
  id: `select:${table}:${role}`,
  description: `SELECT on ${table} as ${role}`,
  role,
  sql: `EXPLAIN (COSTS OFF) SELECT * FROM ${table}`,
});

describe('applyPlan, finding by finding', () => {
  let fx: ScanFixture;
  const apply = (
    p: RemediationPlan,
    extra: { connectionString?: string; allOrNothing?: boolean } = {},
  ) =>
    applyPlan({
      connectionString: extra.connectionString ?? fx.db.url,
      advisoryLockKey: fx.db.name,
      plan: p,
      rescan: async () => [],
      guards: { lockTimeoutMs: 1000, statementTimeoutMs: 10_000 },
      backoffMs: 10,
      allOrNothing: extra.allOrNothing,
    });

  beforeAll(async () => {
    fx = await createScanFixture({ supabase: true });
    await fx.sql(`
      create table public.posts (id int primary key, org int);
      insert into public.posts values (1, 1), (2, 2);
      create function public.in_org(o int) returns boolean language sql stable security definer
        set search_path = '' as $$ select o > 0 $$;
      alter table public.posts enable row level security;
      create policy "org read" on public.posts for select to authenticated using (public.in_org(org));
      grant select on public.posts to authenticated;
      create table public.a (id int primary key);
      create table public.b (id int primary key);
      create type public.contact as (name text);
      create function public.contact_name(c public.contact) returns text language sql
        as $$ select (c).name $$;
    `);
  });
  afterAll(() => fx.db.drop());

  it('rolls back the finding whose probe breaks, commits the others, and reports the probes', async () => {
    const outcome = await apply(
      plan([
        patch('rls-a', [
          step('rls-a', 'ALTER TABLE "public"."a" ENABLE ROW LEVEL SECURITY'),
        ]),
        patch(
          'revoke-in-org',
          [
            step(
              'revoke',
              'REVOKE EXECUTE ON FUNCTION "public"."in_org"(o integer) FROM PUBLIC, anon, authenticated',
            ),
          ],
          [selectProbe('"public"."posts"', 'authenticated')],
        ),
        patch('bad-b', [
          step('bad', 'ALTER TABLE "public"."nope" ENABLE ROW LEVEL SECURITY'),
        ]),
        patch('rls-b', [
          step('rls-b', 'ALTER TABLE "public"."b" ENABLE ROW LEVEL SECURITY'),
        ]),
      ]),
    );
    expect(outcome.status).toBe('partial');
    expect(outcome.findings.map(f => [f.findingKey, f.status])).toEqual([
      ['rls-a', 'applied'],
      ['revoke-in-org', 'rolled-back'],
      ['bad-b', 'rolled-back'],
      ['rls-b', 'applied'],
    ]);
    const revoke = outcome.findings[1];
    expect(revoke.reason).toBe(
      'a behaviour check that passed before the steps fails after them: SELECT on "public"."posts" as authenticated: permission denied for function in_org (SQLSTATE 42501)',
    );
    expect(revoke.probes).toEqual([
      {
        probeId: 'select:"public"."posts":authenticated',
        role: 'authenticated',
        description: 'SELECT on "public"."posts" as authenticated',
        before: 'ok',
        after: 'permission denied for function in_org (SQLSTATE 42501)',
      },
    ]);
    expect(outcome.findings[2].reason).toBe(
      'step bad failed: relation "public.nope" does not exist (SQLSTATE 42P01)',
    );
    const client = await fx.db.connect();
    const rls = await client.query(
      `select relname, relrowsecurity from pg_class where oid in ('public.a'::regclass, 'public.b'::regclass) order by 1`,
    );
    expect(rls.rows).toEqual([
      { relname: 'a', relrowsecurity: true },
      { relname: 'b', relrowsecurity: true },
    ]);
    const grants = await client.query(
      `select has_function_privilege('authenticated', 'public.in_org(int)', 'EXECUTE') as ok`,
    );
    expect(grants.rows[0].ok).toBe(true);
  });

  it('all or nothing: one failing finding rolls every finding back', async () => {
    await fx.sql('alter table public.a disable row level security');
    const outcome = await apply(
      plan([
        patch('rls-a', [
          step('rls-a', 'ALTER TABLE "public"."a" ENABLE ROW LEVEL SECURITY'),
        ]),
        patch('bad', [
          step('bad', 'ALTER TABLE "public"."nope" ENABLE ROW LEVEL SECURITY'),
        ]),
      ]),
      { allOrNothing: true },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toBe(
      'step bad failed: relation "public.nope" does not exist (SQLSTATE 42P01); rolled back, nothing changed',
    );
    expect(outcome.findings.map(f => f.status)).toEqual([
      'rolled-back',
      'rolled-back',
    ]);
    const client = await fx.db.connect();
    const rls = await client.query(
      `select relrowsecurity from pg_class where oid = 'public.a'::regclass`,
    );
    expect(rls.rows[0].relrowsecurity).toBe(false);
  });

  it('verifies a function by its OID whatever the session prints for its argument types', async () => {
    // The scan prints `public.contact` (empty search_path); this session would print `contact`.
    const signature = '"public"."contact_name"(c public.contact)';
    const outcome = await apply(
      plan([
        patch('pin', [
          step('pin', `ALTER FUNCTION ${signature} SET search_path = ''`, {
            functions: [signature],
          }),
        ]),
      ]),
    );
    expect(outcome.findings[0]).toEqual(
      expect.objectContaining({ status: 'applied' }),
    );
    expect(outcome.status).toBe('applied');
  });

  it('leaves out the findings the connecting role lacks privileges for, and says so before anything runs', async () => {
    await fx.sql(`
      create role pk_owner_a login password 'pw-a';
      alter table public.a owner to pk_owner_a;
      alter table public.a disable row level security;
      alter table public.b disable row level security;
      create extension if not exists unaccent schema public;
      grant create on database ${fx.db.name} to pk_owner_a;
      grant create on schema public to pk_owner_a;
      -- A trusted extension a non-superuser creates: it owns the extension, the bootstrap superuser its objects.
      set role pk_owner_a;
      create extension if not exists pg_trgm schema public;
      reset role;
    `);
    const url = new URL(fx.db.url);
    url.username = 'pk_owner_a';
    url.password = 'pw-a';
    const p = plan([
      patch('rls-a', [
        step('rls-a', 'ALTER TABLE "public"."a" ENABLE ROW LEVEL SECURITY'),
      ]),
      patch('rls-b', [
        step('rls-b', 'ALTER TABLE "public"."b" ENABLE ROW LEVEL SECURITY'),
      ]),
      patch('move-unaccent', [
        step('move', 'ALTER EXTENSION "unaccent" SET SCHEMA "extensions"'),
      ]),
      patch('move-pg-trgm', [
        step('move-trgm', 'ALTER EXTENSION "pg_trgm" SET SCHEMA "extensions"'),
      ]),
    ]);
    const checked = await preflightPlan(url.toString(), p);
    expect(checked.preflight).toEqual([
      {
        findingKey: 'rls-b',
        stepId: 'rls-b',
        problem: `"public"."b" is owned by postgres; pk_owner_a is not that role nor a member of it`,
      },
      {
        findingKey: 'move-unaccent',
        stepId: 'move',
        problem:
          'extension unaccent has text search templates or parsers: moving them to another schema needs a superuser, and pk_owner_a is not one',
      },
      {
        findingKey: 'move-pg-trgm',
        stepId: 'move-trgm',
        problem: expect.stringMatching(
          /^moving extension pg_trgm moves objects pk_owner_a does not own: .*\(owned by postgres\)/,
        ),
      },
    ]);
    const outcome = await apply(checked, { connectionString: url.toString() });
    expect(outcome.findings.map(f => [f.findingKey, f.status])).toEqual([
      ['rls-a', 'applied'],
      ['rls-b', 'not-run'],
      ['move-unaccent', 'not-run'],
      ['move-pg-trgm', 'not-run'],
    ]);
    expect(outcome.findings[1].reason).toMatch(
      /^pre-flight: rls-b: "public"."b" is owned by postgres/,
    );
    expect(outcome.status).toBe('partial');
  });
});
