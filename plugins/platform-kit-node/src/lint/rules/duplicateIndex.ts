import { Index } from '@platform-kit/plugin-platform-kit-common';
import { LintRule, SUPABASE_DOCS } from '../types';

/**
 * The index definition without its name (plain, or quoted with spaces and
 * doubled quotes): identical signatures mean identical indexes.
 */
function signature(i: Index): string {
  return i.definition.replace(
    /^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON /i,
    'CREATE $1INDEX ON ',
  );
}

export const duplicateIndex: LintRule = {
  name: 'duplicate_index',
  title: 'Duplicate Index',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['PERFORMANCE'],
  description: 'Detects cases where two ore more identical indexes exist.',
  remediation: `${SUPABASE_DOCS}0009_duplicate_index`,
  guidance:
    'Keep one of the identical indexes (prefer one that backs a constraint) and drop the others concurrently: each copy costs writes and storage and helps no query.',
  severity: 2,
  fixable: true,
  supabase: true,
  detect(index) {
    const groups = new Map<string, Index[]>();
    for (const i of index.inventory.indexes) {
      const k = `${i.schema}\u0000${i.table}\u0000${signature(i)}`;
      groups.set(k, [...(groups.get(k) ?? []), i]);
    }
    return [...groups.values()]
      .filter(g => g.length > 1)
      .map(g => {
        const names = g.map(i => i.name).sort();
        const { schema, table } = g[0];
        return {
          detail: `Table \`${schema}.${table}\` has identical indexes {${names.join(
            ',',
          )}}. Drop all except one of them`,
          metadata: { schema, name: table, type: 'table', indexes: names },
          cacheKey: [schema, table, `{${names.join(',')}}`],
        };
      });
  },
};
