import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('auth_users_exposed', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create view public.user_emails as select id, email from auth.users;
      create materialized view public.user_ids as select id from auth.users;
      create view public.staff_directory as select id, email from auth.users;
      revoke all on public.staff_directory from anon;
      create view public.invoker_users with (security_invoker = true) as select id from auth.users;
      create view public.hidden_users as select id from auth.users;
      revoke all on public.hidden_users from anon, authenticated;
      create view public.unrelated as select 1 as one;
      create schema private;
      grant usage on schema private to anon;
      create view private.users_copy as select id from auth.users;
      grant select on private.users_copy to anon;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags exposed views and materialized views over auth.users the API roles can read', async () => {
    const findings = await fx.findings('auth_users_exposed');
    expect(objects(findings)).toEqual([
      'public.staff_directory',
      'public.user_emails',
      'public.user_ids',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.user_emails).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'auth_users_exposed_public_user_emails',
      detail:
        'View/Materialized View "user_emails" in the `public` schema may expose `auth.users` data to anon or authenticated roles.',
      metadata: { type: 'view', exposed_to: ['anon', 'authenticated'] },
    });
    expect(byName.user_ids.metadata).toMatchObject({
      type: 'materialized view',
    });
    expect(byName.staff_directory).toMatchObject({
      severity: 4,
      metadata: { exposed_to: ['authenticated'] },
    });
  });

  it('follows the exposed schemas', async () => {
    expect(
      objects(
        await fx.findings('auth_users_exposed', {
          exposedSchemas: ['private'],
        }),
      ),
    ).toEqual(['private.users_copy']);
  });
});
