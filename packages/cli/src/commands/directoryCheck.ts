import path from 'node:path';
import { CliError } from '../errors';
import { CliIo } from '../io';

/**
 * Runs a check on the folder `[dir]` names (default: the current folder);
 * a folder it cannot read becomes the one-line error of exit code 2.
 */
export async function checkDirectory<T>(
  dir: string | undefined,
  io: CliIo,
  check: (directory: string) => Promise<T>,
): Promise<T> {
  const directory = path.resolve(io.cwd, dir ?? '.');
  try {
    return await check(directory);
  } catch (error) {
    throw new CliError(
      `cannot read ${dir ?? directory}: ${(error as Error).message}`,
    );
  }
}
