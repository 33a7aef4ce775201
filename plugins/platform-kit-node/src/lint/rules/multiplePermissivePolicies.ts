import { Policy } from '@platform-kit/plugin-platform-kit-common';
import { LintRule, SUPABASE_DOCS } from '../types';

const ROLES = ['anon', 'authenticated', 'authenticator', 'dashboard_user'];
const ACTIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

const appliesTo = (p: Policy, role: string, action: string) =>
  p.permissive &&
  (p.command === 'ALL' || p.command === action) &&
  (p.roles.includes(role) || p.roles.includes('public'));

export const multiplePermissivePolicies: LintRule = {
  name: 'multiple_permissive_policies',
  title: 'Multiple Permissive Policies',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description:
    'Detects if multiple permissive row level security policies are present on a table for the same `role` and `action` (e.g. insert). Multiple permissive policies are suboptimal for performance as each policy must be executed for every relevant query.',
  remediation: `${SUPABASE_DOCS}0006_multiple_permissive_policies`,
  guidance:
    'Merge the policies into one whose expression ORs their conditions, so PostgreSQL evaluates a single policy per row.',
  severity: 2,
  fixable: false,
  supabase: true,
  detect(index) {
    const byTable = new Map<string, Policy[]>();
    for (const p of index.inventory.policies) {
      if (p.schema === 'storage') continue;
      const k = `${p.schema}\u0000${p.table}`;
      byTable.set(k, [...(byTable.get(k) ?? []), p]);
    }
    // Only roles that exist and are subject to RLS (PUBLIC policies fan out to them).
    const roles = ROLES.filter(name =>
      index.inventory.roles.some(r => r.name === name && !r.bypassRls),
    );
    const out = [];
    for (const policies of byTable.values()) {
      const { schema, table } = policies[0];
      for (const role of roles) {
        for (const action of ACTIONS) {
          const matching = policies.filter(p => appliesTo(p, role, action));
          if (matching.length < 2) continue;
          const names = matching.map(p => p.name).sort();
          out.push({
            detail: `Table \`${schema}.${table}\` has multiple permissive policies for role \`${role}\` for action \`${action}\`. Policies include \`{${names
              .map(n => `"${n}"`)
              .join(',')}}\``,
            metadata: {
              schema,
              name: table,
              type: 'table',
              role,
              action,
              policies: names,
            },
            cacheKey: [schema, table, role, action],
          });
        }
      }
    }
    return out;
  },
};
