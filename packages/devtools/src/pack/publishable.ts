import fs from 'node:fs';
import path from 'node:path';

/** The parts of a package.json the packing and its checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  browser?: unknown;
  bin?: string | Record<string, string>;
  exports?: unknown;
  typesVersions?: Record<string, Record<string, string[]>>;
  files?: string[];
  configSchema?: unknown;
  scripts?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  backstage?: { role?: string };
}

/** A package of the monorepo. */
export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute folder. */
  dir: string;
  /** Folder relative to the repository root, e.g. `plugins/platform-kit-node`. */
  relativeDir: string;
  manifest: PackageManifest;
}

export const PUBLISHED_SCOPE = '@platform-kit/';

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

/** Every workspace of the repository (the root's `workspaces`, `folder/*` globs). */
export function listWorkspacePackages(root: string): WorkspacePackage[] {
  const { workspaces = [] } = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  ) as { workspaces?: string[] };
  const dirs = workspaces.flatMap(pattern => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    return fs
      .readdirSync(parent, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(parent, entry.name));
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => {
      const manifest = readManifest(dir);
      return {
        name: manifest.name,
        version: manifest.version,
        dir,
        relativeDir: path.relative(root, dir).split(path.sep).join('/'),
        manifest,
      };
    })
    .sort((a, b) => a.relativeDir.localeCompare(b.relativeDir));
}

/** The packages we publish: every non-private `@platform-kit/*` workspace. */
export function listPublishablePackages(root: string): WorkspacePackage[] {
  return listWorkspacePackages(root).filter(
    pkg => pkg.name.startsWith(PUBLISHED_SCOPE) && !pkg.manifest.private,
  );
}

/** The tarball's file name, as `npm pack` names it: `@a/b@1.0.0` → `a-b-1.0.0.tgz`. */
export function tarballName(pkg: { name: string; version: string }): string {
  return `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}-${pkg.version}.tgz`;
}
