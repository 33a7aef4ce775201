import { chartItem, datasetItem, ownerNames, uniqueNames } from './items';

describe('Superset inventory items', () => {
  it('reads owners as a list or as the single object the spec documents', () => {
    expect(
      ownerNames([
        { username: 'ada', first_name: 'Ada', last_name: 'L' },
        { first_name: 'Grace', last_name: 'Hopper' },
        { first_name: '', last_name: '' },
      ]),
    ).toEqual(['ada', 'Grace Hopper']);
    expect(ownerNames({ first_name: 'Solo', last_name: 'Owner' })).toEqual([
      'Solo Owner',
    ]);
    expect(ownerNames(undefined)).toEqual([]);
  });

  it('makes names unique per type by appending the vendor id', () => {
    const base = 'http://superset';
    const row = (id: number) => ({
      id,
      table_name: 'orders',
      schema: 'public',
      database: { database_name: 'db' },
    });
    const items = uniqueNames([
      datasetItem(base, row(7)),
      datasetItem(base, row(8)),
      datasetItem(base, { ...row(9), table_name: 'users' }),
      chartItem(base, { id: 7, slice_name: 'x' }, new Set()),
    ]);
    expect(items.map(i => i.name)).toEqual([
      'db.public.orders-7',
      'db.public.orders-8',
      'db.public.users',
      'chart-7',
    ]);
  });

  it('treats a dataset with SQL as virtual and relates charts only to listed datasets', () => {
    const dataset = datasetItem('http://s', {
      id: 1,
      table_name: 't',
      schema: null,
      database: { database_name: 'db' },
      sql: 'select 1',
    });
    expect(dataset.attributes).toMatchObject({ kind: 'virtual', schema: null });
    expect(dataset.name).toBe('db.t');
    const orphan = chartItem(
      'http://s',
      { id: 2, datasource_id: 99, datasource_type: 'table' },
      new Set([1]),
    );
    expect(orphan.relations).toEqual([]);
    expect(orphan.attributes).toMatchObject({ datasourceId: 99 });
  });
});
