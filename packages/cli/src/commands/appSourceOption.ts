import {
  AppCallers,
  findAppCallers,
  readAppSource,
} from '@platform-kit/plugin-platform-kit-node';
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
