import crypto from 'node:crypto';
import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import { REMEDIATION_MARKER_PREFIX } from '../../lint/rules/unusedIndexMarker';
import { dollarTag, ident, literal, qualified } from '../sql';
import { PatchBuilder } from '../types';
import {
  display,
  findingObject,
  inventoryIndex,
  manualPatch,
  metadataString,
  patch,
  requireRelation,
  step,
  templateStatement,
} from './common';

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/** The longest prefix of `text` of at most `max` UTF-8 bytes, whole characters only. */
export function truncateBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > max) break;
    out += ch;
    bytes += size;
  }
  return out;
}

function namesInSchema(inventory: Inventory, schema: string): Set<string> {
  return new Set([
    ...inventory.relations.filter(r => r.schema === schema).map(r => r.name),
    ...inventory.indexes.filter(i => i.schema === schema).map(i => i.name),
  ]);
}

/**
 * `<table>_<columns>_idx` (PostgreSQL's own pattern) when that fits in 63
 * bytes and is free in the schema; otherwise the name cut to fit with a short
 * hash of the table and columns, so it stays deterministic and distinct.
 */
export function foreignKeyIndexName(
  schema: string,
  table: string,
  columns: string[],
  taken: Set<string> = new Set(),
): string {
  const stem = `${table}_${columns.join('_')}`;
  const plain = `${stem}_idx`;
  if (
    Buffer.byteLength(plain, 'utf8') <= MAX_IDENTIFIER_BYTES &&
    !taken.has(plain)
  )
    return plain;
  const hash = crypto
    .createHash('sha256')
    .update(JSON.stringify([schema, table, columns]))
    .digest('hex')
    .slice(0, 8);
  const suffix = `_${hash}_idx`;
  const hashed = `${truncateBytes(
    stem,
    MAX_IDENTIFIER_BYTES - suffix.length,
  )}${suffix}`;
  if (taken.has(hashed))
    throw new Error(`index names ${plain} and ${hashed} are both taken`);
  return hashed;
}

/**
 * The statement that marks an index remediation created (see
 * `unusedIndexMarker`) with the real time it runs.
 */
export function markIndexSql(schema: string, index: string): string {
  return templateStatement('mark_remediation_index', {
    tag: dollarTag([schema, index]),
    schema: literal(schema),
    index: literal(index),
    prefix: literal(REMEDIATION_MARKER_PREFIX),
  });
}

export const indexForeignKeyBuilder: PatchBuilder = {
  lints: ['unindexed_foreign_keys'],
  build(finding, context) {
    const { inventory } = context;
    const { schema, name } = findingObject(finding);
    const fkName = metadataString(finding, 'fkey_name');
    const relation = requireRelation(inventory, schema, name, [
      'table',
      'partitioned_table',
    ]);
    const index = inventoryIndex(inventory);
    const fk = index
      .constraintsOf(schema, name)
      .find(c => c.type === 'foreign_key' && c.name === fkName);
    if (!fk)
      throw new Error(
        `foreign key "${fkName}" of ${display(
          schema,
          name,
        )} is not in the inventory (dropped since the scan?)`,
      );
    const columns = fk.keys.map(k => {
      const column = index.columnsOf(schema, name).find(c => c.position === k);
      if (!column)
        throw new Error(`column #${k} of ${display(schema, name)} is unknown`);
      return column.name;
    });
    const title = `Index foreign key "${fkName}" of ${display(schema, name)}`;
    if (relation.kind === 'partitioned_table')
      return manualPatch(
        finding,
        title,
        'CREATE INDEX CONCURRENTLY cannot build an index on a partitioned table, and a plain CREATE INDEX blocks writes to every partition while it runs.',
        `Create the index on the parent only (CREATE INDEX ... ON ONLY ${qualified(
          schema,
          name,
        )} (${columns
          .map(ident)
          .join(
            ', ',
          )})), build the same index CONCURRENTLY on each partition, then ALTER INDEX <parent index> ATTACH PARTITION <partition index> for each.`,
      );
    const indexName = foreignKeyIndexName(
      schema,
      name,
      columns,
      namesInSchema(inventory, schema),
    );
    const plain = `${name}_${columns.join('_')}_idx`;
    const invalid = index
      .indexesOf(schema, name)
      .find(i => i.name === plain && !i.valid);
    const tableSql = qualified(schema, name);
    const target = fk.references
      ? display(fk.references.schema, fk.references.table)
      : 'the referenced table';
    return patch(finding, title, [
      step({
        id: `index-foreign-key:${tableSql}:${indexName}`,
        sql: templateStatement('index_foreign_key', {
          index: ident(indexName),
          table: tableSql,
          columns: columns.map(ident).join(', '),
        }),
        rationale: `Creates index "${indexName}" on ${display(
          schema,
          name,
        )} (${columns.join(
          ', ',
        )}) for foreign key "${fkName}", so that joins along the key, and deletes or key updates on ${target}, stop scanning ${display(
          schema,
          name,
        )}. Built CONCURRENTLY, outside a transaction: reads and writes go on while it builds; it costs I/O now and some write overhead and space from then on. If the build fails it leaves an INVALID index "${indexName}": drop it before running this again.${
          invalid
            ? ` An INVALID index "${plain}" from an earlier failed build is still there: drop it (DROP INDEX CONCURRENTLY).`
            : ''
        }`,
        risk: 'safe',
        transactional: false,
        resolves: [finding.cache_key],
        tables: [tableSql],
      }),
      step({
        id: `mark-index:${tableSql}:${indexName}`,
        sql: markIndexSql(schema, indexName),
        rationale: `Comments on index "${indexName}" that remediation created it, with the time: a new index has never been scanned, and unused_index leaves it alone until the statistics have been reset after that time (a full window of use), instead of reporting it at once. Runs on its own after the build; an index that already has a comment keeps it.`,
        risk: 'safe',
        transactional: false,
        resolves: [],
        tables: [],
      }),
    ]);
  },
};
