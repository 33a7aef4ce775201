import { LintRule, SUPABASE_DOCS } from '../types';

export const rlsEnabledNoPolicy: LintRule = {
  name: 'rls_enabled_no_policy',
  title: 'RLS Enabled No Policy',
  level: 'INFO',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects cases where row level security (RLS) has been enabled on a table but no RLS policies have been created.',
  remediation: `${SUPABASE_DOCS}0008_rls_enabled_no_policy`,
  guidance:
    'Nobody but the owner and BYPASSRLS roles (service_role) can read or write the table. If that is intended, keep it; otherwise add policies for the roles that need access.',
  severity: 1,
  fixable: false,
  supabase: true,
  detect(index) {
    return index
      .tables()
      .filter(
        t => t.rlsEnabled && index.policiesOf(t.schema, t.name).length === 0,
      )
      .map(t => ({
        detail: `Table \`${t.schema}.${t.name}\` has RLS enabled, but no policies exist`,
        metadata: { schema: t.schema, name: t.name, type: 'table' },
        cacheKey: [t.schema, t.name],
      }));
  },
};
