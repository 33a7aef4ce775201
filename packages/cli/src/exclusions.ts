import fs from 'node:fs';
import {
  ExclusionsFile,
  exclusionsFileSchema,
} from '@platform-kit/plugin-platform-kit-common';
import { parse } from 'yaml';
import { CliError } from './errors';

/**
 * Reads an exclusions file (YAML or JSON):
 *   rules:    [{ name: unused_index, reason: "stats reset nightly" }]
 *   findings: [{ cache_key: rls_disabled_in_public_public_audit_log, reason: "..." }]
 */
export function readExclusions(file: string): ExclusionsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `--exclusions: cannot read ${file} (${
        (error as NodeJS.ErrnoException).code ?? 'error'
      })`,
    );
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new CliError(
      `--exclusions: ${file} is not valid YAML or JSON: ${
        (error as Error).message.split('\n')[0]
      }`,
    );
  }
  const result = exclusionsFileSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CliError(
      `--exclusions: ${file}: ${issue.path.join('.') || 'file'}: ${
        issue.message
      }`,
    );
  }
  return result.data;
}
