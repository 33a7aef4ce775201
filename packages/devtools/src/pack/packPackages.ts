import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import { UserFacingError } from '../util/fail';
import { formatDuration } from '../util/run';
import { ChildProcesses } from './childProcesses';
import { checkPackedPackagesLoad } from './loadCheck';
import { acquirePackLock, assertNoInterruptedPack } from './packLock';
import {
  listPublishablePackages,
  listWorkspacePackages,
  tarballName,
  WorkspacePackage,
} from './publishable';
import { readTarball } from './tarball';
import { verifyPackedPackage } from './verifyTarball';
import { expectedAssets } from './expectedAssets';
import { snapshotPackages } from './workspaceSnapshot';

export interface PackOptions {
  /** Where the tarballs go; default `.data/packs` in the repository. */
  outDir?: string;
  /**
   * Run `tsc` first, which writes the `dist-types` the type builds read
   * (default true; `./kit test` has just run it).
   */
  typeCheck?: boolean;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
}

/** One verified tarball. */
export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the `.tgz`. */
  file: string;
  /** The package's folder relative to the repository root. */
  dir: string;
}

/** Packs two packages at a time (prepack is CPU-bound; the machines have two CPUs). */
const PACK_CONCURRENCY = 2;

/**
 * Runs `work` on the items, `size` at a time. After a failure no new item
 * starts, and the call settles only when the running ones have finished (so
 * that nothing rewrites a package.json after it has been restored).
 */
async function inPool<T>(
  items: T[],
  size: number,
  work: (item: T) => Promise<void>,
) {
  const queue = [...items];
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      while (queue.length && !failures.length) {
        try {
          await work(queue.shift()!);
        } catch (error) {
          failures.push(error);
        }
      }
    }),
  );
  if (failures.length) throw failures[0];
}

/**
 * Builds every publishable package (`backstage-cli repo build`), packs each
 * with `yarn pack` (which runs `backstage-cli package prepack`/`postpack` and
 * turns `workspace:` ranges into versions) into `outDir`, and verifies each
 * tarball: no links, every entry point and runtime asset present, imports
 * resolvable, CommonJS entry points loading and runtime assets resolving in a
 * registry-like install, bins answering `--help`. Every package.json is put
 * back byte for byte, also when something fails. Throws a UserFacingError
 * listing every problem.
 */
export async function packPublishablePackages(
  options: PackOptions = {},
): Promise<PackedPackage[]> {
  const root = repoRoot();
  const outDir = path.resolve(root, options.outDir ?? '.data/packs');
  const packages = listPublishablePackages(root);
  fs.mkdirSync(outDir, { recursive: true });

  const workspaceDirs = listWorkspacePackages(root).map(pkg => pkg.dir);
  const release = acquirePackLock(path.join(root, '.data', 'pack.lock'));
  try {
    assertNoInterruptedPack(workspaceDirs);
    return await packAndVerify(root, outDir, packages, workspaceDirs, options);
  } finally {
    release();
  }
}

async function packAndVerify(
  root: string,
  outDir: string,
  packages: WorkspacePackage[],
  workspaceDirs: string[],
  options: PackOptions,
): Promise<PackedPackage[]> {
  const log = options.log ?? (line => console.log(line));
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const snapshot = snapshotPackages(workspaceDirs);
  const children = new ChildProcesses();
  // An interruption stops the commands; the failure they end in restores.
  const onSignal = (signal: NodeJS.Signals) => children.stop(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const packed: PackedPackage[] = [];
  try {
    if (options.typeCheck ?? true) {
      // tsc writes the dist-types the type builds read, also when it reports
      // type errors (those are ./kit tsc's to fail on; a build missing a
      // declaration fails below with its own message).
      const t0 = Date.now();
      const { code } = await children.run(bin('tsc'), [], root);
      log(
        `type declarations in ${formatDuration(Date.now() - t0)}${
          code === 0 ? '' : ` (tsc exited ${code}: see ./kit tsc)`
        }`,
      );
    }
    let t0 = Date.now();
    await children.mustRun(
      'backstage-cli repo build',
      bin('backstage-cli'),
      ['repo', 'build'],
      root,
    );
    log(`built the packages in ${formatDuration(Date.now() - t0)}`);
    t0 = Date.now();
    // The frontend plugin's prepack (feature detection on its types) takes
    // longest: start it first so that the other lane packs the rest meanwhile.
    const order = [...packages].sort(
      (a, b) =>
        Number(b.manifest.backstage?.role === 'frontend-plugin') -
        Number(a.manifest.backstage?.role === 'frontend-plugin'),
    );
    await inPool(order, PACK_CONCURRENCY, async pkg => {
      const file = path.join(outDir, tarballName(pkg));
      fs.rmSync(file, { force: true });
      const started = Date.now();
      await children.mustRun(
        `yarn pack in ${pkg.relativeDir}`,
        'yarn',
        ['pack', '--out', file],
        pkg.dir,
      );
      log(`  packed ${pkg.name} in ${formatDuration(Date.now() - started)}`);
      packed.push({
        name: pkg.name,
        version: pkg.version,
        file,
        dir: pkg.relativeDir,
      });
    });
    log(
      `packed ${packed.length} packages in ${formatDuration(Date.now() - t0)}`,
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGHUP', onSignal);
    snapshot.restore();
  }

  const t0 = Date.now();
  const { assets, problems } = expectedAssets(packages);
  const loadTargets = [];
  for (const pkg of packed) {
    const entries = readTarball(pkg.file);
    const expected = assets.get(pkg.name) ?? [];
    const report = verifyPackedPackage(entries, expected);
    problems.push(...report.problems.map(p => `${pkg.name}: ${p}`));
    for (const warning of report.warnings)
      log(`warning: ${pkg.name}: ${warning}`);
    loadTargets.push({
      name: pkg.name,
      entries,
      assets: [...new Set(expected.map(a => a.path))],
    });
  }
  problems.push(
    ...(await checkPackedPackagesLoad(
      loadTargets,
      path.join(root, 'node_modules'),
    )),
  );
  log(`verified the tarballs in ${formatDuration(Date.now() - t0)}`);
  if (problems.length)
    throw new UserFacingError(
      `${problems.length} problem(s) in the packed packages:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
  return packed.sort((a, b) => a.name.localeCompare(b.name));
}
