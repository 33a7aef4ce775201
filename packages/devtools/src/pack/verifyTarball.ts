import path from 'node:path';
import {
  importSpecifiers,
  isNodeBuiltin,
  isRelative,
  packageNameOf,
} from './jsImports';
import { PackageManifest } from './publishable';
import { TarEntry } from './tarball';

/** A path the package reads at run time, and why it is expected (for the message). */
export interface ExpectedAsset {
  path: string;
  why?: string;
}

const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;
const LOCAL_PROTOCOLS = /^(workspace|link|file|portal):/;
const CODE_FILE = /\.(c|m)?js$|\.d\.ts$/;

function clean(p: string): string {
  return path.posix.normalize(p.replace(/^\.\//, '')).replace(/\/+$/, '');
}

/** Every path a manifest names as an entry point, with the field naming it. */
export function entryPaths(
  manifest: PackageManifest,
): { field: string; path: string }[] {
  const found: { field: string; path: string }[] = [];
  const add = (field: string, value: unknown) => {
    if (typeof value === 'string') found.push({ field, path: value });
  };
  for (const field of ['main', 'module', 'types', 'typings'] as const)
    add(field, manifest[field]);
  if (typeof manifest.browser === 'string') add('browser', manifest.browser);
  if (typeof manifest.bin === 'string') add('bin', manifest.bin);
  else
    for (const [name, file] of Object.entries(manifest.bin ?? {}))
      add(`bin.${name}`, file);
  const walk = (field: string, value: unknown) => {
    if (typeof value === 'string') add(field, value);
    else if (Array.isArray(value))
      value.forEach((v, i) => walk(`${field}[${i}]`, v));
    else if (value && typeof value === 'object')
      // `backstage` is the feature type backstage-cli records, not a path
      for (const [key, v] of Object.entries(value))
        if (key !== 'backstage') walk(`${field}[${JSON.stringify(key)}]`, v);
  };
  walk('exports', manifest.exports);
  for (const [range, map] of Object.entries(manifest.typesVersions ?? {}))
    for (const [key, targets] of Object.entries(map))
      walk(
        `typesVersions[${JSON.stringify(range)}][${JSON.stringify(key)}]`,
        targets,
      );
  add('configSchema', manifest.configSchema);
  return found;
}

function patternMatches(pattern: string, files: Set<string>): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return [...files].some(f => regex.test(f));
}

function resolvesInTarball(from: string, spec: string, files: Set<string>) {
  const base = path.posix.join(path.posix.dirname(from), spec);
  const candidates = [
    base,
    `${base}.js`,
    `${base}.d.ts`,
    `${base}/index.js`,
    `${base}/index.d.ts`,
  ];
  if (base.endsWith('.js')) candidates.push(base.replace(/\.js$/, '.d.ts'));
  return candidates.some(c => files.has(c));
}

/** What {@link verifyPackedPackage} found: problems fail the pack. */
export interface TarballReport {
  problems: string[];
  warnings: string[];
}

/**
 * Checks a package tarball: no links; every entry point the packed
 * package.json names is in it; every expected runtime asset is in it; no
 * workspace-only dependency ranges; every import of its code resolves inside
 * the tarball or to a declared dependency (a declaration file's undeclared
 * import is a warning). One sentence per finding.
 */
export function verifyPackedPackage(
  entries: TarEntry[],
  expectedAssets: ExpectedAsset[],
): TarballReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    if (entry.type === 'symlink' || entry.type === 'hardlink')
      problems.push(
        `${entry.path} is a ${
          entry.type === 'symlink' ? 'symbolic' : 'hard'
        } link to ${
          entry.linkTarget
        }: a tarball must carry the files themselves (make it a real folder inside the package)`,
      );
  }
  const files = new Set(
    entries.filter(e => e.type === 'file').map(e => clean(e.path)),
  );
  const manifestEntry = entries.find(e => e.path === 'package.json');
  if (!manifestEntry)
    return {
      problems: [...problems, 'the tarball has no package.json'],
      warnings,
    };
  const manifest = JSON.parse(
    manifestEntry.data.toString('utf8'),
  ) as PackageManifest;

  for (const { field, path: target } of entryPaths(manifest)) {
    const file = clean(target);
    const present = file.includes('*')
      ? patternMatches(file, files)
      : files.has(file);
    if (!present)
      problems.push(
        `${field} names ${target}, which is not in the tarball (check "files" and "publishConfig", and that the package was built)`,
      );
  }

  for (const field of DEPENDENCY_FIELDS)
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (LOCAL_PROTOCOLS.test(range))
        problems.push(
          `${field}["${name}"] is "${range}", which only resolves inside this repository (pack with yarn pack)`,
        );

  for (const asset of expectedAssets) {
    const wanted = clean(asset.path);
    const present =
      files.has(wanted) || [...files].some(f => f.startsWith(`${wanted}/`));
    if (!present)
      problems.push(
        `runtime asset ${wanted}${
          asset.why ? ` (${asset.why})` : ''
        } is not in the tarball: add it to "files" in package.json`,
      );
  }

  const declared = new Set(
    DEPENDENCY_FIELDS.flatMap(field => Object.keys(manifest[field] ?? {})),
  );
  for (const entry of entries) {
    const file = clean(entry.path);
    if (entry.type !== 'file' || !CODE_FILE.test(file)) continue;
    for (const spec of importSpecifiers(entry.data.toString('utf8'))) {
      if (isRelative(spec)) {
        if (!resolvesInTarball(file, spec, files))
          problems.push(`${file} imports ${spec}, which is not in the tarball`);
        continue;
      }
      const name = packageNameOf(spec);
      if (
        isNodeBuiltin(spec) ||
        name === manifest.name ||
        declared.has(name) ||
        declared.has(`@types/${name.replace(/^@/, '').replace('/', '__')}`)
      )
        continue;
      // Code that requires an undeclared package fails where it is not hoisted;
      // a declaration file that does only loses those types (skipLibCheck).
      (file.endsWith('.d.ts') ? warnings : problems).push(
        `${file} imports ${spec}, but ${name} is not in dependencies or peerDependencies`,
      );
    }
  }
  return { problems: [...new Set(problems)], warnings: [...new Set(warnings)] };
}
