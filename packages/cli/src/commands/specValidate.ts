import { validateSpecDirectory } from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { EXIT } from '../errors';
import { CliIo } from '../io';
import { parseOrThrow } from '../target';
import { checkDirectory } from './directoryCheck';
import { textOrJsonOption } from './sharedOptions';

const optionsSchema = z.object({
  format: textOrJsonOption,
});

/** `platform-kit spec validate [dir]`: exit 0 when every spec bundle is complete, 1 with what is missing. */
export async function specValidate(
  dir: string | undefined,
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const { format } = parseOrThrow(optionsSchema, raw);
  const validation = await checkDirectory(dir, io, validateSpecDirectory);
  const code = validation.valid ? EXIT.ok : EXIT.findings;
  if (format === 'json') {
    io.stdout(`${JSON.stringify(validation, null, 2)}\n`);
    return code;
  }
  const lines: string[] = [];
  for (const bundle of validation.analysis.bundles) {
    const present = bundle.files.filter(file => file.present).length;
    lines.push(
      bundle.complete
        ? `${bundle.directory}: complete (${present} files)`
        : `${bundle.directory}: incomplete`,
    );
    for (const problem of validation.problems.filter(p =>
      p.startsWith(`${bundle.directory}/`),
    ))
      lines.push(`  ${problem}`);
  }
  if (validation.analysis.bundles.length === 0)
    lines.push(...validation.problems);
  io.stdout(`${lines.join('\n')}\n`);
  return code;
}
