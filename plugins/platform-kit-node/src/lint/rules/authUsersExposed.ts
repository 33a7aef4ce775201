import { qualified } from '../inventoryIndex';
import { LintRule, SUPABASE_DOCS } from '../types';

export const authUsersExposed: LintRule = {
  name: 'auth_users_exposed',
  title: 'Exposed Auth Users',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects if auth.users is exposed to anon or authenticated roles via a view or materialized view in schemas exposed to PostgREST, potentially compromising user data security.',
  remediation: `${SUPABASE_DOCS}0002_auth_users_exposed`,
  guidance:
    'Revoke SELECT on the view from anon and authenticated, move it to a schema that is not exposed, or rewrite it as a security_invoker view over a table you control with RLS.',
  severity: 5,
  fixable: true,
  supabase: true,
  detect(index) {
    const views = new Map<
      string,
      { schema: string; name: string; kind: string }
    >();
    for (const dep of index.inventory.viewDependencies) {
      if (dep.referencedSchema !== 'auth' || dep.referencedName !== 'users')
        continue;
      if (!index.isExposed(dep.schema)) continue;
      const rel = index.relation(dep.schema, dep.name);
      if (!rel) continue;
      if (rel.kind === 'view' && rel.securityInvoker) continue;
      const roles = index.apiRolesWith(dep.schema, dep.name, 'SELECT');
      if (roles.length === 0) continue;
      views.set(`${dep.schema}.${dep.name}`, {
        schema: dep.schema,
        name: dep.name,
        kind: rel.kind,
      });
    }
    return [...views.values()].map(v => ({
      detail: `View/Materialized View "${v.name}" in the \`${v.schema}\` schema may expose \`auth.users\` data to anon or authenticated roles.`,
      metadata: {
        schema: v.schema,
        name: v.name,
        type: v.kind === 'view' ? 'view' : 'materialized view',
        exposed_to: index.apiRolesWith(v.schema, v.name, 'SELECT'),
        qualified: qualified(v.schema, v.name),
      },
      cacheKey: [v.schema, v.name],
      severity: index.apiRolesWith(v.schema, v.name, 'SELECT').includes('anon')
        ? 5
        : 4,
    }));
  },
};
