import { execFileSync } from 'node:child_process';
import { UserFacingError } from '../util/fail';

export interface NpmSettings {
  registry: string;
  cafile?: string;
}

/** Reads `key=value` lines of `npm config get a b`; npm prints `null`/`undefined` for unset keys. */
export function parseNpmConfig(output: string): NpmSettings {
  const values: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([a-z]+)=(.*)$/.exec(line.trim());
    if (match && match[2] !== 'null' && match[2] !== 'undefined' && match[2]) {
      values[match[1]] = match[2];
    }
  }
  if (!values.registry) {
    throw new UserFacingError(
      "'npm config get registry' returned nothing: configure an npm registry.",
    );
  }
  return { registry: values.registry, cafile: values.cafile };
}

/** The npm registry and CA file, read from npm's configuration at run time (as ./kit does). */
export function readNpmSettings(): NpmSettings {
  let output: string;
  try {
    output = execFileSync(
      'npm',
      ['config', 'get', 'registry', 'cafile', '--workspaces=false'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch {
    throw new UserFacingError(
      'npm was not found or `npm config get registry` failed: install Node.js with npm.',
    );
  }
  return parseNpmConfig(output);
}
