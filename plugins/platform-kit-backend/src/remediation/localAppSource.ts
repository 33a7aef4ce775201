import {
  findAppCallers,
  readAppSource,
} from '@platform-kit/plugin-platform-kit-node';
import path from 'node:path';
import { AppSourceResult } from './appSource';

/**
 * The application's callers in a folder on the backend's host (a target's
 * `appSourcePath`). Never throws: a folder that cannot be read gives a
 * warning, and the plan is built without callers.
 */
export async function readLocalAppSource(
  folder: string,
): Promise<AppSourceResult> {
  const root = path.resolve(folder);
  try {
    return { callers: findAppCallers(await readAppSource(root), root) };
  } catch (error) {
    return {
      warning: `The application source ${root} was not searched for callers (${
        (error as Error).message.split('\n')[0]
      }): the plan was built without them`,
    };
  }
}
