import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('security_definer_function_dynamic_sql', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.tasks (id int primary key, project_id bigint, done boolean);
      create function public.archive_project(project_id bigint) returns void language plpgsql security definer as $$
      begin
        EXECUTE format('delete from tasks where project_id = %s and done', project_id);
      end $$;
      create function public.members_purge(t text) returns void language plpgsql security definer
        set search_path = '' as $$
      begin
        execute 'truncate ' || t;
      end $$;
      revoke execute on function public.members_purge(text) from public, anon;
      create function public.static_definer() returns int language plpgsql security definer
        set search_path = '' as $$
      begin
        return (select count(*) from public.tasks);
      end $$;
      create function public.invoker_dynamic(t text) returns void language plpgsql as $$
      begin
        execute 'truncate ' || t;
      end $$;
      create function public.revoked_dynamic(t text) returns void language plpgsql security definer as $$
      begin
        execute 'truncate ' || t;
      end $$;
      revoke execute on function public.revoked_dynamic(text) from public, anon, authenticated;
      create function public.sql_definer() returns text language sql security definer
        as $$ select 'execute immediately' $$;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags SECURITY DEFINER functions running EXECUTE that the API roles can call', async () => {
    const findings = await fx.findings('security_definer_function_dynamic_sql');
    expect(findings.map(f => f.metadata.name).sort()).toEqual([
      'archive_project',
      'members_purge',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.archive_project).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key:
        'security_definer_function_dynamic_sql_public_archive_project_project_id bigint',
      detail:
        'Function `public.archive_project(project_id bigint)` is SECURITY DEFINER, runs dynamic SQL and can be executed by `anon` and `authenticated`.',
      metadata: {
        type: 'function',
        arguments: 'project_id bigint',
        executable_by: ['anon', 'authenticated'],
      },
    });
    expect(byName.members_purge).toMatchObject({
      severity: 4,
      metadata: { executable_by: ['authenticated'] },
    });
  });
});
