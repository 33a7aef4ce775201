import { WorkspacePackage } from './publishable';
import { runtimeAssetsOf } from './runtimeAssets';
import { scanRuntimeReads } from './sourceScan';
import { ExpectedAsset } from './verifyTarball';

/**
 * The runtime assets each package's tarball must carry: the listed ones
 * (RUNTIME_ASSETS) and whatever its shipped source, or another package's,
 * reads from its folder. Paths built from `__dirname` are problems.
 */
export function expectedAssets(packages: WorkspacePackage[]) {
  const assets = new Map<string, ExpectedAsset[]>();
  const problems: string[] = [];
  for (const pkg of packages) {
    assets.set(
      pkg.name,
      runtimeAssetsOf(pkg.name).map(p => ({
        path: p,
        why: 'listed in RUNTIME_ASSETS',
      })),
    );
  }
  for (const pkg of packages) {
    const scan = scanRuntimeReads(pkg.dir, pkg.manifest);
    for (const read of scan.reads) {
      if (!read.path || !assets.has(read.packageName)) continue;
      assets.get(read.packageName)!.push({
        path: read.path,
        why: `read by ${pkg.relativeDir}/${read.file}:${read.line}`,
      });
    }
    for (const use of scan.moduleRelative)
      problems.push(
        `${pkg.name}: ${pkg.relativeDir}/${use.file}:${use.line} builds a path from ${use.expression}, which is dist/ once built; read package files with resolvePackagePath(name, '<folder>')`,
      );
  }
  return { assets, problems };
}
