/**
 * The files and folders each publishable package reads from its own folder at
 * run time (package-relative), so they must be in its `files` and in its
 * tarball. This is the one list: `runtimeAssets.test.ts` fails when a
 * package's source reads a path (`resolvePackagePath(name, 'dir', ...)`,
 * `path.join(dirname(require.resolve('name/package.json')), 'dir')`) that is
 * not covered here, and `platform-kit-dev pack` fails when a tarball lacks one.
 *
 * A package's `configSchema` (`config.d.ts`) is read by Backstage's config
 * loader, not by the package; the pack check covers it from the packed
 * package.json.
 */
export const RUNTIME_ASSETS: Readonly<Record<string, readonly string[]>> = {
  '@platform-kit/plugin-platform-kit-backend': [
    'migrations',
    'src/schema/openapi.yaml',
  ],
  '@platform-kit/plugin-platform-kit-node': ['sql-templates'],
  // the contracts the `./testing` stand-ins check every request against
  '@platform-kit/plugin-platform-kit-backend-module-n8n': ['contracts'],
  '@platform-kit/plugin-platform-kit-backend-module-superset': ['contracts'],
};

export function runtimeAssetsOf(packageName: string): readonly string[] {
  return RUNTIME_ASSETS[packageName] ?? [];
}

/** Whether `read` (a package-relative path) is `asset` or inside it. */
export function isCoveredBy(read: string, asset: string): boolean {
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  const r = clean(read);
  const a = clean(asset);
  return r === a || r.startsWith(`${a}/`);
}
