import { LintRule } from '../types';

const WRITES = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];

export const apiRoleWriteWithoutRls: LintRule = {
  name: 'api_role_write_without_rls',
  title: 'API Role Can Write Without RLS',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects tables in exposed schemas without row level security where `anon` or `authenticated` may INSERT, UPDATE, DELETE or TRUNCATE although they cannot SELECT. Supabase’s rls_disabled_in_public only looks at SELECT, so these blind writes go unreported there.',
  remediation:
    'https://supabase.com/docs/guides/database/postgres/row-level-security',
  guidance:
    'Enable row level security on the table (and add policies for the writes that are intended), or revoke the write privileges from anon and authenticated.',
  severity: 5,
  fixable: true,
  supabase: false,
  detect(index) {
    return index
      .tables()
      .filter(t => index.isExposed(t.schema) && !t.rlsEnabled)
      .flatMap(t => {
        const roles = (['anon', 'authenticated'] as const).filter(role => {
          const privileges = index.privilegesOf(t.schema, t.name, role);
          return (
            !privileges.has('SELECT') && WRITES.some(w => privileges.has(w))
          );
        });
        if (roles.length === 0) return [];
        const writes = Object.fromEntries(
          roles.map(role => [
            role,
            WRITES.filter(w =>
              index.privilegesOf(t.schema, t.name, role).has(w),
            ),
          ]),
        );
        return [
          {
            detail: `Table \`${t.schema}.${t.name}\` has no RLS and ${roles
              .map(r => `\`${r}\``)
              .join(' and ')} can write to it (${[
              ...new Set(Object.values(writes).flat()),
            ].join(', ')}) without being able to read it.`,
            metadata: { schema: t.schema, name: t.name, type: 'table', writes },
            cacheKey: [t.schema, t.name],
            severity: roles.includes('anon') ? 5 : 4,
          },
        ];
      });
  },
};
