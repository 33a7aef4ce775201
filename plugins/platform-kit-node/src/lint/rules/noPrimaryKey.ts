import { LintRule, SUPABASE_DOCS } from '../types';

export const noPrimaryKey: LintRule = {
  name: 'no_primary_key',
  title: 'No Primary Key',
  level: 'INFO',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description:
    'Detects if a table does not have a primary key. Tables without a primary key can be inefficient to interact with at scale.',
  remediation: `${SUPABASE_DOCS}0004_no_primary_key`,
  guidance:
    'Add a primary key (an identity column or an existing unique, not-null column). Logical replication, Realtime and efficient updates rely on it.',
  severity: 2,
  fixable: false,
  supabase: true,
  detect(index) {
    // A partitioned table is reported once, on its root; its partitions follow it.
    return index
      .relationsOfKind('table', 'partitioned_table')
      .filter(t => !t.hasPrimaryKey && !t.isPartition)
      .map(t => ({
        detail: `Table \`${t.schema}.${t.name}\` does not have a primary key`,
        metadata: { schema: t.schema, name: t.name, type: 'table' },
        cacheKey: [t.schema, t.name],
      }));
  },
};
