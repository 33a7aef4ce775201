import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../postgres/repoPaths';
import { expectedAssets } from './expectedAssets';
import { listPublishablePackages } from './publishable';
import { isCoveredBy, RUNTIME_ASSETS, runtimeAssetsOf } from './runtimeAssets';
import { scanRuntimeReads } from './sourceScan';

const packages = listPublishablePackages(repoRoot());
const names = packages.map(p => p.name);

/** Whether `files` (package.json) ships `asset`: an entry that is it or holds it. */
function shippedBy(files: string[], asset: string): boolean {
  const positive = files.filter(f => !f.startsWith('!'));
  const negated = files.filter(f => f.startsWith('!')).map(f => f.slice(1));
  return (
    positive.some(f => isCoveredBy(asset, f)) &&
    !negated.some(f => isCoveredBy(asset, f))
  );
}

/** The symbolic links anywhere under `dir`, relative to it. */
function linksUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isSymbolicLink())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('runtime assets of the publishable packages', () => {
  it('lists only publishable packages', () => {
    for (const name of Object.keys(RUNTIME_ASSETS))
      expect(names).toContain(name);
  });

  it.each(packages.map(p => [p.name, p] as const))(
    '%s: every file its shipped source reads is a listed asset',
    (_name, pkg) => {
      const scan = scanRuntimeReads(pkg.dir, pkg.manifest);
      expect(scan.files.length).toBeGreaterThan(0);
      const unlisted = scan.reads
        .filter(r => r.path && names.includes(r.packageName))
        .filter(
          r =>
            !runtimeAssetsOf(r.packageName).some(a => isCoveredBy(r.path, a)),
        )
        .map(
          r =>
            `${pkg.relativeDir}/${r.file}:${r.line} reads ${r.path} of ${r.packageName}; add it to RUNTIME_ASSETS`,
        );
      expect(unlisted).toEqual([]);
      expect(
        scan.moduleRelative.map(u => `${u.file}:${u.line} ${u.expression}`),
      ).toEqual([]);
    },
  );

  it.each(packages.map(p => [p.name, p] as const))(
    '%s: every listed asset exists, is in "files" and holds no link',
    (name, pkg) => {
      const files = pkg.manifest.files ?? [];
      const findings = runtimeAssetsOf(name).flatMap(asset => [
        ...(fs.existsSync(path.join(pkg.dir, asset))
          ? []
          : [`${asset} is listed but not in ${pkg.relativeDir}`]),
        ...(shippedBy(files, asset) ? [] : [`${asset} is not in "files"`]),
      ]);
      for (const entry of files.filter(f => !f.startsWith('!'))) {
        const file = path.join(pkg.dir, entry);
        // dist/ and the like do not exist before they are built
        const stat = fs.lstatSync(file, { throwIfNoEntry: false });
        if (stat?.isSymbolicLink()) findings.push(`${entry} is a link`);
        else if (stat?.isDirectory())
          findings.push(
            ...linksUnder(file).map(link => `${entry}/${link} is a link`),
          );
      }
      expect(findings).toEqual([]);
    },
  );

  it.each(packages.map(p => [p.name, p] as const))(
    '%s: packs with backstage-cli prepack/postpack and is public',
    (_name, pkg) => {
      expect(pkg.manifest.scripts?.prepack).toBe(
        'backstage-cli package prepack',
      );
      expect(pkg.manifest.scripts?.postpack).toBe(
        'backstage-cli package postpack',
      );
      expect(pkg.manifest.publishConfig?.access).toBe('public');
      expect(pkg.manifest.files).toContain('dist');
    },
  );

  it('the pack check expects the listed assets and what the source reads', () => {
    const { assets, problems } = expectedAssets(packages);
    expect(problems).toEqual([]);
    expect(assets.get('@platform-kit/plugin-platform-kit-backend')).toEqual(
      expect.arrayContaining([
        { path: 'migrations', why: 'listed in RUNTIME_ASSETS' },
        {
          path: 'migrations',
          why: expect.stringMatching(
            /^read by plugins\/platform-kit-backend\/src\/store\/migrate\.ts:\d+$/,
          ),
        },
      ]),
    );
    expect(assets.get('@platform-kit/plugin-platform-kit-node')).toEqual(
      expect.arrayContaining([
        {
          path: 'sql-templates',
          why: expect.stringMatching(/remediation\/templates\.ts:\d+$/),
        },
      ]),
    );
  });
});
