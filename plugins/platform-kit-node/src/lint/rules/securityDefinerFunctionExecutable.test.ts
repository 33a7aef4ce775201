import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

const ANON = 'anon_security_definer_function_executable';
const AUTHENTICATED = 'authenticated_security_definer_function_executable';
const signature = (f: { metadata: Record<string, unknown> }) =>
  `${f.metadata.schema}.${f.metadata.name}(${f.metadata.arguments})`;

describe('anon_ / authenticated_security_definer_function_executable', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create function public.get_secret() returns text language sql security definer set search_path = ''
        as $$ select 'x' $$;
      create function public.lookup(id integer, label text) returns int language sql security definer
        set search_path = '' as $$ select 1 $$;
      create function public.lookup(label text) returns int language sql security definer
        set search_path = '' as $$ select 1 $$;
      create function public.run_dynamic(q text) returns void language plpgsql security definer
        set search_path = '' as $$ begin execute q; end $$;
      create function public.members_only() returns int language sql security definer set search_path = ''
        as $$ select 1 $$;
      revoke execute on function public.members_only() from public, anon;
      create function public.admin_only() returns int language sql security definer set search_path = ''
        as $$ select 1 $$;
      revoke execute on function public.admin_only() from public, anon, authenticated;
      create function public.invoker() returns int language sql set search_path = '' as $$ select 1 $$;
      create schema private;
      grant usage on schema private to anon, authenticated;
      create function private.definer() returns int language sql security definer set search_path = ''
        as $$ select 1 $$;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed SECURITY DEFINER functions anon can execute, overloads separately', async () => {
    const findings = await fx.findings(ANON);
    expect(findings.map(signature).sort()).toEqual([
      'public.get_secret()',
      'public.lookup(id integer, label text)',
      'public.lookup(label text)',
      'public.run_dynamic(q text)',
    ]);
    const secret = findings.find(f => f.metadata.name === 'get_secret')!;
    expect(secret).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 4,
      cache_key: 'anon_security_definer_function_executable_public_get_secret_',
      detail:
        'Function `public.get_secret()` can be executed by the `anon` role as a `SECURITY DEFINER` function via `/rest/v1/rpc/get_secret`. Revoke `EXECUTE` or switch it to `SECURITY INVOKER` if that is not intentional.',
      metadata: { type: 'function', language: 'sql', security_definer: true },
    });
    expect(findings.map(f => f.cache_key)).toContain(
      'anon_security_definer_function_executable_public_lookup_id integer, label text',
    );
    expect(
      findings.find(f => f.metadata.name === 'run_dynamic')!.severity,
    ).toBe(5);
  });

  it('flags those signed-in users can execute, rated lower unless they run dynamic SQL', async () => {
    const findings = await fx.findings(AUTHENTICATED);
    expect(findings.map(signature).sort()).toEqual([
      'public.get_secret()',
      'public.lookup(id integer, label text)',
      'public.lookup(label text)',
      'public.members_only()',
      'public.run_dynamic(q text)',
    ]);
    const severity = Object.fromEntries(
      findings.map(f => [signature(f), f.severity]),
    );
    expect(severity['public.members_only()']).toBe(3);
    expect(severity['public.run_dynamic(q text)']).toBe(5);
    expect(findings.find(f => f.metadata.name === 'members_only')!.detail).toBe(
      'Function `public.members_only()` can be executed by the `authenticated` role as a `SECURITY DEFINER` function via `/rest/v1/rpc/members_only`. Revoke `EXECUTE` or switch it to `SECURITY INVOKER` if that is not intentional.',
    );
  });

  it('follows the exposed schemas', async () => {
    const findings = await fx.findings(ANON, { exposedSchemas: ['private'] });
    expect(findings.map(signature)).toEqual(['private.definer()']);
  });
});
