import { LintRule, SUPABASE_DOCS } from '../types';

export const unusedIndex: LintRule = {
  name: 'unused_index',
  title: 'Unused Index',
  level: 'INFO',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description:
    'Detects if an index has never been used and may be a candidate for removal.',
  remediation: `${SUPABASE_DOCS}0005_unused_index`,
  guidance:
    'Check that the statistics cover a representative period (they reset with pg_stat_reset and on replicas), then drop the index concurrently if no query needs it. Unused indexes slow every write.',
  severity: 1,
  fixable: false,
  supabase: true,
  detect(index) {
    return index.inventory.indexes
      .filter(
        i => i.scans === 0 && !i.unique && !i.primary && i.constraint === null,
      )
      .map(i => ({
        detail: `Index \`${i.name}\` on table \`${i.schema}.${i.table}\` has not been used`,
        metadata: {
          schema: i.schema,
          name: i.table,
          type: 'table',
          index: i.name,
          size_bytes: i.sizeBytes,
        },
        cacheKey: [i.schema, i.table, i.name],
      }));
  },
};
