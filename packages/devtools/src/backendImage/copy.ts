import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';
import { patternToRegExp } from './dockerignore';

export interface Owner {
  uid: number;
  gid: number;
}

export interface CopyOptions {
  /** The build context (the repository root). */
  contextDir: string;
  /** True for context paths (`/`-separated, relative) that .dockerignore leaves out. */
  ignored: (relPath: string) => boolean;
  sources: string[];
  /** Destination on this machine; a trailing `/` makes it a folder. */
  dest: string;
  /** `--chown`: the owner of everything the step creates. */
  owner?: Owner;
}

/** The context paths a COPY source names: itself, or the matches of a wildcard in its last part. */
export function expandSource(
  contextDir: string,
  source: string,
  ignored: (relPath: string) => boolean,
): string[] {
  const normalized = path.posix.normalize(source).replace(/\/+$/, '');
  const dir = path.posix.dirname(normalized);
  const base = path.posix.basename(normalized);
  if (/[*?[]/.test(dir)) {
    throw new UserFacingError(
      `COPY ${source}: wildcards are followed in the last path part only.`,
    );
  }
  let matches: string[];
  if (/[*?[]/.test(base)) {
    const regex = patternToRegExp(base);
    const entries = fs.existsSync(path.join(contextDir, dir))
      ? fs.readdirSync(path.join(contextDir, dir))
      : [];
    matches = entries
      .filter(entry => regex.test(entry))
      .sort()
      .map(entry => (dir === '.' ? entry : `${dir}/${entry}`));
  } else {
    matches = fs.existsSync(path.join(contextDir, normalized))
      ? [normalized]
      : [];
  }
  const kept = matches.filter(match => !ignored(match));
  if (kept.length === 0) {
    throw new UserFacingError(
      `COPY ${source}: not found in the build context or excluded by .dockerignore (did the build step run?).`,
    );
  }
  return kept;
}

function own(target: string, owner?: Owner) {
  if (owner) fs.lchownSync(target, owner.uid, owner.gid);
}

function mkdirOwned(dir: string, owner?: Owner) {
  if (fs.existsSync(dir)) return;
  mkdirOwned(path.dirname(dir), owner);
  fs.mkdirSync(dir);
  own(dir, owner);
}

function copyEntry(
  options: CopyOptions,
  relPath: string,
  target: string,
): number {
  const from = path.join(options.contextDir, relPath);
  const stat = fs.lstatSync(from);
  if (stat.isSymbolicLink()) {
    fs.rmSync(target, { force: true });
    fs.symlinkSync(fs.readlinkSync(from), target);
    own(target, options.owner);
    return 1;
  }
  if (stat.isDirectory()) return copyFolder(options, relPath, target);
  fs.copyFileSync(from, target);
  fs.chmodSync(target, stat.mode & 0o7777);
  own(target, options.owner);
  return 1;
}

function copyFolder(options: CopyOptions, relPath: string, target: string) {
  mkdirOwned(target, options.owner);
  let count = 0;
  for (const entry of fs
    .readdirSync(path.join(options.contextDir, relPath))
    .sort()) {
    const child = `${relPath}/${entry}`;
    if (!options.ignored(child)) {
      count += copyEntry(options, child, path.join(target, entry));
    }
  }
  return count;
}

/**
 * Docker's COPY from a build context: a folder's contents go into the
 * destination folder, files keep their mode, links stay links, what
 * .dockerignore leaves out is not copied, and with `--chown` every new file
 * and folder belongs to the owner. Resolves to the number of files copied.
 */
export function copyFromContext(options: CopyOptions): number {
  const sources = options.sources.flatMap(source =>
    expandSource(options.contextDir, source, options.ignored),
  );
  const intoFolder =
    options.dest.endsWith('/') ||
    (fs.existsSync(options.dest) && fs.statSync(options.dest).isDirectory());
  if (sources.length > 1 && !intoFolder) {
    throw new UserFacingError(
      `COPY of several sources needs a destination folder ending in "/" (got ${options.dest}).`,
    );
  }
  let count = 0;
  for (const source of sources) {
    // The source itself is followed when it is a link (Docker copies what it points at).
    const isDir = fs
      .statSync(path.join(options.contextDir, source))
      .isDirectory();
    if (isDir) {
      count += copyFolder(options, source, options.dest);
    } else {
      const target = intoFolder
        ? path.join(options.dest, path.posix.basename(source))
        : options.dest;
      mkdirOwned(path.dirname(target), options.owner);
      const from = path.join(options.contextDir, source);
      fs.copyFileSync(from, target);
      fs.chmodSync(target, fs.statSync(from).mode & 0o7777);
      own(target, options.owner);
      count++;
    }
  }
  return count;
}
