import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('api_role_write_without_rls', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.inbox (id int primary key, body text);
      revoke select on public.inbox from anon, authenticated;
      create table public.drop_box (id int primary key);
      revoke all on public.drop_box from anon, authenticated;
      grant insert on public.drop_box to authenticated;
      create table public.readable (id int primary key);
      create table public.guarded (id int primary key);
      alter table public.guarded enable row level security;
      revoke select on public.guarded from anon, authenticated;
      create schema private;
      grant usage on schema private to anon;
      create table private.sink (id int primary key);
      grant insert on private.sink to anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed tables without RLS the API roles can write but not read', async () => {
    const findings = await fx.findings('api_role_write_without_rls');
    expect(objects(findings)).toEqual(['public.drop_box', 'public.inbox']);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.inbox).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'api_role_write_without_rls_public_inbox',
      detail:
        'Table `public.inbox` has no RLS and `anon` and `authenticated` can write to it (INSERT, UPDATE, DELETE, TRUNCATE) without being able to read it.',
      metadata: {
        type: 'table',
        writes: {
          anon: ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'],
          authenticated: ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'],
        },
      },
    });
    expect(byName.drop_box).toMatchObject({
      severity: 4,
      detail:
        'Table `public.drop_box` has no RLS and `authenticated` can write to it (INSERT) without being able to read it.',
      metadata: { writes: { authenticated: ['INSERT'] } },
    });
  });

  it('leaves readable tables to rls_disabled_in_public', async () => {
    const findings = await fx.findings();
    expect(
      findings.filter(f => f.metadata.name === 'readable').map(f => f.name),
    ).toEqual(['rls_disabled_in_public']);
  });

  it('follows the exposed schemas', async () => {
    expect(
      objects(
        await fx.findings('api_role_write_without_rls', {
          exposedSchemas: ['private'],
        }),
      ),
    ).toEqual(['private.sink']);
  });
});
