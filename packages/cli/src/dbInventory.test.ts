import { createTestDatabase, TestDatabase } from '@platform-kit/devtools';
import { inventorySchema } from '@platform-kit/plugin-platform-kit-common';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(60_000);

describe('platform-kit db inventory', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const c = await db.connect();
    await c.query(`
      create schema billing;
      create table billing.accounts (id int primary key);
      create table public.todos (id int primary key, title text);
      alter table public.todos enable row level security;
      create view public.open_todos with (security_invoker = true) as select * from public.todos;
    `);
  });
  afterAll(() => db.drop());

  it('prints the inventory snapshot as validated JSON', async () => {
    const { code, stdout } = await runCli([
      'db',
      'inventory',
      '--db',
      db.url,
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const inventory = inventorySchema.parse(JSON.parse(stdout));
    expect(
      inventory.relations.map(r => `${r.schema}.${r.name}:${r.kind}`).sort(),
    ).toEqual([
      'billing.accounts:table',
      'public.open_todos:view',
      'public.todos:table',
    ]);
    expect(inventory.exposedSchemas).toEqual({
      schemas: ['public', 'graphql_public'],
      source: 'authenticator_role',
    });
  });

  it('honours --exposed-schemas and summarises as a table', async () => {
    const { code, stdout } = await runCli([
      'db',
      'inventory',
      '--db',
      db.url,
      '--exposed-schemas',
      'billing, public',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^exposed schemas +billing, public \(from option\)$/m,
    );
    expect(stdout).toMatch(/^tables +2$/m);
    expect(stdout).toMatch(/^views +1$/m);
    expect(stdout).toMatch(/^RLS coverage +1\/2 exposed, 1\/2 all$/m);
    expect(stdout).toContain('  billing (exposed): 1 relations, 0 with RLS');
  });
});
