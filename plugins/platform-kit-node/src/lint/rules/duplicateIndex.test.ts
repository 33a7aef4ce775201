import { createScanFixture, ScanFixture } from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('duplicate_index', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.tasks (id int primary key, title text, project int, done boolean);
      create index tasks_title_idx on public.tasks (title);
      create index tasks_title_search_idx on public.tasks (title);
      create index tasks_project_a on public.tasks (project);
      create index tasks_project_b on public.tasks (project);
      create index tasks_project_c on public.tasks (project);
      -- the same columns in another order, or as a hash index, or partial: different indexes
      create index tasks_project_title on public.tasks (project, title);
      create index tasks_title_project on public.tasks (title, project);
      create index tasks_title_hash on public.tasks using hash (title);
      create index tasks_open_title on public.tasks (title) where not done;
      -- a unique index on the primary key column duplicates the primary key index
      create unique index tasks_id_key on public.tasks (id);
      -- a plain index on it does not (uniqueness differs)
      create index tasks_id_plain on public.tasks (id);
      -- the same definition on another table is not a duplicate
      create table public.archive (id int primary key, title text);
      create index archive_title_idx on public.archive (title);
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags one finding per group of identical indexes on a table', async () => {
    const findings = await fx.findings('duplicate_index');
    expect(
      findings.map(f => (f.metadata.indexes as string[]).join(' ')).sort(),
    ).toEqual([
      'tasks_id_key tasks_pkey',
      'tasks_project_a tasks_project_b tasks_project_c',
      'tasks_title_idx tasks_title_search_idx',
    ]);
    const titles = findings.find(f =>
      (f.metadata.indexes as string[]).includes('tasks_title_idx'),
    )!;
    expect(titles).toMatchObject({
      level: 'WARN',
      categories: ['PERFORMANCE'],
      severity: 2,
      cache_key:
        'duplicate_index_public_tasks_{tasks_title_idx,tasks_title_search_idx}',
      detail:
        'Table `public.tasks` has identical indexes {tasks_title_idx,tasks_title_search_idx}. Drop all except one of them',
      metadata: { schema: 'public', name: 'tasks', type: 'table' },
    });
  });
});
