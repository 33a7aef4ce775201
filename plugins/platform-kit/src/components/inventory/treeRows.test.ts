import {
  buildTreeRows,
  childOrParent,
  filterRelations,
  PROJECT_KEY,
  RelationItem,
  schemaKey,
  TableDetails,
  tableKey,
  TreeInput,
  TreeRow,
} from './treeRows';

const relations: RelationItem[] = [
  { schema: 'public', name: 'tasks', kind: 'table', rlsEnabled: true },
  { schema: 'public', name: 'users', kind: 'table', rlsEnabled: false },
  { schema: 'public', name: 'open_tasks', kind: 'view', rlsEnabled: false },
  { schema: 'app', name: 'settings', kind: 'table', rlsEnabled: false },
  { schema: 'audit', name: 'log', kind: 'partitioned_table', rlsEnabled: true },
];

const input = (over: Partial<TreeInput> = {}): TreeInput => ({
  project: 'acme',
  schemas: [
    { name: 'public', exposed: true },
    { name: 'app' },
    { name: 'empty' },
  ],
  relations,
  details: new Map(),
  toggles: new Map(),
  ...over,
});

const summary = (rows: TreeRow[]) =>
  rows.map(row => {
    const indent = '  '.repeat(row.level - 1);
    let mark = '·';
    if (row.expanded !== undefined) mark = row.expanded ? '▾' : '▸';
    let name: string;
    switch (row.type) {
      case 'project':
        name = `${row.label} (${row.schemaCount} schemas, ${row.tableCount} tables)`;
        break;
      case 'schema':
        name = `${row.schema.name} (${row.tableCount})`;
        break;
      case 'table':
      case 'group':
        name =
          row.type === 'table'
            ? row.relation.name
            : `${row.group} (${row.count})`;
        break;
      case 'status':
        name = `[${row.status}] ${row.message}`;
        break;
      default:
        name = row.item.name;
    }
    return `${indent}${mark} ${name}`;
  });

const loaded: TableDetails = {
  status: 'loaded',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'title', type: 'text' },
  ],
  policies: [],
  indexes: [{ name: 'tasks_pkey', definition: 'CREATE UNIQUE INDEX …' }],
};

describe('buildTreeRows', () => {
  it('shows the project and its schemas, collapsed, with their table counts', () => {
    expect(summary(buildTreeRows(input()))).toEqual([
      '▾ acme (4 schemas, 5 tables)',
      '  ▸ public (3)',
      '  ▸ app (1)',
      '  · empty (0)',
      // A schema the schemas section does not list still shows its tables.
      '  ▸ audit (1)',
    ]);
  });

  it('expands schemas and tables; a table shows its details once loaded', () => {
    const toggles = new Map([
      [schemaKey('public'), true],
      [tableKey('public', 'tasks'), true],
      [tableKey('public', 'users'), true],
    ]);
    const details = new Map([[tableKey('public', 'tasks'), loaded]]);
    const rows = buildTreeRows(input({ toggles, details }));
    expect(summary(rows)).toEqual([
      '▾ acme (4 schemas, 5 tables)',
      '  ▾ public (3)',
      '    ▾ tasks',
      '      ▾ columns (2)',
      '        · id',
      '        · title',
      '      · policies (0)',
      '      ▾ indexes (1)',
      '        · tasks_pkey',
      '    ▾ users',
      '      · [loading] Loading columns, policies and indexes…',
      '    ▸ open_tasks',
      '  ▸ app (1)',
      '  · empty (0)',
      '  ▸ audit (1)',
    ]);
    // Parents, and positions among siblings (for aria-posinset / aria-setsize).
    expect(rows[4]).toMatchObject({
      type: 'column',
      parent: 3,
      posInSet: 1,
      setSize: 2,
    });
    expect(rows[9]).toMatchObject({
      type: 'table',
      parent: 1,
      posInSet: 2,
      setSize: 3,
    });
    expect(rows[12]).toMatchObject({
      type: 'schema',
      parent: 0,
      posInSet: 2,
      setSize: 4,
    });
  });

  it('shows a table whose details failed, and collapses what the user collapsed', () => {
    const toggles = new Map([
      [schemaKey('public'), true],
      [tableKey('public', 'tasks'), true],
      [`${tableKey('public', 'tasks')}:columns`, false],
      [tableKey('public', 'users'), true],
    ]);
    const details = new Map<string, TableDetails>([
      [tableKey('public', 'tasks'), loaded],
      [tableKey('public', 'users'), { status: 'error', message: 'boom' }],
    ]);
    expect(
      summary(buildTreeRows(input({ toggles, details }))).slice(2, 9),
    ).toEqual([
      '    ▾ tasks',
      '      ▸ columns (2)',
      '      · policies (0)',
      '      ▾ indexes (1)',
      '        · tasks_pkey',
      '    ▾ users',
      '      · [error] boom',
    ]);
  });

  it('opens schemas and leaves out empty ones while searching, unless the user closed them', () => {
    const rows = buildTreeRows(
      input({
        relations: relations.filter(r => r.name.includes('task')),
        expandSchemas: true,
        hideEmptySchemas: true,
      }),
    );
    expect(summary(rows)).toEqual([
      '▾ acme (1 schemas, 2 tables)',
      '  ▾ public (2)',
      '    ▸ tasks',
      '    ▸ open_tasks',
    ]);
    const closed = buildTreeRows(
      input({
        expandSchemas: true,
        toggles: new Map([[schemaKey('public'), false]]),
      }),
    );
    expect(summary(closed)[1]).toBe('  ▸ public (3)');
  });

  it('collapses everything under a collapsed project', () => {
    const rows = buildTreeRows(
      input({ toggles: new Map([[PROJECT_KEY, false]]) }),
    );
    expect(summary(rows)).toEqual(['▸ acme (4 schemas, 5 tables)']);
  });

  it('keeps 5,000 tables in one pass', () => {
    const many: RelationItem[] = Array.from({ length: 5000 }, (_, i) => ({
      schema: `s${i % 5}`,
      name: `t${i}`,
    }));
    const rows = buildTreeRows(
      input({ schemas: [], relations: many, expandSchemas: true }),
    );
    expect(rows).toHaveLength(1 + 5 + 5000);
    expect(rows[1]).toMatchObject({ type: 'schema', tableCount: 1000 });
  });
});

describe('filterRelations', () => {
  const names = (list: RelationItem[]) => list.map(r => r.name);

  it('filters by RLS; views have no RLS to enable or disable', () => {
    expect(
      names(filterRelations(relations, { kind: '', rls: 'disabled' })),
    ).toEqual(['users', 'settings']);
    expect(
      names(filterRelations(relations, { kind: '', rls: 'enabled' })),
    ).toEqual(['tasks', 'log']);
  });

  it('filters by kind', () => {
    expect(
      names(filterRelations(relations, { kind: 'view', rls: '' })),
    ).toEqual(['open_tasks']);
    expect(filterRelations(relations, { kind: '', rls: '' })).toBe(relations);
  });
});

describe('childOrParent', () => {
  it('goes to the first child of an expanded row and to the parent', () => {
    const rows = buildTreeRows(
      input({ toggles: new Map([[schemaKey('public'), true]]) }),
    );
    expect(childOrParent(rows, 1, 'in')).toBe(2);
    expect(childOrParent(rows, 2, 'out')).toBe(1);
    expect(childOrParent(rows, 0, 'out')).toBeUndefined();
    // A collapsed schema has no child to go to.
    expect(childOrParent(rows, 5, 'in')).toBeUndefined();
  });
});
