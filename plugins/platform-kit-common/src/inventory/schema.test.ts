import { inventorySchema } from './schema';

const empty = {
  formatVersion: 1,
  capturedAt: '2026-11-26T00:00:00.000Z',
  server: {
    version: 'PostgreSQL 17.10',
    versionNum: 170010,
    database: 'db',
    currentUser: 'u',
    settings: {},
  },
  exposedSchemas: { schemas: ['public'], source: 'default' },
  schemas: [],
  relations: [],
  columns: [],
  indexes: [],
  constraints: [],
  policies: [],
  functions: [],
  extensions: [],
  roles: [],
  privileges: { tables: [], columns: [], functions: [] },
  viewDependencies: [],
  storageBuckets: null,
};

describe('inventorySchema', () => {
  it('accepts a minimal snapshot and rejects unknown format versions and grantees', () => {
    expect(inventorySchema.parse(empty).exposedSchemas.source).toBe('default');
    expect(
      inventorySchema.safeParse({ ...empty, formatVersion: 2 }).success,
    ).toBe(false);
    expect(
      inventorySchema.safeParse({
        ...empty,
        privileges: {
          tables: [
            {
              schema: 'public',
              name: 't',
              grantee: 'postgres',
              privileges: [],
            },
          ],
          columns: [],
          functions: [],
        },
      }).success,
    ).toBe(false);
  });
});
