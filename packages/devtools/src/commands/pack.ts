import fs from 'node:fs';
import path from 'node:path';
import { packPublishablePackages } from '../pack/packPackages';
import { UserFacingError } from '../util/fail';
import { formatDuration } from '../util/run';

function parseArgs(args: string[]) {
  let outDir: string | undefined;
  let typeCheck = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out' && args[i + 1]) outDir = path.resolve(args[++i]);
    else if (arg.startsWith('--out=')) outDir = path.resolve(arg.slice(6));
    else if (arg === '--no-tsc') typeCheck = false;
    else
      throw new UserFacingError(
        `Unknown option ${arg}. Usage: platform-kit-dev pack [--out <dir>] [--no-tsc]`,
        2,
      );
  }
  return { outDir, typeCheck };
}

/**
 * `./kit pack:all [--out <dir>]`: builds, packs and verifies every
 * publishable package; prints one line per tarball.
 */
export async function packCommand(args: string[]): Promise<number> {
  const started = Date.now();
  const packed = await packPublishablePackages(parseArgs(args));
  for (const pkg of packed) {
    const kb = Math.round(fs.statSync(pkg.file).size / 1024);
    const label = `${pkg.name}@${pkg.version}`.padEnd(66);
    const file = path.relative(process.cwd(), pkg.file);
    console.log(`  ${label}${String(kb).padStart(5)} kB  ${file}`);
  }
  console.log(
    `${packed.length} packages packed and verified in ${formatDuration(
      Date.now() - started,
    )}`,
  );
  return 0;
}
