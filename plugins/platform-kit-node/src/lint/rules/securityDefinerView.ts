import { LintRule, SUPABASE_DOCS } from '../types';

export const securityDefinerView: LintRule = {
  name: 'security_definer_view',
  title: 'Security Definer View',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects views defined with the SECURITY DEFINER property. These views enforce Postgres permissions and row level security policies (RLS) of the view creator, rather than that of the querying user',
  remediation: `${SUPABASE_DOCS}0010_security_definer_view`,
  guidance:
    "Set `security_invoker = true` on the view (PostgreSQL 15+) so the querying user's grants and RLS policies apply, or revoke the API roles' access to it.",
  severity: 4,
  fixable: true,
  supabase: true,
  detect(index) {
    // security_invoker views exist from PostgreSQL 15 on; before, every view runs as its owner.
    if (index.inventory.server.versionNum < 150000) return [];
    return index
      .relationsOfKind('view')
      .filter(v => index.isExposed(v.schema) && v.securityInvoker === false)
      .filter(v => index.apiRolesWith(v.schema, v.name, 'SELECT').length > 0)
      .map(v => ({
        detail: `View \`${v.schema}.${v.name}\` is defined with the SECURITY DEFINER property`,
        metadata: {
          schema: v.schema,
          name: v.name,
          type: 'view',
          exposed_to: index.apiRolesWith(v.schema, v.name, 'SELECT'),
        },
        cacheKey: [v.schema, v.name],
        severity: index
          .apiRolesWith(v.schema, v.name, 'SELECT')
          .includes('anon')
          ? 5
          : 4,
      }));
  },
};
