import { LintRule, SUPABASE_DOCS } from '../types';

export const materializedViewInApi: LintRule = {
  name: 'materialized_view_in_api',
  title: 'Materialized View in API',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects materialized views that are accessible over the Data APIs.',
  remediation: `${SUPABASE_DOCS}0016_materialized_view_in_api`,
  guidance:
    'Materialized views do not support row level security. Revoke SELECT from anon and authenticated, or move the view to a schema that is not exposed.',
  severity: 3,
  fixable: true,
  supabase: true,
  detect(index) {
    return index
      .relationsOfKind('materialized_view')
      .filter(
        m =>
          index.isExposed(m.schema) &&
          index.apiRolesWith(m.schema, m.name, 'SELECT').length > 0,
      )
      .map(m => ({
        detail: `Materialized view \`${m.schema}.${m.name}\` is selectable by anon or authenticated roles`,
        metadata: {
          schema: m.schema,
          name: m.name,
          type: 'materialized view',
          exposed_to: index.apiRolesWith(m.schema, m.name, 'SELECT'),
        },
        cacheKey: [m.schema, m.name],
        severity: index
          .apiRolesWith(m.schema, m.name, 'SELECT')
          .includes('anon')
          ? 4
          : 3,
      }));
  },
};
