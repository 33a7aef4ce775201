import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('table_owned_by_api_role', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.notes (id int primary key);
      alter table public.notes owner to anon;
      create table public.forced (id int primary key);
      alter table public.forced enable row level security;
      alter table public.forced force row level security;
      alter table public.forced owner to authenticated;
      create view public.note_ids as select 1 as id;
      alter view public.note_ids owner to authenticator;
      create schema private;
      create table private.scratch (id int primary key);
      alter table private.scratch owner to authenticated;
      create table public.normal (id int primary key);
      create table public.service_owned (id int primary key);
      alter table public.service_owned owner to service_role;
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags relations owned by anon, authenticated or authenticator, in any user schema', async () => {
    const findings = await fx.findings('table_owned_by_api_role');
    expect(objects(findings)).toEqual([
      'private.scratch',
      'public.forced',
      'public.note_ids',
      'public.notes',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.notes).toMatchObject({
      level: 'ERROR',
      categories: ['SECURITY'],
      severity: 5,
      cache_key: 'table_owned_by_api_role_public_notes',
      detail:
        'table `public.notes` is owned by the API role `anon`, which bypasses its row level security.',
      metadata: { type: 'table', owner: 'anon', rls_forced: false },
    });
    expect(byName.forced).toMatchObject({
      severity: 4,
      detail: 'table `public.forced` is owned by the API role `authenticated`.',
      metadata: { owner: 'authenticated', rls_forced: true },
    });
    expect(byName.note_ids.metadata).toMatchObject({
      type: 'view',
      owner: 'authenticator',
    });
  });
});
