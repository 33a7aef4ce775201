import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_AGENT_FILES,
  DocDrift,
  measureDocDrift,
  syncCommand,
} from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { CliError, EXIT } from '../errors';
import { CliIo } from '../io';
import { parseOrThrow } from '../target';
import { textOrJsonOption } from './sharedOptions';

const DRIFT_MESSAGE = 'must be a number from 0 to 100';

const optionsSchema = z.object({
  // a number written as text; empty text is not 0
  maxDrift: z.preprocess(
    value =>
      typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN,
    z
      .number({ message: DRIFT_MESSAGE })
      .min(0, { message: DRIFT_MESSAGE })
      .max(100, { message: DRIFT_MESSAGE }),
  ),
  source: z.string().min(1).optional(),
  format: textOrJsonOption,
});

async function read(io: CliIo, file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(
      `cannot read ${file} (${
        (error as NodeJS.ErrnoException).code ?? 'error'
      })`,
    );
  }
}

function describe(drift: DocDrift): string {
  if (drift.exceeds)
    return `${drift.file}: more than ${drift.maxPercent} % drift from ${drift.reference}, above the limit`;
  return `${drift.file}: ${drift.percent!.toFixed(1)} % drift from ${
    drift.reference
  } (${drift.distance} edits in ${drift.length} characters), within ${
    drift.maxPercent
  } %`;
}

/**
 * `platform-kit docs sync-check [files...]`: the drift of each agent
 * instruction file from the reference; exit 1 above `--max-drift`, with the
 * command that syncs each file.
 */
export async function docsSyncCheck(
  files: string[],
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const options = parseOrThrow(optionsSchema, raw);
  const explicit = files.length > 0;
  const names = explicit ? [...files] : [...DEFAULT_AGENT_FILES];
  if (options.source && !names.includes(options.source))
    names.unshift(options.source);
  const docs: { file: string; content: string }[] = [];
  const lines: string[] = [];
  for (const file of names) {
    const content = await read(io, file);
    if (content !== undefined) docs.push({ file, content });
    else if (explicit || file === options.source)
      throw new CliError(`${file} does not exist`);
    else lines.push(`${file}: not found, skipped`);
  }
  if (docs.length < 2) {
    lines.push(
      `nothing to compare: fewer than two agent instruction files (found: ${
        docs.map(doc => doc.file).join(', ') || 'none'
      })`,
    );
    if (options.format === 'json')
      io.stdout(`${JSON.stringify({ drifts: [], skipped: lines }, null, 2)}\n`);
    else io.stdout(`${lines.join('\n')}\n`);
    return EXIT.ok;
  }
  const reference = docs.find(doc => doc.file === options.source) ?? docs[0];
  const agentFileNames = docs.map(doc => path.basename(doc.file));
  const drifts = docs
    .filter(doc => doc !== reference)
    .map(doc =>
      measureDocDrift(reference, doc, {
        maxPercent: options.maxDrift,
        agentFileNames,
      }),
    );
  const failing = drifts.filter(drift => drift.exceeds);
  const commands = failing.map(drift =>
    syncCommand(reference, drift.file, agentFileNames),
  );
  if (options.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          reference: reference.file,
          maxDrift: options.maxDrift,
          drifts,
          syncCommands: commands,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    lines.push(`reference: ${reference.file}`, ...drifts.map(describe));
    if (commands.length > 0)
      lines.push(
        `to sync ${failing.map(d => d.file).join(', ')} with ${
          reference.file
        }, run:`,
        ...commands.map(command => `  ${command}`),
      );
    io.stdout(`${lines.join('\n')}\n`);
  }
  return failing.length > 0 ? EXIT.findings : EXIT.ok;
}
