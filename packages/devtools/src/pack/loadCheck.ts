import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PackageManifest, PUBLISHED_SCOPE } from './publishable';
import { extractTarball, TarEntry } from './tarball';

/** A packed package to load: its tarball's entries and the assets it reads. */
export interface LoadTarget {
  name: string;
  entries: TarEntry[];
  assets: string[];
}

/** What the loader script is asked to do for one package. */
interface LoadPlan {
  name: string;
  requires: { label: string; file: string }[];
  assets: string[];
}

/** Condition order Node uses for `require()`. */
function requireTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const conditions = value as Record<string, unknown>;
    for (const key of ['node', 'require', 'default']) {
      const target = requireTarget(conditions[key]);
      if (target) return target;
    }
  }
  return undefined;
}

const LOADABLE = /\.(cjs\.js|cjs|js|json)$/;
const ESM_ONLY = /\.(esm\.js|mjs)$/;

/** The CommonJS entry points of a packed manifest (`exports`, else `main`). */
export function commonJsEntries(
  manifest: PackageManifest,
): { label: string; file: string }[] {
  const pairs: [string, string | undefined][] =
    manifest.exports && typeof manifest.exports === 'object'
      ? Object.entries(manifest.exports as Record<string, unknown>)
          .filter(([subpath]) => subpath !== './package.json')
          .map(([subpath, value]) => [subpath, requireTarget(value)])
      : [['.', manifest.main ?? 'index.js']];
  return pairs
    .filter(
      (p): p is [string, string] =>
        typeof p[1] === 'string' && LOADABLE.test(p[1]) && !ESM_ONLY.test(p[1]),
    )
    .map(([subpath, file]) => ({ label: subpath, file }));
}

const LOADER = `
const fs = require('node:fs');
const path = require('node:path');
const root = process.cwd();
const plans = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const problems = [];
for (const plan of plans) {
  const dir = path.join(root, 'node_modules', plan.name);
  for (const entry of plan.requires) {
    try {
      require(path.join(dir, entry.file));
    } catch (error) {
      problems.push(plan.name + ': require of its entry point ' + entry.label + ' (' + entry.file + ') failed: ' + String(error && error.message).split('\\n')[0]);
    }
  }
  for (const asset of plan.assets) {
    let resolved;
    try {
      resolved = path.resolve(require.resolve(plan.name + '/package.json', { paths: [root] }), '..', asset);
    } catch (error) {
      problems.push(plan.name + ': cannot resolve its package.json: ' + error.message);
      continue;
    }
    if (!resolved.startsWith(dir + path.sep) || !fs.existsSync(resolved))
      problems.push(plan.name + ': its runtime asset ' + asset + ' does not resolve inside the installed package (' + resolved + ')');
  }
}
process.stdout.write(JSON.stringify(problems));
`;

function runNode(
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/**
 * Installs the packed packages the way a registry install lays them out, in a
 * temporary folder: `node_modules/@platform-kit/*` extracted from the
 * tarballs, every other dependency linked from the workspace's
 * `node_modules` (Node runs with `--preserve-symlinks`, so even a dependency
 * that resolves a `@platform-kit` package, like `resolvePackagePath`, finds
 * the packed copy, never the workspace source). Then requires each CommonJS
 * entry point, resolves each runtime asset, and runs each `bin` with
 * `--help`. Returns one sentence per problem.
 */
export async function checkPackedPackagesLoad(
  targets: LoadTarget[],
  workspaceNodeModules: string,
): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-kit-packs-'));
  try {
    const modules = path.join(tmp, 'node_modules');
    fs.mkdirSync(modules);
    const scope = PUBLISHED_SCOPE.replace(/\/$/, '');
    for (const name of fs.readdirSync(workspaceNodeModules)) {
      if (name === scope || name.startsWith('.')) continue;
      fs.symlinkSync(
        path.join(workspaceNodeModules, name),
        path.join(modules, name),
      );
    }
    const plans: LoadPlan[] = [];
    const bins: { name: string; file: string }[] = [];
    for (const target of targets) {
      const dir = path.join(modules, target.name);
      extractTarball(target.entries, dir);
      const manifest = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      ) as PackageManifest;
      plans.push({
        name: target.name,
        requires: commonJsEntries(manifest),
        assets: target.assets,
      });
      const binMap =
        typeof manifest.bin === 'string'
          ? { [target.name]: manifest.bin }
          : manifest.bin ?? {};
      for (const file of Object.values(binMap))
        bins.push({ name: target.name, file: path.join(dir, file) });
    }
    const planFile = path.join(tmp, 'plans.json');
    fs.writeFileSync(planFile, JSON.stringify(plans));
    fs.writeFileSync(path.join(tmp, 'load.cjs'), LOADER);
    const problems: string[] = [];
    const loaded = await runNode(
      ['--preserve-symlinks', 'load.cjs', planFile],
      tmp,
      180_000,
    );
    try {
      problems.push(...(JSON.parse(loaded.stdout) as string[]));
    } catch {
      problems.push(
        `loading the packed packages failed (exit ${
          loaded.code
        }): ${loaded.stderr.trim().split('\n').slice(-5).join(' ')}`,
      );
    }
    for (const bin of bins) {
      const result = await runNode(
        ['--preserve-symlinks', bin.file, '--help'],
        tmp,
        60_000,
      );
      if (result.code !== 0)
        problems.push(
          `${bin.name}: ${path.basename(bin.file)} --help exited ${
            result.code
          }: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
        );
    }
    return problems;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
