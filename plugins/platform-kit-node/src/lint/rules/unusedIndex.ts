import { LintRule, SUPABASE_DOCS } from '../types';
import {
  remediationMarkerTime,
  statisticsCoverMarker,
} from './unusedIndexMarker';

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
    'Check that the statistics cover a representative period (they reset with pg_stat_reset and on replicas), then drop the index concurrently if no query needs it. Unused indexes slow every write. An index Platform Kit created (its comment says so) is reported only once the statistics were reset after it was created.',
  severity: 1,
  fixable: false,
  supabase: true,
  detect(index, note) {
    const { statsReset } = index.inventory.server;
    return index.inventory.indexes
      .filter(
        i => i.scans === 0 && !i.unique && !i.primary && i.constraint === null,
      )
      .filter(i => {
        const created = remediationMarkerTime(i.comment);
        if (created === null || statisticsCoverMarker(created, statsReset))
          return true;
        note?.(
          `Index \`${i.name}\` on table \`${i.schema}.${
            i.table
          }\` has not been used, but remediation created it at ${created} and the statistics ${
            statsReset === null
              ? 'have no reset time (never reset, or unknown)'
              : `were last reset at ${statsReset}, before that`
          }: it is reported once statistics have been collected for a full window after its creation (reset them with pg_stat_reset() at the start of a representative period).`,
        );
        return false;
      })
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
