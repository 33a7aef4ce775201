import { LintRule, SUPABASE_DOCS } from '../types';

export const foreignTableInApi: LintRule = {
  name: 'foreign_table_in_api',
  title: 'Foreign Table in API',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects foreign tables that are accessible over APIs. Foreign tables do not respect row level security policies.',
  remediation: `${SUPABASE_DOCS}0017_foreign_table_in_api`,
  guidance:
    'Foreign tables bypass row level security. Revoke access from anon and authenticated, or move the foreign table to a schema that is not exposed.',
  severity: 4,
  fixable: true,
  supabase: true,
  detect(index) {
    return index
      .relationsOfKind('foreign_table')
      .filter(
        f =>
          index.isExposed(f.schema) &&
          index.apiRolesWith(f.schema, f.name, 'SELECT').length > 0,
      )
      .map(f => ({
        detail: `Foreign table \`${f.schema}.${f.name}\` is accessible over APIs`,
        metadata: {
          schema: f.schema,
          name: f.name,
          type: 'foreign table',
          exposed_to: index.apiRolesWith(f.schema, f.name, 'SELECT'),
        },
        cacheKey: [f.schema, f.name],
      }));
  },
};
