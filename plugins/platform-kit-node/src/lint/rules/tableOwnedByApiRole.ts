import { LintRule } from '../types';

const API_ROLES = new Set(['anon', 'authenticated', 'authenticator']);

export const tableOwnedByApiRole: LintRule = {
  name: 'table_owned_by_api_role',
  title: 'Table Owned by an API Role',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects tables and views owned by `anon`, `authenticated` or `authenticator`. A table’s owner bypasses row level security unless it is forced, and may alter or drop the table.',
  remediation: 'https://www.postgresql.org/docs/current/ddl-rowsecurity.html',
  guidance:
    'Give the relation to a privileged role (ALTER TABLE ... OWNER TO postgres) and grant the API role only the privileges it needs.',
  severity: 5,
  fixable: false,
  supabase: false,
  detect(index) {
    return index
      .relationsOfKind(
        'table',
        'partitioned_table',
        'view',
        'materialized_view',
        'foreign_table',
      )
      .filter(r => API_ROLES.has(r.owner))
      .map(r => ({
        detail: `${r.kind.replace('_', ' ')} \`${r.schema}.${
          r.name
        }\` is owned by the API role \`${r.owner}\`${
          r.rlsForced ? '' : ', which bypasses its row level security'
        }.`,
        metadata: {
          schema: r.schema,
          name: r.name,
          type: r.kind.replace('_', ' '),
          owner: r.owner,
          rls_forced: r.rlsForced,
        },
        cacheKey: [r.schema, r.name],
        severity: r.rlsForced ? 4 : 5,
      }));
  },
};
