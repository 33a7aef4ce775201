import fs from 'node:fs';
import {
  capabilityDefinitionsJsonSchema,
  capabilityDefinitionsSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { parse } from 'yaml';
import { CliError, EXIT } from '../errors';
import { CliIo } from '../io';

/** `platform-kit schema print`: the capability definitions JSON Schema. */
export async function schemaPrint(
  _raw: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  io.stdout(`${JSON.stringify(capabilityDefinitionsJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}

/** `platform-kit schema validate <file>`: exit 0 when valid, 1 with every problem listed. */
export async function schemaValidate(file: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file} (${
        (error as NodeJS.ErrnoException).code ?? 'error'
      })`,
    );
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    io.stdout(
      `${file}: not valid YAML or JSON: ${
        (error as Error).message.split('\n')[0]
      }\n`,
    );
    return EXIT.findings;
  }
  const result = capabilityDefinitionsSchema.safeParse(data);
  if (result.success) {
    const count = result.data.capabilities.length;
    io.stdout(
      `${file}: valid (${count} ${
        count === 1 ? 'capability' : 'capabilities'
      })\n`,
    );
    return EXIT.ok;
  }
  const lines = result.error.issues.map(
    i => `  ${i.path.join('.') || '(root)'}: ${i.message}`,
  );
  io.stdout(
    `${file}: ${result.error.issues.length} problem(s)\n${lines.join('\n')}\n`,
  );
  return EXIT.findings;
}
