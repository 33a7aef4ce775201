import { createTestDatabase, TestDatabase } from '../testing/testDatabase';
import { postgresEnvironment, quoteIdent, withDatabase } from './connection';

jest.setTimeout(60_000);

const HOSTILE = [
  'Mixed Case',
  'with "quotes"',
  'dots.in.name',
  'ünïcødé 表',
  'select',
  'semi;colon --',
];

describe('quoteIdent', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ supabase: false });
  });
  afterAll(() => db.drop());

  it.each(HOSTILE)(
    'lets the identifier %j survive a round trip through PostgreSQL',
    async name => {
      const client = await db.connect();
      await client.query(`CREATE SCHEMA ${quoteIdent(name)}`);
      await client.query(
        `CREATE TABLE ${quoteIdent(name)}.${quoteIdent(name)} (${quoteIdent(
          name,
        )} int)`,
      );
      const { rows } = await client.query(
        `SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema = $1`,
        [name],
      );
      expect(rows).toEqual([
        { table_schema: name, table_name: name, column_name: name },
      ]);
    },
  );

  it('refuses NUL characters', () => {
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
  });
});

describe('connection strings', () => {
  it('switches the database and escapes its name', () => {
    expect(withDatabase('postgresql://u:p@h:1/postgres', 'my db')).toBe(
      'postgresql://u:p@h:1/my%20db',
    );
  });
});

describe('postgresEnvironment', () => {
  it('splits a connection string into the settings app-config.production.yaml reads', () => {
    expect(
      postgresEnvironment('postgresql://admin:p%40ss@127.0.0.1:5555/postgres'),
    ).toEqual({
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: '5555',
      POSTGRES_USER: 'admin',
      POSTGRES_PASSWORD: 'p@ss',
    });
    expect(
      postgresEnvironment('postgresql://u@db.invalid/x').POSTGRES_PORT,
    ).toBe('5432');
  });
});
