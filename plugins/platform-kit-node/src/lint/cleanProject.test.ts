import { createScanFixture, ScanFixture } from '../__testUtils__/scan';

jest.setTimeout(60_000);

describe('a well-built Supabase project', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.todos (
        id bigint generated always as identity primary key,
        user_id uuid not null references auth.users (id) on delete cascade,
        title text not null,
        done boolean not null default false
      );
      create index todos_user_id_idx on public.todos (user_id);
      alter table public.todos enable row level security;
      create policy "Users manage their todos" on public.todos for all to authenticated
        using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);

      create function public.open_todo_count() returns bigint
      language sql stable security invoker set search_path = '' as $$
        select count(*) from public.todos where not done
      $$;
    `);
  });
  afterAll(() => fx.db.drop());

  it('has no security findings: neither the Supabase fixture nor the app table', async () => {
    const findings = await fx.findings(undefined, { only: 'SECURITY' });
    expect(findings.map(f => `${f.name} ${f.cache_key}`)).toEqual([]);
  });

  it('reads the exposed schemas from the authenticator role, as PostgREST does', async () => {
    const inventory = await fx.inventory();
    expect(inventory.exposedSchemas).toEqual({
      schemas: ['public', 'graphql_public'],
      source: 'authenticator_role',
    });
  });
});
