import fs from 'node:fs/promises';
import path from 'node:path';
import { RepositorySource } from './repositorySource';

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * A repository checked out in a local folder. Branch protection lives in the
 * hosting service, not in the files, so it is unknown here.
 *
 * @public
 */
export class LocalRepositorySource implements RepositorySource {
  readonly label: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.label = this.root;
  }

  /** The absolute path of a repository path; refuses paths that leave the folder. */
  private resolve(repoPath: string): string {
    const absolute = path.resolve(this.root, repoPath);
    const relative = path.relative(this.root, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative))
      throw new Error(`"${repoPath}" is outside the repository ${this.root}`);
    return absolute;
  }

  async listFiles(prefix: string): Promise<string[]> {
    const files: string[] = [];
    const walk = async (folder: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(folder, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const absolute = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) await walk(absolute);
        } else if (entry.isFile()) {
          files.push(
            path.relative(this.root, absolute).split(path.sep).join('/'),
          );
        }
      }
    };
    await walk(this.resolve(prefix));
    return files.sort();
  }

  async readFile(repoPath: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.resolve(repoPath), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async defaultBranchProtected(): Promise<boolean | undefined> {
    return undefined;
  }

  async describeBranchProtection(): Promise<string> {
    return `unknown: ${this.root} is a local folder; branch protection is a setting of the hosting service (scan the repository on GitHub to know it)`;
  }
}
