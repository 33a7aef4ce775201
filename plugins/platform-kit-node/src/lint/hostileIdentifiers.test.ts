import { Finding } from '@platform-kit/plugin-platform-kit-common';
import { createScanFixture, ScanFixture } from '../__testUtils__/scan';

jest.setTimeout(60_000);

/** Names PostgreSQL accepts only quoted, each with a different trap. */
const SCHEMA = 'Weird "Schema".x';
const TABLE = 'select';
const UNICODE_TABLE = 'Ünïcode tâble';
const CHILD = 'Child.Table';
const FUNCTION = 'My "func" name';
const FKEY = 'fk "odd" name';
const POLICY = 'Per "row" policy.v1';
const INACTIVE_POLICY = 'Inactive, "quoted" policy';
const INDEX_A = 'dup idx "a"';
const INDEX_B = 'Dup.Idx B';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const s = q(SCHEMA);

describe('hostile identifiers', () => {
  let fx: ScanFixture;
  let findings: Finding[];
  const byRule = (rule: string) => findings.filter(f => f.name === rule);

  beforeAll(async () => {
    fx = await createScanFixture();
    await fx.sql(`
      create schema ${s};
      grant usage on schema ${s} to anon, authenticated;
      create table ${s}.${q(
      TABLE,
    )} ("Id" int primary key, "Owner Id" uuid, "from" text);
      create table ${s}.${q(
      UNICODE_TABLE,
    )} ("Ünï id" int primary key, "Parent Ref" int,
        constraint ${q(FKEY)} foreign key ("Parent Ref") references ${s}.${q(
      TABLE,
    )} ("Id"));
      create index ${q(INDEX_A)} on ${s}.${q(TABLE)} ("from");
      create index ${q(INDEX_B)} on ${s}.${q(TABLE)} ("from");
      create table ${s}.${q(CHILD)} ("Id" int primary key, "Owner Id" uuid);
      alter table ${s}.${q(CHILD)} enable row level security;
      create policy ${q(POLICY)} on ${s}.${q(
      CHILD,
    )} for select using (auth.uid() = "Owner Id");
      create policy ${q(INACTIVE_POLICY)} on ${s}.${q(
      UNICODE_TABLE,
    )} for select using (true);
      grant select on all tables in schema ${s} to anon, authenticated;
      create function ${s}.${q(
      FUNCTION,
    )}("Arg One" int, "select" text) returns int
        language sql as $$ select 1 $$;
    `);
    findings = await fx.findings(undefined, {
      exposedSchemas: ['public', SCHEMA],
    });
  });
  afterAll(() => fx.db.drop());

  it('keeps the names intact through introspection', async () => {
    const inventory = await fx.inventory({
      exposedSchemas: ['public', SCHEMA],
    });
    expect(inventory.exposedSchemas.schemas).toContain(SCHEMA);
    expect(
      inventory.relations
        .filter(r => r.schema === SCHEMA)
        .map(r => r.name)
        .sort(),
    ).toEqual([CHILD, TABLE, UNICODE_TABLE].sort());
    expect(
      inventory.columns.filter(c => c.table === TABLE).map(c => c.name),
    ).toEqual(['Id', 'Owner Id', 'from']);
    expect(inventory.functions.find(f => f.schema === SCHEMA)).toMatchObject({
      name: FUNCTION,
      identityArguments: '"Arg One" integer, "select" text',
    });
    expect(
      inventory.policies
        .filter(p => p.schema === SCHEMA)
        .map(p => p.name)
        .sort(),
    ).toEqual([INACTIVE_POLICY, POLICY].sort());
  });

  it('rls_disabled_in_public names the tables of the exposed schema', () => {
    const found = byRule('rls_disabled_in_public').filter(
      f => f.metadata.schema === SCHEMA,
    );
    expect(found.map(f => f.metadata.name).sort()).toEqual(
      [TABLE, UNICODE_TABLE].sort(),
    );
    expect(found.find(f => f.metadata.name === UNICODE_TABLE)).toMatchObject({
      detail: `Table \`${SCHEMA}.${UNICODE_TABLE}\` is public, but RLS has not been enabled.`,
      cache_key: `rls_disabled_in_public_${SCHEMA}_${UNICODE_TABLE}`,
    });
  });

  it('function_search_path_mutable names the function and its arguments', () => {
    const [finding] = byRule('function_search_path_mutable');
    expect(finding).toMatchObject({
      detail: `Function \`${SCHEMA}.${FUNCTION}\` has a role mutable search_path`,
      metadata: {
        schema: SCHEMA,
        name: FUNCTION,
        identity_arguments: '"Arg One" integer, "select" text',
      },
      severity: 3,
    });
  });

  it('unindexed_foreign_keys names the constraint and its columns', () => {
    const [finding] = byRule('unindexed_foreign_keys');
    expect(finding).toMatchObject({
      detail: `Table \`${SCHEMA}.${UNICODE_TABLE}\` has a foreign key \`${FKEY}\` without a covering index. This can lead to suboptimal query performance.`,
      cache_key: `unindexed_foreign_keys_${SCHEMA}_${UNICODE_TABLE}_${FKEY}`,
      metadata: { fkey_name: FKEY, fkey_column_names: ['Parent Ref'] },
    });
  });

  it('duplicate_index finds identical indexes with quoted names', () => {
    const [finding] = byRule('duplicate_index');
    expect(finding).toBeDefined();
    expect(finding.metadata).toMatchObject({
      schema: SCHEMA,
      name: TABLE,
      indexes: [INDEX_B, INDEX_A],
    });
    expect(finding.detail).toBe(
      `Table \`${SCHEMA}.${TABLE}\` has identical indexes {${INDEX_B},${INDEX_A}}. Drop all except one of them`,
    );
  });

  it('auth_rls_initplan names the policy', () => {
    const [finding] = byRule('auth_rls_initplan');
    expect(finding).toMatchObject({
      cache_key: `auth_rls_initplan_${SCHEMA}_${CHILD}_${POLICY}`,
      metadata: {
        schema: SCHEMA,
        name: CHILD,
        policy: POLICY,
        calls: ['auth.uid()'],
      },
    });
    expect(finding.detail).toContain(
      `Table \`${SCHEMA}.${CHILD}\` has a row level security policy \`${POLICY}\` that re-evaluates`,
    );
  });

  it('policy_exists_rls_disabled names the policy of the table without RLS', () => {
    const [finding] = byRule('policy_exists_rls_disabled');
    expect(finding).toMatchObject({
      severity: 5,
      detail: `Table \`${SCHEMA}.${UNICODE_TABLE}\` has RLS policies but RLS is not enabled on the table. Policies include {"${INACTIVE_POLICY}"}.`,
      metadata: {
        schema: SCHEMA,
        name: UNICODE_TABLE,
        policies: [INACTIVE_POLICY],
      },
    });
  });
});
