import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * `relativePath` inside `base` (the task's workspace or a folder in it);
 * refuses one that leads out of it through `..`, an absolute path or a
 * symbolic link.
 */
export function pathInside(
  base: string,
  relativePath: string,
  what: string,
): string {
  try {
    return resolveSafeChildPath(base, relativePath);
  } catch {
    throw new InputError(
      `${what} "${relativePath}" leads outside the workspace; give a path inside it, e.g. "." or "repo"`,
    );
  }
}

/** The folder `targetPath` (default `.`) names inside the workspace. */
export function workspaceDirectory(
  workspacePath: string,
  targetPath: string | undefined,
): string {
  return pathInside(workspacePath, targetPath ?? '.', 'targetPath');
}
