import {
  AppCallers,
  findAppCallers,
  readAppSource,
} from '@platform-kit/plugin-platform-kit-node';
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors';

/**
 * The application's Data API callers under `--app-source <dir>` (relative
 * to the working directory); a folder that cannot be read is a usage error.
 */
export async function readAppCallers(
  dir: string,
  cwd: string,
): Promise<AppCallers> {
  const root = path.resolve(cwd, dir);
  let files;
  try {
    files = await readAppSource(root);
  } catch (error) {
    throw new CliError(
      `--app-source: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return findAppCallers(files, root);
}

/**
 * The application's source when `--app-source` is not given: the working
 * directory when it is a Supabase project (it holds `supabase/`, the
 * Supabase CLI's folder), so that running `db fix` from the project's root
 * finds its callers; otherwise none. `--no-app-source` turns this off.
 */
export function defaultAppSource(cwd: string): string | undefined {
  try {
    return fs.statSync(path.join(cwd, 'supabase')).isDirectory()
      ? '.'
      : undefined;
  } catch {
    return undefined;
  }
}
