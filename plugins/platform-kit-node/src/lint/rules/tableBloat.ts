import { LintRule } from '../types';

const MIN_RATIO = 70;
const MIN_WASTE_BYTES = 20 * 1024 * 1024;

export const tableBloat: LintRule = {
  name: 'table_bloat',
  title: 'Table Bloat',
  level: 'INFO',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description:
    'Detects if a table has excess bloat and may benefit from maintenance operations like vacuum full or cluster.',
  remediation:
    'Consider running vacuum full (WARNING: incurs downtime) and tweaking autovacuum settings to reduce bloat.',
  guidance:
    'The estimate comes from planner statistics (run ANALYZE first). Reclaim space with VACUUM FULL or pg_repack in a maintenance window, and make autovacuum run more often on this table.',
  severity: 2,
  fixable: false,
  supabase: true,
  detect(index) {
    return index
      .tables()
      .filter(t => t.bloatRatio > MIN_RATIO && t.bloatBytes > MIN_WASTE_BYTES)
      .map(t => ({
        detail: `Table \`${t.schema}\`.\`${t.name}\` has excessive bloat`,
        metadata: {
          schema: t.schema,
          name: t.name,
          type: 'table',
          bloat_ratio: t.bloatRatio,
          bloat_bytes: t.bloatBytes,
        },
        cacheKey: [t.schema, t.name],
      }));
  },
};
