import { isAlwaysTrue } from '../policyExpressions';
import { LintRule } from '../types';

const API_POLICY_ROLES = ['public', 'anon', 'authenticated'];

export const rlsPolicyAlwaysTrue: LintRule = {
  name: 'rls_policy_always_true',
  title: 'RLS Policy Always True',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects RLS policies that use overly permissive expressions like `USING (true)` or `WITH CHECK (true)` for UPDATE, DELETE, or INSERT operations. SELECT policies with `USING (true)` are intentionally excluded as this pattern is often used deliberately for public read access.',
  remediation:
    'https://supabase.com/docs/guides/database/database-linter?lint=0024_permissive_rls_policy',
  guidance:
    'Restrict the policy to the rows the role may change, e.g. `USING ((select auth.uid()) = user_id)`, and give INSERT policies a WITH CHECK that validates the new row.',
  severity: 4,
  fixable: false,
  supabase: true,
  detect(index) {
    return index.inventory.policies
      .filter(
        p =>
          p.schema !== 'storage' &&
          p.permissive &&
          p.roles.some(r => API_POLICY_ROLES.includes(r)),
      )
      .filter(
        p =>
          index.relation(p.schema, p.table)?.rlsEnabled &&
          index.relation(p.schema, p.table)?.kind === 'table',
      )
      .flatMap(p => {
        const writes = ['UPDATE', 'DELETE', 'ALL'].includes(p.command);
        const permissiveUsing =
          writes && (p.using === null || isAlwaysTrue(p.using));
        const permissiveCheck =
          isAlwaysTrue(p.withCheck) ||
          (p.withCheck === null && p.command === 'INSERT') ||
          (p.withCheck === null &&
            (p.command === 'UPDATE' || p.command === 'ALL') &&
            isAlwaysTrue(p.using));
        if (!permissiveUsing && !permissiveCheck) return [];
        let suffix = ' (WITH CHECK clause is always true)';
        if (permissiveUsing && permissiveCheck)
          suffix = ' (both USING and WITH CHECK are always true)';
        else if (permissiveUsing) suffix = ' (USING clause is always true)';
        return [
          {
            detail: `Table \`${p.schema}.${p.table}\` has an RLS policy \`${
              p.name
            }\` for \`${
              p.command
            }\` that allows unrestricted access${suffix}. This effectively bypasses row-level security for ${p.roles.join(
              ', ',
            )}.`,
            metadata: {
              schema: p.schema,
              name: p.table,
              type: 'table',
              policy_name: p.name,
              command: p.command,
              roles: p.roles,
              qual: p.using,
              with_check: p.withCheck,
              permissive_using: permissiveUsing,
              permissive_with_check: permissiveCheck,
            },
            cacheKey: [p.schema, p.table, p.name],
            severity:
              p.roles.includes('anon') || p.roles.includes('public') ? 4 : 3,
          },
        ];
      });
  },
};
