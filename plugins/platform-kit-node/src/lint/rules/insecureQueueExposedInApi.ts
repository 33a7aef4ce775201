import { LintRule, SUPABASE_DOCS } from '../types';

export const insecureQueueExposedInApi: LintRule = {
  name: 'insecure_queue_exposed_in_api',
  title: 'Insecure Queue Exposed in API',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects cases where an insecure Queue is exposed over Data APIs',
  remediation: `${SUPABASE_DOCS}0019_insecure_queue_exposed_in_api`,
  guidance:
    'Enable row level security on the queue table (pgmq `q_` / `a_` tables) and add policies, or stop exposing the `pgmq_public` schema.',
  severity: 5,
  fixable: true,
  supabase: true,
  detect(index) {
    if (!index.isExposed('pgmq_public')) return [];
    return index.inventory.relations
      .filter(
        q =>
          q.schema === 'pgmq' &&
          q.kind === 'table' &&
          q.name.startsWith('q_') &&
          !q.rlsEnabled,
      )
      .filter(q => index.apiRolesWith(q.schema, q.name, 'SELECT').length > 0)
      .map(q => ({
        detail: `Table \`${q.schema}.${q.name}\` is public, but RLS has not been enabled.`,
        metadata: { schema: q.schema, name: q.name, type: 'table' },
        cacheKey: [q.schema, q.name],
      }));
  },
};
