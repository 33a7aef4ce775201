import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';
import { runLints } from '../runLints';

jest.setTimeout(60_000);

const ANON = 'pg_graphql_anon_table_exposed';
const AUTHENTICATED = 'pg_graphql_authenticated_table_exposed';

describe('pg_graphql_anon_table_exposed / pg_graphql_authenticated_table_exposed', () => {
  let fx: ScanFixture;
  let inventory: Inventory;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.posts (id int primary key, title text);
      alter table public.posts enable row level security;
      create table public.members (id int primary key);
      revoke all on public.members from anon;
      create table public.column_only (id int primary key, title text, secret text);
      revoke all on public.column_only from anon, authenticated;
      grant select (id, title) on public.column_only to anon;
      create table public.hidden (id int primary key);
      revoke all on public.hidden from anon, authenticated;
      create table public.insert_only (id int primary key);
      revoke all on public.insert_only from anon, authenticated;
      grant insert on public.insert_only to anon, authenticated;
      create view public.post_titles as select id, title from public.posts;
      create materialized view public.post_count as select count(*) as n from public.posts;
      revoke all on public.post_count from anon;
      create schema private;
      create table private.internal (id int primary key);
      grant select on private.internal to authenticated;
    `);
    inventory = await fx.inventory();
  });
  afterAll(() => fx.db.drop());

  // pg_graphql cannot be installed on this server. The rules only look at whether the extension
  // is in the inventory, so the scanned inventory gets it added and runLints (a pure function of
  // the inventory) runs on that.
  const withPgGraphql = (): Inventory => ({
    ...inventory,
    extensions: [
      ...inventory.extensions,
      {
        name: 'pg_graphql',
        schema: 'graphql',
        installedVersion: '1.5.11',
        defaultVersion: '1.5.11',
        installedVersionAvailable: true,
        relocatable: false,
      },
    ],
  });

  it('reports nothing without pg_graphql', () => {
    const names = runLints(inventory).findings.map(f => f.name);
    expect(names).not.toContain(ANON);
    expect(names).not.toContain(AUTHENTICATED);
  });

  it('flags every object anon can SELECT, column grants included, RLS and exposure regardless', () => {
    const findings = runLints(withPgGraphql()).findings.filter(
      f => f.name === ANON,
    );
    expect(objects(findings)).toEqual([
      'public.column_only',
      'public.post_titles',
      'public.posts',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.posts).toMatchObject({
      level: 'WARN',
      categories: ['SECURITY'],
      severity: 2,
      cache_key: 'pg_graphql_anon_table_exposed_public_posts',
      detail:
        'Table `public.posts` is visible in the GraphQL schema because the `anon` role can `SELECT` it. Revoke `SELECT` from `anon` if it should not be discoverable without signing in.',
      metadata: { schema: 'public', name: 'posts', type: 'table' },
    });
    expect(byName.post_titles.metadata.type).toBe('view');
    expect(byName.post_titles.detail).toMatch(
      /^View `public\.post_titles` is visible/,
    );
  });

  it('flags every object authenticated can SELECT', () => {
    const findings = runLints(withPgGraphql()).findings.filter(
      f => f.name === AUTHENTICATED,
    );
    expect(objects(findings)).toEqual([
      'private.internal',
      'public.members',
      'public.post_count',
      'public.post_titles',
      'public.posts',
    ]);
    const byName = Object.fromEntries(findings.map(f => [f.metadata.name, f]));
    expect(byName.members).toMatchObject({
      level: 'WARN',
      severity: 1,
      cache_key: 'pg_graphql_authenticated_table_exposed_public_members',
      detail:
        'Table `public.members` is visible in the GraphQL schema to signed-in users because the `authenticated` role can `SELECT` it. Revoke `SELECT` from `authenticated` if it should not be discoverable to every account.',
    });
    expect(byName.post_count).toMatchObject({
      metadata: { type: 'materialized view' },
    });
    expect(byName.post_count.detail).toMatch(
      /^Materialized view `public\.post_count` is visible/,
    );
  });
});
