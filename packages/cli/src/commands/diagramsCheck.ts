import { checkDiagramsDirectory } from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { EXIT } from '../errors';
import { CliIo } from '../io';
import { parseOrThrow } from '../target';
import { checkDirectory } from './directoryCheck';
import { textOrJsonOption } from './sharedOptions';

const optionsSchema = z.object({
  format: textOrJsonOption,
});

/**
 * `platform-kit diagrams check [dir]`: every `.drawio` has an exported PNG
 * that embeds the same diagram; exit 1 with one line per problem and its fix.
 */
export async function diagramsCheck(
  dir: string | undefined,
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const { format } = parseOrThrow(optionsSchema, raw);
  const checks = await checkDirectory(dir, io, checkDiagramsDirectory);
  const problems = checks.filter(check => check.status !== 'ok');
  const code = problems.length > 0 ? EXIT.findings : EXIT.ok;
  if (format === 'json') {
    io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
    return code;
  }
  if (checks.length === 0) {
    io.stdout(`no .drawio files under ${dir ?? '.'}\n`);
    return code;
  }
  const lines = checks.map(check =>
    check.status === 'ok'
      ? `${check.drawio}: ok (${check.png})`
      : `${check.drawio}: ${check.status}: ${check.detail}; fix: ${check.fix}`,
  );
  lines.push(
    problems.length === 0
      ? `${checks.length} diagram PNG(s) embed their diagram`
      : `${problems.length} of ${checks.length} diagram PNG check(s) failed`,
  );
  io.stdout(`${lines.join('\n')}\n`);
  return code;
}
