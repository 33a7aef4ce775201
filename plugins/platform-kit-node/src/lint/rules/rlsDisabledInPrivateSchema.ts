import { LintRule } from '../types';

export const rlsDisabledInPrivateSchema: LintRule = {
  name: 'rls_disabled_in_private_schema',
  title: 'RLS Disabled Outside the API',
  level: 'INFO',
  facing: 'INTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects tables without row level security in schemas that are not exposed through the Data API. They are safe only as long as the schema stays unexposed and no API-callable function reads them for a caller.',
  remediation:
    'https://supabase.com/docs/guides/database/postgres/row-level-security',
  guidance:
    'Enable row level security (with policies for the roles that need access) so that the table stays protected if the schema is exposed later or a SECURITY DEFINER function reads it.',
  severity: 1,
  fixable: true,
  supabase: false,
  detect(index) {
    return index
      .tables()
      .filter(t => !index.isExposed(t.schema) && !t.rlsEnabled)
      .map(t => ({
        detail: `Table \`${t.schema}.${t.name}\` has no RLS; its schema \`${t.schema}\` is not exposed.`,
        metadata: { schema: t.schema, name: t.name, type: 'table' },
        cacheKey: [t.schema, t.name],
      }));
  },
};
