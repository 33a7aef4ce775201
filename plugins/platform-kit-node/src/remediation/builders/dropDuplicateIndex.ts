import { Index } from '@platform-kit/plugin-platform-kit-common';
import { qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  display,
  findingObject,
  inventoryIndex,
  listing,
  manualPatch,
  patch,
  requireRelation,
  step,
  templateStatement,
} from './common';

const sorted = (keys: number[]) => [...keys].sort((x, y) => x - y).join(',');

/** Code-unit order, as the finding lists the names. */
const byName = (a: Index, b: Index) => {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
};

/** The index to keep: the one backing a constraint, else a valid one, else the first by name. */
function keeper(group: Index[]): Index {
  const ordered = [...group].sort(byName);
  return (
    ordered.find(i => i.constraint !== null) ??
    ordered.find(i => i.valid) ??
    ordered[0]
  );
}

export const dropDuplicateIndexBuilder: PatchBuilder = {
  lints: ['duplicate_index'],
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    requireRelation(inventory, schema, name, [
      'table',
      'partitioned_table',
      'materialized_view',
    ]);
    const names = finding.metadata.indexes;
    if (!Array.isArray(names) || names.some(n => typeof n !== 'string'))
      throw new Error(`finding ${finding.cache_key} has no metadata.indexes`);
    // An empty list is a value, but not a group of duplicates.
    if (new Set(names).size < 2)
      throw new Error(
        `finding ${finding.cache_key} names ${
          names.length ? 'one index' : 'no index'
        } in metadata.indexes: a duplicate needs two`,
      );
    const index = inventoryIndex(inventory);
    const group = (names as string[]).map(n => {
      const found = index.indexesOf(schema, name).find(i => i.name === n);
      if (!found)
        throw new Error(
          `index ${display(
            schema,
            n,
          )} is not in the inventory (dropped since the scan?)`,
        );
      return found;
    });
    const title = `Drop duplicate indexes of ${display(schema, name)}`;
    const backing = group.filter(i => i.constraint !== null);
    if (backing.length > 1)
      return manualPatch(
        finding,
        title,
        `${listing(
          backing.map(i => `"${i.name}" backs constraint "${i.constraint}"`),
        )}: an index that backs a constraint goes only with its constraint.`,
        'Decide which constraint stays, drop the other with ALTER TABLE ... DROP CONSTRAINT (after checking what depends on it), then drop any remaining duplicate index concurrently.',
      );
    const keep = keeper(group);
    const drop = group.filter(i => i !== keep);
    if (keep.unique) {
      // A foreign key depends on one unique index of the table it references; which one, the inventory does not say.
      const dependents = inventory.constraints.filter(
        c =>
          c.type === 'foreign_key' &&
          c.references?.schema === schema &&
          c.references.table === name &&
          sorted(c.references.keys) === sorted(keep.keys) &&
          !(c.references.indexKind === 'primary_key' && keep.primary),
      );
      if (dependents.length)
        return manualPatch(
          finding,
          title,
          `foreign key(s) ${listing(
            dependents.map(c => `"${c.name}" of ${display(c.schema, c.table)}`),
          )} reference these columns and may depend on one of the indexes to drop, which PostgreSQL would then refuse to drop.`,
          `Find the index each foreign key uses (pg_constraint.conindid) and drop the copies it does not use with DROP INDEX CONCURRENTLY, keeping "${keep.name}" or the one the keys use.`,
        );
    }
    const why =
      keep.constraint !== null
        ? `it backs constraint "${keep.constraint}"`
        : 'it comes first by name';
    return patch(
      finding,
      title,
      drop.map(i =>
        step({
          id: `drop-duplicate-index:${qualified(schema, i.name)}`,
          sql: templateStatement('drop_duplicate_index', {
            index: qualified(schema, i.name),
          }),
          rationale: `Drops index "${i.name}" of ${display(
            schema,
            name,
          )}, identical to "${
            keep.name
          }", which stays (${why}): writes stop maintaining both and queries use "${
            keep.name
          }". Dropped CONCURRENTLY, outside a transaction, without blocking reads or writes. Destructive: anything that names "${
            i.name
          }" (CLUSTER ... USING, REPLICA IDENTITY USING INDEX, query hints, monitoring) must switch to "${
            keep.name
          }"; to undo, recreate it: ${i.definition}`,
          risk: 'destructive',
          transactional: false,
          resolves: [finding.cache_key],
          tables: [qualified(schema, name)],
        }),
      ),
    );
  },
};
