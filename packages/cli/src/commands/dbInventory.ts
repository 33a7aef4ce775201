import { Inventory } from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { EXIT } from '../errors';
import { rlsCoverage } from '../format/findingsTable';
import { CliIo } from '../io';
import { scanTarget } from '../scan';
import { parseOrThrow, targetOptionsSchema } from '../target';
import { exposedSchemasOption, statementTimeoutOption } from './sharedOptions';

const inventoryOptionsSchema = z.object({
  exposedSchemas: exposedSchemasOption,
  statementTimeout: statementTimeoutOption,
  format: z.enum(['table', 'json']).default('table'),
});

function formatInventoryTable(inv: Inventory): string {
  const count = (kind: string) =>
    inv.relations.filter(r => r.kind === kind && !r.managed).length;
  const coverage = rlsCoverage(inv);
  const rows: [string, string | number][] = [
    [
      'database',
      `${inv.server.database} (${inv.server.version.split(',')[0]})`,
    ],
    [
      'exposed schemas',
      `${inv.exposedSchemas.schemas.join(
        ', ',
      )} (from ${inv.exposedSchemas.source.replace('_', ' ')})`,
    ],
    ['schemas', inv.schemas.length],
    ['tables', count('table')],
    ['partitioned tables', count('partitioned_table')],
    ['views', count('view')],
    ['materialized views', count('materialized_view')],
    ['foreign tables', count('foreign_table')],
    ['columns', inv.columns.length],
    ['indexes', inv.indexes.length],
    ['constraints', inv.constraints.length],
    ['policies', inv.policies.length],
    ['functions', inv.functions.length],
    [
      'extensions',
      inv.extensions
        .map(e => `${e.name} ${e.installedVersion} (${e.schema})`)
        .join(', ') || 'none',
    ],
    [
      'storage buckets',
      inv.storageBuckets === null ? 'n/a' : inv.storageBuckets.length,
    ],
    [
      'RLS coverage',
      `${coverage.exposed.protected}/${coverage.exposed.total} exposed, ${coverage.all.protected}/${coverage.all.total} all`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const schemaLines = inv.schemas.map(s => {
    const tables = inv.relations.filter(r => r.schema === s.name && !r.managed);
    return `  ${s.name}${s.exposed ? ' (exposed)' : ''}: ${
      tables.length
    } relations, ${tables.filter(t => t.rlsEnabled).length} with RLS`;
  });
  return `${rows
    .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
    .join('\n')}\n\nSchemas\n${schemaLines.join('\n')}\n`;
}

/** `platform-kit db inventory`: the inventory snapshot as JSON or a summary table. */
export async function dbInventory(
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const target = parseOrThrow(targetOptionsSchema, raw);
  const options = parseOrThrow(inventoryOptionsSchema, raw);
  const inventory = await scanTarget(target, options, io);
  io.stdout(
    options.format === 'json'
      ? `${JSON.stringify(inventory, null, 2)}\n`
      : formatInventoryTable(inventory),
  );
  return EXIT.ok;
}
