import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../util/fail';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the repository's packing lock (packing rewrites package.json files,
 * so two runs at once would restore each other's changes). A lock left by a
 * process that is gone is taken over. Returns the release function.
 */
export function acquirePackLock(file: string): () => void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isRunning(pid))
        throw new UserFacingError(
          `Another pack is running (process ${pid}); wait for it to finish (lock: ${file}).`,
        );
      fs.rmSync(file, { force: true });
    }
  }
}

/**
 * Refuses to start over a pack that was killed half way: its
 * `package.json-prepack` backups hold the real package.json files, and a new
 * snapshot would take the rewritten ones for the originals.
 */
export function assertNoInterruptedPack(dirs: string[]): void {
  const left = dirs.filter(dir =>
    fs.existsSync(path.join(dir, 'package.json-prepack')),
  );
  if (left.length)
    throw new UserFacingError(
      `An interrupted pack left package.json-prepack in ${left.join(
        ', ',
      )}: run "../../kit backstage-cli package postpack" in each to put package.json back, then pack again.`,
    );
}
