import { LintRule, SUPABASE_DOCS } from '../types';

export const policyExistsRlsDisabled: LintRule = {
  name: 'policy_exists_rls_disabled',
  title: 'Policy Exists RLS Disabled',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects cases where row level security (RLS) policies have been created, but RLS has not been enabled for the underlying table.',
  remediation: `${SUPABASE_DOCS}0007_policy_exists_rls_disabled`,
  guidance:
    'Enable row level security on the table (ALTER TABLE ... ENABLE ROW LEVEL SECURITY). Until then its policies are ignored and every grant applies to every row.',
  severity: 4,
  fixable: true,
  supabase: true,
  detect(index) {
    return index
      .tables()
      .filter(
        t => !t.rlsEnabled && index.policiesOf(t.schema, t.name).length > 0,
      )
      .map(t => {
        const policies = index.policiesOf(t.schema, t.name).map(p => p.name);
        return {
          detail: `Table \`${t.schema}.${
            t.name
          }\` has RLS policies but RLS is not enabled on the table. Policies include {${policies
            .map(n => `"${n}"`)
            .join(',')}}.`,
          metadata: { schema: t.schema, name: t.name, type: 'table', policies },
          cacheKey: [t.schema, t.name],
          severity: index.isExposed(t.schema) ? 5 : 3,
        };
      });
  },
};
