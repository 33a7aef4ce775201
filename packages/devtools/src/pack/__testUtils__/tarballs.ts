import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file's text, or a symbolic link to `symlink`. */
export type FixtureFile = string | { symlink: string };

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix = 'platform-kit-pack-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Writes files (and links) under `dir`. */
export function writeFiles(dir: string, files: Record<string, FixtureFile>) {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(file, content);
    else fs.symlinkSync(content.symlink, file);
  }
}

/**
 * A real gzipped tarball made by the system's `tar`, with every file under
 * `package/` as npm and Yarn lay them out.
 */
export function makeTarball(
  dir: string,
  name: string,
  files: Record<string, FixtureFile>,
): string {
  const staging = path.join(dir, `${name}-staging`);
  writeFiles(path.join(staging, 'package'), files);
  const out = path.join(dir, `${name}.tgz`);
  execFileSync('tar', ['-czf', out, '-C', staging, 'package']);
  return out;
}

/** A package.json text. */
export function manifest(fields: Record<string, unknown>): string {
  return JSON.stringify({ version: '1.0.0', ...fields }, null, 2);
}
