import { LintRule, SUPABASE_DOCS } from '../types';

export const rlsDisabledInPublic: LintRule = {
  name: 'rls_disabled_in_public',
  title: 'RLS Disabled in Public',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects cases where row level security (RLS) has not been enabled on tables in schemas exposed to PostgREST',
  remediation: `${SUPABASE_DOCS}0013_rls_disabled_in_public`,
  guidance:
    'Enable row level security on the table and add policies for the access anon and authenticated should have. Until then anyone holding the anon key can read and write every row the grants allow.',
  severity: 4,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.readableTablesWithoutRls().map(t => {
      const anon = index.privilegesOf(t.schema, t.name, 'anon');
      const authenticated = index.privilegesOf(
        t.schema,
        t.name,
        'authenticated',
      );
      // Rated by exposure: readable by anyone holding the anon key is the worst case.
      const severity = anon.has('SELECT') ? 5 : 4;
      return {
        detail: `Table \`${t.schema}.${t.name}\` is public, but RLS has not been enabled.`,
        metadata: {
          schema: t.schema,
          name: t.name,
          type: 'table',
          anon_privileges: [...anon].sort(),
          authenticated_privileges: [...authenticated].sort(),
        },
        cacheKey: [t.schema, t.name],
        severity,
      };
    });
  },
};
