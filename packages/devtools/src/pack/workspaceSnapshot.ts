import fs from 'node:fs';
import path from 'node:path';

/**
 * What packing changes in a package folder: `backstage-cli package prepack`
 * rewrites package.json (keeping a `package.json-prepack` backup) and writes
 * `config.schema.json`; the build writes `dist/`.
 */
const GENERATED = ['package.json-prepack', 'config.schema.json', 'dist'];

export interface WorkspaceSnapshot {
  /**
   * Puts every package.json back byte for byte and removes what packing
   * generated where it did not exist before. Synchronous, so that it also
   * runs from a signal handler. Returns the files it had to put back.
   */
  restore(): string[];
}

export function snapshotPackages(dirs: string[]): WorkspaceSnapshot {
  const saved = dirs.map(dir => ({
    dir,
    manifest: fs.readFileSync(path.join(dir, 'package.json')),
    absent: GENERATED.filter(name => !fs.existsSync(path.join(dir, name))),
  }));
  return {
    restore() {
      const restored: string[] = [];
      for (const { dir, manifest, absent } of saved) {
        const file = path.join(dir, 'package.json');
        const current = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
        if (!current || !current.equals(manifest)) {
          fs.writeFileSync(file, manifest);
          restored.push(file);
        }
        for (const name of absent)
          fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      }
      return restored;
    },
  };
}
