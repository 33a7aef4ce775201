import fs from 'node:fs';
import path from 'node:path';

/** This package's folder (its `sql/` files live there). */
export function packageDir(): string {
  return path.dirname(require.resolve('@platform-kit/devtools/package.json'));
}

/** The monorepo root: the nearest ancestor with a `kit` script. */
export function repoRoot(): string {
  let dir = packageDir();
  while (!fs.existsSync(path.join(dir, 'kit'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('Could not find the Platform Kit repository root');
    dir = parent;
  }
  return dir;
}

/** Ignored folder for local data (embedded PostgreSQL clusters, e2e output). */
export function dataPath(...segments: string[]): string {
  return path.join(repoRoot(), '.data', ...segments);
}
