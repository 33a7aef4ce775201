import { runLints } from '@platform-kit/plugin-platform-kit-node';
import { levelAtLeast } from '@platform-kit/plugin-platform-kit-common';
import { z } from 'zod';
import { EXIT } from '../errors';
import { readExclusions } from '../exclusions';
import { formatFindingsTable } from '../format/findingsTable';
import { formatSarif } from '../format/sarif';
import { CliIo } from '../io';
import { scanTarget } from '../scan';
import { parseOrThrow, targetOptionsSchema } from '../target';
import { exposedSchemasOption, statementTimeoutOption } from './sharedOptions';

const lintOptionsSchema = z.object({
  exposedSchemas: exposedSchemasOption,
  statementTimeout: statementTimeoutOption,
  only: z.enum(['security', 'performance']).optional(),
  exclude: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9_]+$/, 'must be a lint name such as unused_index'),
    )
    .default([]),
  exclusions: z.string().optional(),
  format: z.enum(['table', 'json', 'sarif']).default('table'),
  failOn: z.enum(['error', 'warn', 'info', 'none']).default('error'),
});

export const VERSION = '0.1.0';

/** `platform-kit db lint`: scan, lint, print, and exit 1 when findings reach --fail-on. */
export async function dbLint(
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const target = parseOrThrow(targetOptionsSchema, raw);
  const options = parseOrThrow(lintOptionsSchema, raw);
  const exclusions = options.exclusions
    ? readExclusions(options.exclusions)
    : undefined;
  const inventory = await scanTarget(target, options, io);
  const result = runLints(inventory, {
    only: options.only
      ? (options.only.toUpperCase() as 'SECURITY' | 'PERFORMANCE')
      : undefined,
    exclude: options.exclude,
    exclusions,
  });
  if (options.format === 'json')
    io.stdout(`${JSON.stringify(result.findings, null, 2)}\n`);
  else if (options.format === 'sarif')
    io.stdout(formatSarif(result, inventory.server.database, VERSION));
  else {
    io.stdout(formatFindingsTable(result, inventory));
    // What the rules say besides findings (e.g. why unused_index left an index out).
    if (result.notes.length)
      io.stdout(
        `\n${result.notes
          .map(n => `note (${n.rule}): ${n.message}\n`)
          .join('')}`,
      );
  }
  const threshold = options.failOn;
  const failing =
    threshold === 'none'
      ? 0
      : result.findings.filter(f =>
          levelAtLeast(
            f.level,
            threshold.toUpperCase() as 'ERROR' | 'WARN' | 'INFO',
          ),
        ).length;
  return failing > 0 ? EXIT.findings : EXIT.ok;
}
