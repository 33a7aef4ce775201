import { policyExpressions } from '../policyExpressions';
import { LintRule, SUPABASE_DOCS } from '../types';

/** The request's JWT claims: auth.jwt() or current_setting('request.jwt.claims'). */
const JWT_CLAIMS =
  /auth\.jwt\s*\(\s*\)|current_setting\s*\(\s*'request\.jwt\.claims?'/i;

export const rlsReferencesUserMetadata: LintRule = {
  name: 'rls_references_user_metadata',
  title: 'RLS references user metadata',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects when Supabase Auth user_metadata is referenced insecurely in a row level security (RLS) policy.',
  remediation: `${SUPABASE_DOCS}0015_rls_references_user_metadata`,
  guidance:
    'user_metadata can be edited by the user it belongs to. Base authorization on app_metadata (set only by the server) or on a table you control instead.',
  severity: 5,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.inventory.policies
      .filter(p =>
        policyExpressions(p).some(
          e => JWT_CLAIMS.test(e) && /user_metadata/i.test(e),
        ),
      )
      .map(p => ({
        detail: `Table \`${p.schema}.${p.table}\` has a row level security policy \`${p.name}\` that references Supabase Auth \`user_metadata\`. \`user_metadata\` is editable by end users and should never be used in a security context.`,
        metadata: {
          schema: p.schema,
          name: p.table,
          type: 'table',
          policy: p.name,
        },
        cacheKey: [p.schema, p.table, p.name],
      }));
  },
};
