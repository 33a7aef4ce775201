import { policyExpressions, unwrappedPerRowCalls } from '../policyExpressions';
import { LintRule, SUPABASE_DOCS } from '../types';

export const authRlsInitplan: LintRule = {
  name: 'auth_rls_initplan',
  title: 'Auth RLS Initialization Plan',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description:
    'Detects if calls to `current_setting()` and `auth.<function>()` in RLS policies are being unnecessarily re-evaluated for each row',
  remediation: `${SUPABASE_DOCS}0003_auth_rls_initplan`,
  guidance:
    'Wrap each call in a sub-select, e.g. `(select auth.uid()) = user_id`, so PostgreSQL evaluates it once per statement instead of once per row. The policy keeps its meaning.',
  severity: 3,
  fixable: true,
  supabase: true,
  detect(index) {
    return (
      index.inventory.policies
        // Policies of a table without RLS are never evaluated (policy_exists_rls_disabled reports them).
        .filter(p => index.relation(p.schema, p.table)?.rlsEnabled)
        .filter(p =>
          policyExpressions(p).some(e => unwrappedPerRowCalls(e).length > 0),
        )
        .map(p => ({
          detail: `Table \`${p.schema}.${p.table}\` has a row level security policy \`${p.name}\` that re-evaluates current_setting() or auth.<function>() for each row. This produces suboptimal query performance at scale. Resolve the issue by replacing \`auth.<function>()\` with \`(select auth.<function>())\`. See [docs](https://supabase.com/docs/guides/database/postgres/row-level-security#call-functions-with-select) for more info.`,
          metadata: {
            schema: p.schema,
            name: p.table,
            type: 'table',
            policy: p.name,
            calls: [
              ...new Set(policyExpressions(p).flatMap(unwrappedPerRowCalls)),
            ],
          },
          cacheKey: [p.schema, p.table, p.name],
        }))
    );
  },
};
