import { lintCatalogue } from '@platform-kit/plugin-platform-kit-node';
import { z } from 'zod';
import { EXIT } from '../errors';
import { CliIo } from '../io';
import { parseOrThrow } from '../target';

/** `platform-kit db rules`: the lint catalogue. */
export async function dbRules(
  raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const { format } = parseOrThrow(
    z.object({ format: z.enum(['table', 'json']).default('table') }),
    raw,
  );
  const rules = lintCatalogue();
  if (format === 'json') {
    io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    return EXIT.ok;
  }
  const width = Math.max(...rules.map(r => r.name.length));
  const lines = rules.map(
    r =>
      `${r.name.padEnd(width)}  ${r.level.padEnd(5)} sev ${
        r.severity
      }  ${r.categories.join(',').padEnd(11)} ${
        r.supabase ? 'supabase' : 'platform-kit'
      }${r.fixable ? ', fixable' : ''}\n${' '.repeat(width + 2)}${r.title}: ${
        r.guidance
      }`,
  );
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
