import { TestDatabases } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

// `./kit test` exports BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING for the
// server it starts; this checks that Backstage's own test helper really uses it.
const configured = Object.keys(process.env)
  .map(
    key =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
        key,
      )?.[1],
  )
  .filter((major): major is string => Boolean(major));
const id = `POSTGRES_${configured[0] ?? 17}` as 'POSTGRES_17';
const databases = TestDatabases.create({ ids: [id] });

describe("Backstage's TestDatabases", () => {
  it('is pointed at our PostgreSQL by ./kit test, with Docker disabled', () => {
    expect(configured).toHaveLength(1);
    expect(process.env.BACKSTAGE_TEST_DISABLE_DOCKER).toBe('1');
    expect(databases.supports(id)).toBe(true);
  });

  it('creates a knex database per init() on that server', async () => {
    const knex = await databases.init(id);
    const { rows } = await knex.raw(
      `select current_database() as db, current_setting('server_version_num')::int / 10000 as major`,
    );
    expect(String(rows[0].major)).toBe(configured[0]);
    expect(rows[0].db).not.toBe('postgres');
    await knex.destroy();
  });
});
