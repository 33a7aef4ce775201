import { Relation } from '@platform-kit/plugin-platform-kit-common';
import { InventoryIndex } from '../inventoryIndex';
import { Detection, LintRule, SUPABASE_DOCS } from '../types';

const TYPE: Record<Relation['kind'], string> = {
  table: 'table',
  partitioned_table: 'table',
  view: 'view',
  materialized_view: 'materialized view',
  foreign_table: 'foreign table',
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function visibleTo(
  index: InventoryIndex,
  role: 'anon' | 'authenticated',
): Relation[] {
  if (!index.inventory.extensions.some(e => e.name === 'pg_graphql')) return [];
  return index
    .relationsOfKind('table', 'view', 'materialized_view', 'foreign_table')
    .filter(r => index.canSeeColumns(r.schema, r.name, role));
}

function detection(r: Relation, detail: string): Detection {
  return {
    detail,
    metadata: { schema: r.schema, name: r.name, type: TYPE[r.kind] },
    cacheKey: [r.schema, r.name],
  };
}

export const pgGraphqlAnonTableExposed: LintRule = {
  name: 'pg_graphql_anon_table_exposed',
  title: 'Public Can See Object in GraphQL Schema',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects tables, views, materialized views, and foreign tables that are visible in the GraphQL schema to anyone using your public anon key. Revoke `SELECT` from `anon` for objects that should not be discoverable before sign-in, and check lint 0027 for the matching signed-in-user exposure.',
  remediation: `${SUPABASE_DOCS}0026_pg_graphql_anon_table_exposed`,
  guidance:
    'pg_graphql publishes every object the role can SELECT in its schema, whatever RLS later filters. Revoke SELECT from anon on objects that should not be discoverable before sign-in.',
  severity: 2,
  fixable: false,
  supabase: true,
  detect(index) {
    return visibleTo(index, 'anon').map(r =>
      detection(
        r,
        `${capitalise(TYPE[r.kind])} \`${r.schema}.${
          r.name
        }\` is visible in the GraphQL schema because the \`anon\` role can \`SELECT\` it. Revoke \`SELECT\` from \`anon\` if it should not be discoverable without signing in.`,
      ),
    );
  },
};

export const pgGraphqlAuthenticatedTableExposed: LintRule = {
  name: 'pg_graphql_authenticated_table_exposed',
  title: 'Signed-In Users Can See Object in GraphQL Schema',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects tables, views, materialized views, and foreign tables that are visible in the GraphQL schema to signed-in users. Revoke `SELECT` from `authenticated` for objects that signed-in users should not discover, and check lint 0026 for the matching public exposure.',
  remediation: `${SUPABASE_DOCS}0027_pg_graphql_authenticated_table_exposed`,
  guidance:
    'pg_graphql publishes every object the role can SELECT in its schema. Revoke SELECT from authenticated on objects signed-in users should not discover.',
  severity: 1,
  fixable: false,
  supabase: true,
  detect(index) {
    return visibleTo(index, 'authenticated').map(r =>
      detection(
        r,
        `${capitalise(TYPE[r.kind])} \`${r.schema}.${
          r.name
        }\` is visible in the GraphQL schema to signed-in users because the \`authenticated\` role can \`SELECT\` it. Revoke \`SELECT\` from \`authenticated\` if it should not be discoverable to every account.`,
      ),
    );
  },
};
