import { qualified } from '../inventoryIndex';
import { LintRule, SUPABASE_DOCS } from '../types';

export const unindexedForeignKeys: LintRule = {
  name: 'unindexed_foreign_keys',
  title: 'Unindexed foreign keys',
  level: 'INFO',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description:
    'Identifies foreign key constraints without a covering index, which can impact database performance.',
  remediation: `${SUPABASE_DOCS}0001_unindexed_foreign_keys`,
  guidance:
    'Create an index whose leading columns are the foreign key columns (CREATE INDEX CONCURRENTLY), so that joins and deletes on the referenced table do not scan this table.',
  severity: 2,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.inventory.constraints
      .filter(c => c.type === 'foreign_key')
      .filter(c => {
        const keys = c.keys;
        return !index
          .indexesOf(c.schema, c.table)
          .some(
            i =>
              i.valid &&
              !i.partial &&
              keys.every(k => i.keys.slice(0, keys.length).includes(k)),
          );
      })
      .map(c => ({
        detail: `Table \`${qualified(
          c.schema,
          c.table,
        )}\` has a foreign key \`${
          c.name
        }\` without a covering index. This can lead to suboptimal query performance.`,
        metadata: {
          schema: c.schema,
          name: c.table,
          type: 'table',
          fkey_name: c.name,
          fkey_columns: c.keys,
          fkey_column_names: c.keys.map(k =>
            index.columnName(c.schema, c.table, k),
          ),
        },
        cacheKey: [c.schema, c.table, c.name],
      }));
  },
};
