import fs from 'node:fs';
import path from 'node:path';
import { FreshApp } from './appSetup';
import { PhaseLog, runLogged } from './phases';
import { importedPackages, LegacyFile } from './quickstartSteps';
import { versionsByName } from './yarnLock';

/** The workspace the legacy-system example is type-checked in. */
export const LEGACY_WORKSPACE = 'packages/legacy-app';

/**
 * Dependency ranges for the packages the legacy example imports: the app
 * package's range when it has the package, else `^` the version the lockfile
 * already resolves; `missing` are the ones neither has (added at the
 * registry's latest).
 */
export function legacyDependencies(
  imports: string[],
  appDependencies: Record<string, string>,
  lockfile: string,
): { dependencies: Record<string, string>; missing: string[] } {
  const locked = versionsByName(lockfile, '');
  const dependencies: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of [...new Set([...imports, 'react', 'react-dom'])].sort()) {
    const range =
      appDependencies[name] ??
      (locked.get(name) ? `^${locked.get(name)![0]}` : undefined);
    if (range) dependencies[name] = range;
    else missing.push(name);
  }
  return { dependencies, missing };
}

/**
 * A second, legacy-system app package beside the app (not built, only
 * type-checked by the app's `yarn tsc`) holding docs/frontend.md's legacy
 * example files, with the packages they import.
 */
export async function addLegacyApp(
  log: PhaseLog,
  app: FreshApp,
  files: LegacyFile[],
): Promise<string> {
  const dir = path.join(app.dir, LEGACY_WORKSPACE);
  fs.rmSync(dir, { recursive: true, force: true });
  const appManifest = JSON.parse(
    fs.readFileSync(path.join(app.dir, 'packages/app/package.json'), 'utf8'),
  ) as { dependencies?: Record<string, string> };
  const { dependencies, missing } = legacyDependencies(
    [...new Set(files.flatMap(f => importedPackages(f.code)))],
    appManifest.dependencies ?? {},
    fs.readFileSync(path.join(app.dir, 'yarn.lock'), 'utf8'),
  );
  for (const file of files) {
    const target = path.join(dir, 'src', file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.code);
  }
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'legacy-app',
        version: '0.0.0',
        private: true,
        backstage: { role: 'frontend' },
        dependencies,
      },
      null,
      2,
    )}\n`,
  );
  await runLogged(
    log,
    'yarn',
    missing.length
      ? ['workspace', 'legacy-app', 'add', ...missing]
      : ['install'],
    { cwd: app.dir, env: app.env },
  );
  return `${files.map(f => f.path).join(', ')} in ${LEGACY_WORKSPACE}${
    missing.length ? ` (added ${missing.join(', ')})` : ''
  }`;
}
