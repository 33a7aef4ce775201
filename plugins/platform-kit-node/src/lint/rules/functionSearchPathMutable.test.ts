import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('function_search_path_mutable', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.profiles (id uuid primary key, full_name text);
      create function public.handle_new_user() returns trigger language plpgsql security definer as $$
      begin
        insert into profiles (id) values (new.id);
        return new;
      end $$;
      create function public.add(a int, b int) returns int language sql immutable as $$ select a + b $$;
      create function public.add(a text, b text) returns text language sql immutable as $$ select a || b $$;
      create function public.not_for_api() returns int language sql as $$ select 1 $$;
      revoke execute on function public.not_for_api() from public, anon, authenticated;
      create procedure public.touch() language sql as $$ select 1 $$;
      create schema private;
      create function private.helper() returns int language sql as $$ select 1 $$;
      create function public.pinned_empty() returns int language sql set search_path = '' as $$ select 1 $$;
      create function public.pinned_public() returns int language sql set search_path = public as $$ select 1 $$;
      create function public.pinned_definer() returns int language sql security definer set search_path = ''
        as $$ select 1 $$;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags functions and procedures without a pinned search_path, not those with one', async () => {
    const findings = await fx.findings('function_search_path_mutable');
    expect(
      findings
        .map(
          f =>
            `${f.metadata.schema}.${f.metadata.name}(${f.metadata.identity_arguments})`,
        )
        .sort(),
    ).toEqual([
      'private.helper()',
      'public.add(a integer, b integer)',
      'public.add(a text, b text)',
      'public.handle_new_user()',
      'public.not_for_api()',
      'public.touch()',
    ]);
  });

  it('rates a SECURITY DEFINER function critical, and an API-callable one above the rest', async () => {
    const findings = await fx.findings('function_search_path_mutable');
    const severity = Object.fromEntries(
      findings.map(f => [
        `${f.metadata.schema}.${f.metadata.name}(${f.metadata.identity_arguments})`,
        f.severity,
      ]),
    );
    expect(severity).toEqual({
      'public.handle_new_user()': 5,
      'public.add(a integer, b integer)': 3,
      'public.add(a text, b text)': 3,
      'public.touch()': 3,
      'public.not_for_api()': 2,
      'private.helper()': 2,
    });
    expect(
      findings.find(f => f.metadata.name === 'handle_new_user'),
    ).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      detail:
        'Function `public.handle_new_user` has a role mutable search_path',
      cache_key: 'function_search_path_mutable_public_handle_new_user_',
      metadata: { type: 'function', security_definer: true },
      fixable: true,
    });
  });

  it('gives overloads distinct cache keys', async () => {
    const keys = (await fx.findings('function_search_path_mutable'))
      .filter(f => f.metadata.name === 'add')
      .map(f => f.cache_key)
      .sort();
    expect(keys).toEqual([
      'function_search_path_mutable_public_add_ainteger,binteger',
      'function_search_path_mutable_public_add_atext,btext',
    ]);
  });

  it('clears a function once its search_path is pinned', async () => {
    await fx.sql(
      `alter function public.handle_new_user() set search_path = ''`,
    );
    const names = (await fx.findings('function_search_path_mutable')).map(
      f => f.metadata.name,
    );
    expect(names).not.toContain('handle_new_user');
  });
});
