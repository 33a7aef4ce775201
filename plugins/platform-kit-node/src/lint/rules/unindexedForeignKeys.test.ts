import {
  createScanFixture,
  objects,
  ScanFixture,
} from '../../__testUtils__/scan';

jest.setTimeout(60_000);

describe('unindexed_foreign_keys', () => {
  let fx: ScanFixture;
  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create table public.parents (id int primary key, a int, b int, unique (a, b));
      create table public.children (id int primary key, parent_id int references public.parents (id));
      create table public.indexed_children (id int primary key, parent_id int references public.parents (id));
      create index on public.indexed_children (parent_id);
      -- an index whose leading columns are the key covers it, whatever follows
      create table public.composite_children (
        id int primary key, a int, b int,
        constraint composite_fk foreign key (a, b) references public.parents (a, b));
      create index on public.composite_children (a, b, id);
      -- the key column is not a leading column of any index
      create table public.trailing_children (
        id int primary key, parent_id int constraint trailing_fk references public.parents (id));
      create index on public.trailing_children (id, parent_id);
      create schema private;
      create table private.user_notes (id int primary key, user_id uuid references auth.users (id));
    `);
  });
  afterAll(() => fx.db.drop());

  it('flags foreign keys without an index led by their columns, in any user schema', async () => {
    const findings = await fx.findings('unindexed_foreign_keys');
    expect(
      findings
        .map(
          f =>
            `${f.metadata.schema}.${f.metadata.name}.${f.metadata.fkey_name}`,
        )
        .sort(),
    ).toEqual([
      'private.user_notes.user_notes_user_id_fkey',
      'public.children.children_parent_id_fkey',
      'public.trailing_children.trailing_fk',
    ]);
    const children = findings.find(f => f.metadata.name === 'children')!;
    expect(children).toMatchObject({
      level: 'INFO',
      categories: ['PERFORMANCE'],
      severity: 2,
      cache_key:
        'unindexed_foreign_keys_public_children_children_parent_id_fkey',
      detail:
        'Table `public.children` has a foreign key `children_parent_id_fkey` without a covering index. This can lead to suboptimal query performance.',
      metadata: {
        type: 'table',
        fkey_columns: [2],
        fkey_column_names: ['parent_id'],
      },
    });
  });

  it('clears the finding once an index covers the key', async () => {
    await fx.sql('create index on public.children (parent_id, id)');
    expect(objects(await fx.findings('unindexed_foreign_keys'))).toEqual([
      'private.user_notes',
      'public.trailing_children',
    ]);
  });
});
